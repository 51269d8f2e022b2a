import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountBills, CreatePaymentResult, PaymentDetail, PaymentList, type Utility } from '@bianmin/shared';
import type { TestApp } from '../../testing/app';
import { bearer, createSandboxBillingApp, newKey, pendingPaymentOf, residentWithAccount } from './testing';

// A payment left half-way (the pay sheet closed by back, reload, a closed page or a killed app)
// never strands its bills: the resident finds it again, continues it (the same order) or gives
// it up (closed at the provider and here at once), and a new payment of the same bills takes its
// place. Each of the three asks the provider first, so a payment paid meanwhile is never lost.

describe('an unfinished payment', () => {
  let t: TestApp;
  let clock: Awaited<ReturnType<typeof createSandboxBillingApp>>['clock'];
  let sandbox: Awaited<ReturnType<typeof createSandboxBillingApp>>['sandbox'];
  let paidAtProvider: Awaited<ReturnType<typeof createSandboxBillingApp>>['paidAtProvider'];
  beforeAll(async () => {
    ({ t, clock, sandbox, paidAtProvider } = await createSandboxBillingApp());
  });
  afterAll(() => t.close());

  const leftHalfWay = (utility: Utility, accountNo: string) => pendingPaymentOf(t, utility, accountNo);

  const billsOf = async (token: string, accountId: string) =>
    AccountBills.parse((await t.http.get(`/api/bills?accountId=${accountId}`).set(bearer(token)).expect(200)).body);
  const pendingOf = async (token: string) =>
    PaymentList.parse((await t.http.get('/api/payments?status=pending').set(bearer(token)).expect(200)).body).payments;
  const orderState = async (outTradeNo: string) => (await sandbox.queryOrder(outTradeNo)).tradeState;

  it('is found again where the resident comes back: the bills page and the pending payments list', async () => {
    const { token, accountId, billIds, payment } = await leftHalfWay('power', '1000000001');
    const page = await billsOf(token, accountId);
    expect(page.pendingPayment?.id).toBe(payment.id);
    expect(page.pendingPayment?.payableUntil).toBe(new Date(clock.now().getTime() + 15 * 60_000).toISOString());
    // her own held bills stay payable: paying again takes the unfinished payment's place
    for (const bill of page.bills.filter((b) => billIds.includes(b.id))) {
      expect(bill).toMatchObject({ pending: true, payable: true });
    }
    expect((await pendingOf(token)).map((p) => p.id)).toEqual([payment.id]);
    const forAccount = await t.http
      .get(`/api/payments?status=pending&accountId=${accountId}`)
      .set(bearer(token))
      .expect(200);
    expect(forAccount.body.payments.map((p: { id: string }) => p.id)).toEqual([payment.id]);

    // someone else bound to the same account sees the bills held, and no payment of hers
    const other = await residentWithAccount(t, 'power', '1000000001');
    const theirs = await billsOf(other.token, other.accountId);
    expect(theirs.pendingPayment).toBeNull();
    for (const bill of theirs.bills.filter((b) => billIds.includes(b.id))) {
      expect(bill).toMatchObject({ pending: true, payable: false });
    }
    expect(await pendingOf(other.token)).toEqual([]);
    await t.http.post(`/api/payments/${payment.id}/cancel`).set(bearer(token)).expect(200);
  });

  it('continues with the same order while it can be paid, and can then be paid', async () => {
    const { token, payment } = await leftHalfWay('water', '2000000001');
    clock.advance(5 * 60_000);
    try {
      const res = await t.http.post(`/api/payments/${payment.id}/resume`).set(bearer(token)).expect(200);
      const resumed = CreatePaymentResult.parse(res.body);
      expect(resumed.payment).toMatchObject({ id: payment.id, outTradeNo: payment.outTradeNo, status: 'pending' });
      expect(resumed.payParams).toEqual({ kind: 'sandbox', paymentId: payment.id });
      const paid = await t.http.post(`/api/payments/${payment.id}/sandbox-confirm`).set(bearer(token)).expect(200);
      expect(PaymentDetail.parse(paid.body).status).toBe('paid');
      // continuing a paid payment answers it paid, with nothing more to pay
      const again = await t.http.post(`/api/payments/${payment.id}/resume`).set(bearer(token)).expect(200);
      expect(again.body).toMatchObject({ payment: { status: 'paid' }, payParams: null });
    } finally {
      clock.advance(-5 * 60_000);
    }
  });

  it('continuing one paid at the provider meanwhile answers it paid and marks the bills', async () => {
    const { token, accountId, billIds, payment } = await leftHalfWay('cable', '5000000001');
    paidAtProvider(payment);
    const res = await t.http.post(`/api/payments/${payment.id}/resume`).set(bearer(token)).expect(200);
    expect(res.body).toMatchObject({ payment: { id: payment.id, status: 'paid' }, payParams: null });
    const page = await billsOf(token, accountId);
    expect(page.pendingPayment).toBeNull();
    expect(page.bills.filter((b) => billIds.includes(b.id)).map((b) => b.status)).toEqual(billIds.map(() => 'paid'));
  });

  it('past its time it is not offered again: closed as expired, at the provider too, and the bills free', async () => {
    const { token, accountId, billIds, payment } = await leftHalfWay('post', '6000000002');
    clock.advance(16 * 60_000);
    try {
      expect(await pendingOf(token)).toEqual([]);
      const res = await t.http.post(`/api/payments/${payment.id}/resume`).set(bearer(token)).expect(200);
      expect(res.body).toMatchObject({ payment: { status: 'closed', closeReason: 'expired' }, payParams: null });
      expect(await orderState(payment.outTradeNo)).toBe('CLOSED');
      await t.http.post(`/api/payments/${payment.id}/sandbox-confirm`).set(bearer(token)).expect(409);
      const page = await billsOf(token, accountId);
      expect(page.bills.filter((b) => billIds.includes(b.id))).toEqual(
        billIds.map((): unknown => expect.objectContaining({ status: 'unpaid', pending: false, payable: true })),
      );
    } finally {
      clock.advance(-16 * 60_000);
    }
  });

  it('「不付了」 closes it at once, at the provider and here, and frees the bills', async () => {
    const { token, accountId, billIds, payment } = await leftHalfWay('water', '2000000003');
    const res = await t.http.post(`/api/payments/${payment.id}/cancel`).set(bearer(token)).expect(200);
    expect(PaymentDetail.parse(res.body)).toMatchObject({ status: 'closed', closeReason: 'cancelled' });
    expect(await orderState(payment.outTradeNo)).toBe('CLOSED');
    expect(await t.models.BillClaim.countDocuments({ paymentId: payment.id })).toBe(0);
    const page = await billsOf(token, accountId);
    expect(page.pendingPayment).toBeNull();
    expect(page.bills.filter((b) => billIds.includes(b.id)).every((b) => b.payable && !b.pending)).toBe(true);
    expect(await pendingOf(token)).toEqual([]);
    // the closed one cannot be continued
    const resumed = await t.http.post(`/api/payments/${payment.id}/resume`).set(bearer(token)).expect(200);
    expect(resumed.body).toMatchObject({ payment: { status: 'closed' }, payParams: null });
  });

  it('「不付了」 on one paid at the provider meanwhile answers it paid instead, and the bills are paid', async () => {
    const { token, billIds, payment } = await leftHalfWay('gas', '3000000002');
    paidAtProvider(payment);
    const res = await t.http.post(`/api/payments/${payment.id}/cancel`).set(bearer(token)).expect(200);
    expect(PaymentDetail.parse(res.body)).toMatchObject({ status: 'paid', closeReason: null });
    expect(PaymentDetail.parse(res.body).receipt).not.toBeNull();
    const bills = await t.models.Bill.find({ _id: { $in: billIds } }).lean();
    expect(bills.map((b) => [b.status, String(b.paidPaymentId)])).toEqual(billIds.map(() => ['paid', payment.id]));
  });

  it('a new payment of the same bills takes over her own unfinished one, closing its order first', async () => {
    const { token, accountId, billIds, payment } = await leftHalfWay('power', '1000000004');
    const res = await t.http
      .post('/api/payments')
      .set(bearer(token))
      .send({ billIds, idempotencyKey: newKey() })
      .expect(201);
    const taken = CreatePaymentResult.parse(res.body);
    expect(taken.payment.id).not.toBe(payment.id);
    expect(taken.payParams).toEqual({ kind: 'sandbox', paymentId: taken.payment.id });
    expect(await orderState(payment.outTradeNo)).toBe('CLOSED');
    const old = await t.http.get(`/api/payments/${payment.id}`).set(bearer(token)).expect(200);
    expect(old.body).toMatchObject({ status: 'closed', closeReason: 'replaced' });
    expect((await billsOf(token, accountId)).pendingPayment?.id).toBe(taken.payment.id);
    const claims = await t.models.BillClaim.find({ billId: { $in: billIds } }).lean();
    expect(claims.map((c) => String(c.paymentId))).toEqual(billIds.map(() => taken.payment.id));
    await t.http.post(`/api/payments/${taken.payment.id}/cancel`).set(bearer(token)).expect(200);
  });

  it('a new payment of bills whose unfinished payment turned out paid answers 409 already paid', async () => {
    const { token, billIds, payment } = await leftHalfWay('telecom', '4000000003');
    paidAtProvider(payment);
    const res = await t.http
      .post('/api/payments')
      .set(bearer(token))
      .send({ billIds, idempotencyKey: newKey() })
      .expect(409);
    expect(res.body.error.code).toBe('BILL_ALREADY_PAID');
    expect((await t.http.get(`/api/payments/${payment.id}`).set(bearer(token)).expect(200)).body.status).toBe('paid');
    expect(await t.models.Payment.countDocuments({ 'bills.billId': { $in: billIds } })).toBe(1);
    const bills = await t.models.Bill.find({ _id: { $in: billIds } }).lean();
    expect(bills.every((b) => b.status === 'paid' && String(b.paidPaymentId) === payment.id)).toBe(true);
  });
});
