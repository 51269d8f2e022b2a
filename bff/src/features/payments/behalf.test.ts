import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints, fillPath, PaymentDetail } from '@bianmin/shared';
import type { TestApp } from '../../testing/app';
import {
  bearer,
  createSandboxBillingApp,
  lookUp,
  newKey,
  payOnBehalf,
  residentWithAccount,
  unpaidBills,
} from './testing';

// 代缴 as an attacker would try it: a stranger who knows an account number holds the household's
// bills with an on-behalf payment. The holder's own payment always wins; the stranger's hold is
// short and cannot be renewed for ever.

describe("someone else's on-behalf payment and the holder's own", () => {
  let t: TestApp;
  let clock: Awaited<ReturnType<typeof createSandboxBillingApp>>['clock'];
  let sandbox: Awaited<ReturnType<typeof createSandboxBillingApp>>['sandbox'];
  let paidAtProvider: Awaited<ReturnType<typeof createSandboxBillingApp>>['paidAtProvider'];
  beforeAll(async () => {
    ({ t, clock, sandbox, paidAtProvider } = await createSandboxBillingApp({ PAYMENT_BEHALF_HOLDS_PER_DAY: '3' }));
  });
  afterAll(() => t.close());

  /** A stranger's pending on-behalf payment of an account's unpaid bills, and its holder, signed in. */
  async function strangerHolds(utility: 'power' | 'water' | 'gas' | 'post', accountNo: string) {
    const holder = await residentWithAccount(t, utility, accountNo);
    const stranger = await t.residentToken();
    const found = await lookUp(t, stranger, utility, accountNo);
    const res = await payOnBehalf(t, stranger, found).expect(201);
    const billIds = (await unpaidBills(t, utility, accountNo)).map((b) => String(b._id));
    return {
      holder,
      stranger,
      found,
      billIds,
      payment: res.body.payment as { id: string; outTradeNo: string; amountFen: number },
    };
  }

  const holderPays = (token: string, billIds: string[]) =>
    t.http.post('/api/payments').set(bearer(token)).send({ billIds, idempotencyKey: newKey() });

  it('the holder pays at once (201); the stranger payment is closed at the provider and here, with the reason', async () => {
    const { holder, stranger, billIds, payment } = await strangerHolds('gas', '3000000001');
    // the holder's bills page lets her pay although someone else's payment holds them
    const page = await t.http.get(`/api/bills?accountId=${holder.accountId}`).set(bearer(holder.token)).expect(200);
    expect(page.body.pendingPayment).toBeNull();
    for (const bill of page.body.bills.filter((b: { id: string }) => billIds.includes(b.id))) {
      expect(bill).toMatchObject({ pending: true, payable: true });
    }
    const own = await holderPays(holder.token, billIds).expect(201);
    expect(own.body.payment.status).toBe('pending');
    expect((await sandbox.queryOrder(payment.outTradeNo)).tradeState).toBe('CLOSED');
    const theirs = PaymentDetail.parse(
      (await t.http.get(`/api/payments/${payment.id}`).set(bearer(stranger)).expect(200)).body,
    );
    expect(theirs).toMatchObject({ status: 'closed', closeReason: 'holder_paying' });
    // the stranger cannot pay or continue it any more
    await t.http.post(`/api/payments/${payment.id}/sandbox-confirm`).set(bearer(stranger)).expect(409);
    const resumed = await t.http.post(`/api/payments/${payment.id}/resume`).set(bearer(stranger)).expect(200);
    expect(resumed.body.payParams).toBeNull();
    await t.http.post(`/api/payments/${own.body.payment.id}/sandbox-confirm`).set(bearer(holder.token)).expect(200);
  });

  it('the holder gets 409 already paid when the stranger payment was paid at the provider meanwhile', async () => {
    const { holder, stranger, billIds, payment } = await strangerHolds('water', '2000000001');
    paidAtProvider(payment);
    const res = await holderPays(holder.token, billIds).expect(409);
    expect(res.body.error.code).toBe('BILL_ALREADY_PAID');
    expect((await t.http.get(`/api/payments/${payment.id}`).set(bearer(stranger)).expect(200)).body.status).toBe(
      'paid',
    );
    const bills = await t.models.Bill.find({ _id: { $in: billIds } }).lean();
    expect(bills.every((b) => b.status === 'paid')).toBe(true);
  });

  it('an on-behalf payment holds the bills for ten minutes, not renewed by continuing it', async () => {
    const { stranger, found, payment } = await strangerHolds('post', '6000000002');
    const opened = clock.now().getTime();
    const detail = await t.http.get(`/api/payments/${payment.id}`).set(bearer(stranger)).expect(200);
    expect(detail.body.payableUntil).toBe(new Date(opened + 10 * 60_000).toISOString());
    // another payer is kept out while the hold lasts ...
    const other = await t.residentToken();
    const again = await lookUp(t, other, 'post', '6000000002');
    expect((await payOnBehalf(t, other, again).expect(409)).body.error.code).toBe('BILL_PAYMENT_PENDING');
    clock.advance(9 * 60_000);
    try {
      const resumed = await t.http.post(`/api/payments/${payment.id}/resume`).set(bearer(stranger)).expect(200);
      expect(resumed.body.payment.payableUntil).toBe(new Date(opened + 10 * 60_000).toISOString());
      // ... and let in once it has lapsed: the lapsed one is closed at the provider, no money taken
      clock.advance(61_000);
      const taken = await payOnBehalf(t, other, again).expect(201);
      expect((await sandbox.queryOrder(payment.outTradeNo)).tradeState).toBe('CLOSED');
      const lapsed = await t.http.get(`/api/payments/${payment.id}`).set(bearer(stranger)).expect(200);
      expect(lapsed.body).toMatchObject({ status: 'closed', closeReason: 'expired' });
      await t.http.post(`/api/payments/${taken.body.payment.id}/cancel`).set(bearer(other)).expect(200);
      expect(found.unpaidBills.length).toBeGreaterThan(0);
    } finally {
      clock.set(new Date(opened));
    }
  });

  it('the stranger cannot hold the bills again and again: a few holds a day, then 429', async () => {
    const holder = await residentWithAccount(t, 'power', '1000000004');
    const stranger = await t.residentToken();
    const found = await lookUp(t, stranger, 'power', '1000000004');
    const start = clock.now().getTime();
    try {
      // three holds (the limit of this app), each after the last lapsed, looking the account up anew
      for (let i = 0; i < 3; i += 1) {
        await payOnBehalf(t, stranger, await lookUp(t, stranger, 'power', '1000000004')).expect(201);
        clock.advance(11 * 60_000);
      }
      const refused = await payOnBehalf(t, stranger, await lookUp(t, stranger, 'power', '1000000004')).expect(429);
      expect(refused.body.error).toMatchObject({ code: 'BEHALF_HOLD_LIMIT', message: expect.stringMatching(/户主/) });
      // the last hold lapsed and none was made: the stranger holds nothing
      expect(
        (await t.http.get('/api/payments?status=pending').set(bearer(stranger)).expect(200)).body.payments,
      ).toEqual([]);
      // the holder is never blocked
      const billIds = found.unpaidBills.map((b) => b.id);
      const own = await holderPays(holder.token, billIds).expect(201);
      await t.http.post(`/api/payments/${own.body.payment.id}/cancel`).set(bearer(holder.token)).expect(200);
    } finally {
      clock.set(new Date(start));
    }
  });
});

describe('what a payer who is not the holder receives from the payments routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    ({ t } = await createSandboxBillingApp());
  });
  afterAll(() => t.close());

  /** Every payments route of the contract, called for one payment, and what each answered. */
  async function everyPaymentsAnswer(token: string, paymentId: string, createBody: object): Promise<string[]> {
    const answers: string[] = [];
    const routes = Object.values(endpoints).filter((e) => e.path.startsWith('/api/payments'));
    expect(routes.length).toBeGreaterThanOrEqual(6);
    for (const endpoint of routes) {
      const url = fillPath(endpoint.path, { id: paymentId });
      const call = endpoint.method === 'GET' ? t.http.get(url) : t.http.post(url).send(createBody);
      const res = await call.set(bearer(token));
      expect(res.status, `${endpoint.method} ${endpoint.path}`).toBeLessThan(500);
      answers.push(`${endpoint.method} ${endpoint.path} ${res.text}`);
    }
    for (const query of ['?status=pending', '?status=paid', '?status=closed']) {
      answers.push((await t.http.get(`/api/payments${query}`).set(bearer(token))).text);
    }
    return answers;
  }

  it('never the full account number, name, ID, phone or address of generated holders, before or after paying', async () => {
    const holders = fc.sample(
      fc.record({
        accountNo: fc.stringMatching(/^[1-9]\d{9}$/),
        holderName: fc.constantFrom('欧阳秀珍', '王建国', '李娜', '司马光明', '赵丽'),
        holderIdNumber: fc.stringMatching(/^[1-6]\d{16}[\dX]$/),
        holderPhone: fc.stringMatching(/^1[3-9]\d{9}$/),
        street: fc.constantFrom('东华门街道南池子大街12号', '金融街街道武定侯街6号', '新街口街道西直门内大街88号'),
        amountFen: fc.integer({ min: 100, max: 500_000 }),
      }),
      { numRuns: 4, seed: 20260112 },
    );
    for (const [i, h] of holders.entries()) {
      const account = await t.models.UtilityAccount.create({
        utility: 'water',
        accountNo: h.accountNo,
        holderName: h.holderName,
        holderIdNumber: h.holderIdNumber,
        holderPhone: h.holderPhone,
        address: `北京市东城区${h.street}`,
        district: '东城区',
        gridId: 'dongcheng-1',
      });
      await t.models.Bill.create({
        accountId: account._id,
        utility: 'water',
        period: `2025-0${(i % 9) + 1}`,
        amountFen: h.amountFen,
        lateFeeFen: i % 2 === 0 ? 150 : null,
        dueDate: '2025-12-20',
      });
      const payer = await t.residentToken();
      const found = await lookUp(t, payer, 'water', h.accountNo);
      const key = newKey();
      const createBody = {
        billIds: found.unpaidBills.map((b) => b.id),
        idempotencyKey: key,
        onBehalf: { accountId: found.accountId },
      };
      const created = await payOnBehalf(t, payer, found, key).expect(201);
      const paymentId = created.body.payment.id as string;
      expect(created.body.payment.accountNo).toBe(`******${h.accountNo.slice(-4)}`);
      const secrets = [h.accountNo, h.holderName, h.holderIdNumber, h.holderPhone, h.street];
      const pending = [created.text, ...(await everyPaymentsAnswer(payer, paymentId, createBody))];
      // everyPaymentsAnswer called cancel and sandbox-confirm: pay a second one to read its receipt
      const again = await lookUp(t, payer, 'water', h.accountNo);
      const paid = await payOnBehalf(t, payer, again).expect(201);
      const receipt = await t.http
        .post(`/api/payments/${paid.body.payment.id as string}/sandbox-confirm`)
        .set(bearer(payer))
        .expect(200);
      expect(receipt.body.receipt).toMatchObject({ onBehalf: true, accountNo: `******${h.accountNo.slice(-4)}` });
      const after = await everyPaymentsAnswer(payer, paid.body.payment.id as string, createBody);
      for (const answer of [...pending, receipt.text, ...after]) {
        for (const secret of secrets) expect(answer).not.toContain(secret);
      }
    }
  });

  it("still shows the resident her own bound account's number in full", async () => {
    const { token } = await residentWithAccount(t, 'power', '1000000001');
    const [bill] = await unpaidBills(t, 'power', '1000000001');
    const res = await t.http
      .post('/api/payments')
      .set(bearer(token))
      .send({ billIds: [String(bill?._id)], idempotencyKey: newKey() })
      .expect(201);
    expect(res.body.payment).toMatchObject({ accountNo: '1000000001', onBehalf: false });
    const paid = await t.http.post(`/api/payments/${res.body.payment.id}/sandbox-confirm`).set(bearer(token));
    expect(paid.body.receipt).toMatchObject({ accountNo: '1000000001', onBehalf: false });
  });
});
