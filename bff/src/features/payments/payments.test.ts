import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreatePaymentResult, PaymentDetail, toChineseCapital } from '@bianmin/shared';
import type { TestApp } from '../../testing/app';
import { bearer, createBillingTestApp, newKey, residentWithAccount, unpaidBills } from './testing';

describe('POST /api/payments', () => {
  let t: TestApp;
  beforeAll(async () => {
    ({ t } = await createBillingTestApp());
  });
  afterAll(() => t.close());

  const pay = (token: string, body: object) => t.http.post('/api/payments').set(bearer(token)).send(body);

  it('takes the amount from the bills, never from the client', async () => {
    const { token } = await residentWithAccount(t);
    const bills = await unpaidBills(t, 'power', '1000000001');
    const res = await pay(token, { billIds: bills.map((b) => String(b._id)), idempotencyKey: newKey() }).expect(201);
    const result = CreatePaymentResult.parse(res.body);
    expect(result.payment.amountFen).toBe(bills.reduce((s, b) => s + b.amountFen, 0));
    expect(result.payment.status).toBe('pending');
    expect(result.payParams).toEqual({ kind: 'sandbox', paymentId: result.payment.id });
    await pay(token, {
      billIds: [String(bills[0]?._id)],
      idempotencyKey: newKey(),
      amountFen: 1,
    }).expect(400);
    await t.http.post(`/api/payments/${result.payment.id}/cancel`).set(bearer(token)).expect(200);
  });

  it('returns the same payment for a repeated key and body', async () => {
    const { token } = await residentWithAccount(t, 'water', '2000000001');
    const [bill] = await unpaidBills(t, 'water', '2000000001');
    const body = { billIds: [String(bill?._id)], idempotencyKey: newKey() };
    const first = await pay(token, body).expect(201);
    const again = await pay(token, body).expect(201);
    expect(again.body.payment.id).toBe(first.body.payment.id);
    expect(await t.models.Payment.countDocuments({ idempotencyKey: body.idempotencyKey })).toBe(1);
    await t.http.post(`/api/payments/${first.body.payment.id}/cancel`).set(bearer(token)).expect(200);
  });

  it('answers 409 IDEMPOTENCY_KEY_REUSED for the same key with other bills', async () => {
    const { token } = await residentWithAccount(t);
    const bills = await unpaidBills(t, 'power', '1000000001');
    const key = newKey();
    const first = await pay(token, { billIds: [String(bills[0]?._id)], idempotencyKey: key }).expect(201);
    const res = await pay(token, { billIds: bills.map((b) => String(b._id)), idempotencyKey: key }).expect(409);
    expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await t.models.Payment.countDocuments({ idempotencyKey: key })).toBe(1);
    await t.http.post(`/api/payments/${first.body.payment.id}/cancel`).set(bearer(token)).expect(200);
  });

  it('makes exactly one pending payment when residents race for the same bill (five rounds)', async () => {
    const residents = [await residentWithAccount(t), await residentWithAccount(t), await residentWithAccount(t)];
    const [bill] = await unpaidBills(t, 'power', '1000000001');
    const billIds = [String(bill?._id)];
    for (let round = 0; round < 5; round += 1) {
      const answers = await Promise.all(residents.map((r) => pay(r.token, { billIds, idempotencyKey: newKey() })));
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      for (const r of answers.filter((x) => x.status === 409)) expect(r.body.error.code).toBe('BILL_PAYMENT_PENDING');
      expect(await t.models.Payment.countDocuments({ status: 'pending', 'bills.billId': bill?._id })).toBe(1);
      const winner = answers.findIndex((r) => r.status === 201);
      const claims = await t.models.BillClaim.find({ billId: bill?._id }).lean();
      expect(claims.map((c) => String(c.paymentId))).toEqual([answers[winner]?.body.payment.id]);
      await t.http
        .post(`/api/payments/${answers[winner]?.body.payment.id}/cancel`)
        .set(bearer(residents[winner]?.token ?? ''))
        .expect(200);
      expect(await t.models.BillClaim.countDocuments({ billId: bill?._id })).toBe(0);
    }
  });

  it("leaves one pending payment when one resident's requests with two keys race (fifteen rounds)", async () => {
    const { token } = await residentWithAccount(t);
    const [bill] = await unpaidBills(t, 'power', '1000000001');
    const billIds = [String(bill?._id)];
    for (let round = 0; round < 15; round += 1) {
      const answers = await Promise.all([
        pay(token, { billIds, idempotencyKey: newKey() }),
        pay(token, { billIds, idempotencyKey: newKey() }),
      ]);
      for (const r of answers) expect([201, 409]).toContain(r.status);
      const pending = await t.models.Payment.find({ status: 'pending', 'bills.billId': bill?._id }).lean();
      expect(pending).toHaveLength(1);
      const claims = await t.models.BillClaim.find({ billId: bill?._id }).lean();
      expect(claims.map((c) => String(c.paymentId))).toEqual([String(pending[0]?._id)]);
      await t.http
        .post(`/api/payments/${String(pending[0]?._id)}/cancel`)
        .set(bearer(token))
        .expect(200);
    }
  });

  it('makes one payment when the same key is sent twice at once', async () => {
    const { token } = await residentWithAccount(t);
    const [bill] = await unpaidBills(t, 'power', '1000000001');
    const body = { billIds: [String(bill?._id)], idempotencyKey: newKey() };
    const [x, y] = await Promise.all([pay(token, body), pay(token, body)]);
    expect([x.status, y.status]).toEqual([201, 201]);
    expect(x.body.payment.id).toBe(y.body.payment.id);
    await t.http.post(`/api/payments/${x.body.payment.id}/cancel`).set(bearer(token)).expect(200);
  });

  it('refuses bills of two accounts in one payment', async () => {
    const { token } = await residentWithAccount(t);
    await t.http
      .post('/api/accounts')
      .set(bearer(token))
      .send({ utility: 'water', accountNo: '2000000001', holderName: '张建明' });
    const [power] = await unpaidBills(t, 'power', '1000000001');
    const [water] = await unpaidBills(t, 'water', '2000000001');
    const res = await pay(token, { billIds: [String(power?._id), String(water?._id)], idempotencyKey: newKey() });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BILLS_OF_SEVERAL_ACCOUNTS');
  });

  it('pays with the sandbox, marks the bill paid and shows a receipt with the amount in capitals', async () => {
    const { token, accountId } = await residentWithAccount(t, 'cable', '5000000001');
    const [bill] = await unpaidBills(t, 'cable', '5000000001');
    const created = await pay(token, { billIds: [String(bill?._id)], idempotencyKey: newKey() }).expect(201);
    const id = created.body.payment.id as string;
    const pending = await t.http.get(`/api/payments/${id}`).set(bearer(token)).expect(200);
    expect(pending.body.receipt).toBeNull();
    const res = await t.http.post(`/api/payments/${id}/sandbox-confirm`).set(bearer(token)).expect(200);
    const paid = PaymentDetail.parse(res.body);
    expect(paid.status).toBe('paid');
    expect(paid.transactionId).toMatch(/^4200/);
    expect(paid.receipt?.amountCapital).toBe(toChineseCapital(bill?.amountFen ?? -1));
    expect(paid.receipt?.periods).toEqual([bill?.period]);
    const bills = await t.http.get(`/api/bills?accountId=${accountId}`).set(bearer(token)).expect(200);
    const after = (bills.body.bills as Array<{ id: string; status: string; paidAt: string }>).find(
      (b) => b.id === String(bill?._id),
    );
    expect(after?.status).toBe('paid');
    expect(after?.paidAt).toBeTruthy();
    const list = await t.http.get('/api/payments').set(bearer(token)).expect(200);
    expect(list.body.payments.map((p: { id: string }) => p.id)).toContain(id);
    // paid bills cannot be paid again
    const again = await pay(token, { billIds: [String(bill?._id)], idempotencyKey: newKey() }).expect(409);
    expect(again.body.error.code).toBe('BILL_ALREADY_PAID');
  });

  it('frees the bills of a cancelled payment so they can be paid again', async () => {
    const { token } = await residentWithAccount(t, 'post', '6000000002');
    const [bill] = await unpaidBills(t, 'post', '6000000002');
    const first = await pay(token, { billIds: [String(bill?._id)], idempotencyKey: newKey() }).expect(201);
    const cancelled = await t.http.post(`/api/payments/${first.body.payment.id}/cancel`).set(bearer(token)).expect(200);
    expect(cancelled.body.status).toBe('closed');
    await t.http.post(`/api/payments/${first.body.payment.id}/sandbox-confirm`).set(bearer(token)).expect(409);
    const second = await pay(token, { billIds: [String(bill?._id)], idempotencyKey: newKey() }).expect(201);
    expect(second.body.payment.id).not.toBe(first.body.payment.id);
    await t.http.post(`/api/payments/${second.body.payment.id}/cancel`).set(bearer(token)).expect(200);
  });

  it('refuses bills of an account the payer has not bound nor looked up, as if they did not exist', async () => {
    const token = await t.residentToken();
    const [bill] = await unpaidBills(t, 'gas', '3000000001');
    const res = await pay(token, { billIds: [String(bill?._id)], idempotencyKey: newKey() }).expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    const behalf = await pay(token, {
      billIds: [String(bill?._id)],
      idempotencyKey: newKey(),
      onBehalf: { accountId: String(bill?.accountId) },
    }).expect(404);
    expect(behalf.body.error.code).toBe('NOT_FOUND');
  });
});

describe("resident B and resident A's billing data", () => {
  let t: TestApp;
  let a: { token: string; accountId: string };
  let b: string;
  let paymentId: string;
  let billId: string;
  beforeAll(async () => {
    ({ t } = await createBillingTestApp());
    a = await residentWithAccount(t, 'power', '1000000002');
    b = await t.residentToken();
    const [bill] = await unpaidBills(t, 'power', '1000000002');
    billId = String(bill?._id);
    const res = await t.http
      .post('/api/payments')
      .set(bearer(a.token))
      .send({ billIds: [billId], idempotencyKey: newKey() })
      .expect(201);
    paymentId = res.body.payment.id as string;
    await t.http.post(`/api/payments/${paymentId}/sandbox-confirm`).set(bearer(a.token)).expect(200);
  });
  afterAll(() => t.close());

  it.each([
    ['GET', () => `/api/bills?accountId=${a.accountId}`],
    ['DELETE', () => `/api/accounts/${a.accountId}`],
    ['GET', () => `/api/payments/${paymentId}`],
    ['POST', () => `/api/payments/${paymentId}/cancel`],
    ['POST', () => `/api/payments/${paymentId}/sandbox-confirm`],
    ['DELETE', () => `/api/family/${a.accountId}`],
  ])('B gets 404 for %s %s', async (method, url) => {
    const res = await t.http[method.toLowerCase() as 'get' | 'post' | 'delete'](url()).set(bearer(b));
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it("B cannot save A's account as family, pay A's bills, or see A's accounts and payments in lists", async () => {
    await t.http.post('/api/family').set(bearer(b)).send({ accountId: a.accountId, alias: '别人' }).expect(404);
    await t.http
      .post('/api/payments')
      .set(bearer(b))
      .send({ billIds: [billId], idempotencyKey: newKey() })
      .expect(404);
    expect((await t.http.get('/api/accounts').set(bearer(b)).expect(200)).body.accounts).toEqual([]);
    expect((await t.http.get('/api/payments').set(bearer(b)).expect(200)).body.payments).toEqual([]);
    expect((await t.http.get('/api/family').set(bearer(b)).expect(200)).body.accounts).toEqual([]);
    expect((await t.http.get('/api/reminders').set(bearer(b)).expect(200)).body.reminders).toEqual([]);
  });

  it('A still sees their own payment and receipt afterwards', async () => {
    const res = await t.http.get(`/api/payments/${paymentId}`).set(bearer(a.token)).expect(200);
    expect(res.body.receipt.amountCapital).toMatch(/元/);
  });

  it('needs a resident token for every billing route', async () => {
    for (const [method, url] of [
      ['get', '/api/accounts'],
      ['get', `/api/bills?accountId=${a.accountId}`],
      ['post', '/api/payer-lookup'],
      ['post', '/api/payments'],
      ['get', '/api/payments'],
      ['get', `/api/payments/${paymentId}`],
      ['get', '/api/family'],
      ['get', '/api/reminders'],
    ] as const) {
      expect((await t.http[method](url)).status).toBe(401);
    }
  });
});

describe('a payment paid but left unsettled by a crash', () => {
  let t: TestApp;
  beforeAll(async () => {
    ({ t } = await createBillingTestApp());
  });
  afterAll(() => t.close());

  /** Pays a bill, then puts the database back as a process killed between the two steps leaves it. */
  async function paidButUnsettled(utility: 'water' | 'power', accountNo: string) {
    const { token } = await residentWithAccount(t, utility, accountNo);
    const [bill] = await unpaidBills(t, utility, accountNo);
    const created = await t.http
      .post('/api/payments')
      .set(bearer(token))
      .send({ billIds: [String(bill?._id)], idempotencyKey: newKey() })
      .expect(201);
    const id = (created.body as { payment: { id: string } }).payment.id;
    await t.http.post(`/api/payments/${id}/sandbox-confirm`).set(bearer(token)).expect(200);
    await t.models.Bill.updateOne(
      { _id: bill?._id },
      { $set: { status: 'unpaid', paidPaymentId: null, paidAt: null } },
    );
    await t.models.Payment.updateOne({ _id: id }, { $set: { billsSettledAt: null } });
    return { token, id, billId: bill?._id };
  }

  it('is finished by the sweep: the bill paid once, by that payment', async () => {
    const { id, billId } = await paidButUnsettled('water', '2000000001');
    await t.services.payments.sweepPending();
    const bill = await t.models.Bill.findById(billId).lean();
    expect(bill).toMatchObject({ status: 'paid' });
    expect(String(bill?.paidPaymentId)).toBe(id);
    expect(await t.models.PaymentLedger.countDocuments({ paymentId: id })).toBe(1);
    // a second sweep changes nothing
    await t.services.payments.sweepPending();
    expect((await t.models.Bill.findById(billId).lean())?.paidAt).toEqual(bill?.paidAt);
  });

  it('is finished when the payer confirms again', async () => {
    const { token, id, billId } = await paidButUnsettled('power', '1000000001');
    const again = await t.http.post(`/api/payments/${id}/sandbox-confirm`).set(bearer(token)).expect(200);
    expect(PaymentDetail.parse(again.body).status).toBe('paid');
    expect((await t.models.Bill.findById(billId).lean())?.status).toBe('paid');
  });
});
