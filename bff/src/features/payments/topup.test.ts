import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountList, CreatePaymentResult, PaymentDetail, PaymentList, type Utility } from '@bianmin/shared';
import type { TestApp } from '../../testing/app';
import { bearer, createSandboxBillingApp, lookUp, newKey, residentWithAccount, unpaidBills } from './testing';

// A top-up (预存/充值) is a payment of an amount into a prepaid account, on the same provider path
// as bills. Paid, the account's balance rises by the amount once: however many notifications
// come, whether an order query races them, and if the process died between "paid" and "credited".

type SandboxApp = Awaited<ReturnType<typeof createSandboxBillingApp>>;

describe('POST /api/payments/top-up', () => {
  let t: TestApp;
  let clock: SandboxApp['clock'];
  let paidAtProvider: SandboxApp['paidAtProvider'];
  beforeAll(async () => {
    ({ t, clock, paidAtProvider } = await createSandboxBillingApp());
  });
  afterAll(() => t.close());

  const topUp = (token: string, accountId: string, amountFen: unknown, idempotencyKey = newKey()) =>
    t.http.post('/api/payments/top-up').set(bearer(token)).send({ accountId, amountFen, idempotencyKey });

  /** The balance of an account as its holder sees it. */
  async function balanceOf(token: string, accountId: string) {
    const { accounts } = AccountList.parse((await t.http.get('/api/accounts').set(bearer(token)).expect(200)).body);
    return accounts.find((a) => a.id === accountId)?.balanceFen;
  }

  /** A holder of a prepaid account with a pending top-up of it. */
  async function pendingTopUp(utility: Utility, accountNo: string, amountFen = 5_000) {
    const { token, accountId } = await residentWithAccount(t, utility, accountNo);
    const before = await balanceOf(token, accountId);
    const res = await topUp(token, accountId, amountFen).expect(201);
    const { payment, payParams } = CreatePaymentResult.parse(res.body);
    return { token, accountId, before: before ?? NaN, payment, payParams };
  }

  const credits = (paymentId: string) => t.models.BalanceCredit.countDocuments({ paymentId });
  const ledger = (paymentId: string) => t.models.PaymentLedger.countDocuments({ paymentId });

  it('takes ¥10 to ¥5 000 in whole fen and refuses anything else with 400 VALIDATION_FAILED in Chinese', async () => {
    const { token, accountId } = await residentWithAccount(t, 'power', '1000000003');
    for (const amountFen of [999, 500_001, 0, -1_000, 1_000.5, '5000', null]) {
      const res = await topUp(token, accountId, amountFen).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details).toEqual([
        expect.objectContaining({
          path: expect.stringMatching(/amountFen$/),
          message: expect.stringMatching(/充值金额/),
        }),
      ]);
    }
    for (const amountFen of [1_000, 500_000]) {
      const res = await topUp(token, accountId, amountFen).expect(201);
      expect(res.body.payment).toMatchObject({ kind: 'topUp', amountFen, bills: [], status: 'pending' });
      await t.http.post(`/api/payments/${res.body.payment.id}/cancel`).set(bearer(token)).expect(200);
    }
    expect(await t.models.Payment.countDocuments({ accountId, kind: 'topUp' })).toBe(2);
  });

  it('refuses an account that is not prepaid with 400 TOP_UP_NOT_PREPAID', async () => {
    const { token, accountId } = await residentWithAccount(t, 'water', '2000000001');
    const res = await topUp(token, accountId, 5_000).expect(400);
    expect(res.body.error).toMatchObject({ code: 'TOP_UP_NOT_PREPAID', message: expect.stringMatching(/不能充值/) });
    expect(await t.models.Payment.countDocuments({ accountId, kind: 'topUp' })).toBe(0);
  });

  it("answers someone else's account, one only looked up, and a missing one with the same 404", async () => {
    const holder = await residentWithAccount(t, 'power', '1000000004');
    const stranger = await t.residentToken();
    const looked = await lookUp(t, stranger, 'power', '1000000004');
    expect(looked.accountId).toBe(holder.accountId);
    const missing = await topUp(stranger, '0123456789abcdef01234567', 5_000).expect(404);
    const lookedUp = await topUp(stranger, holder.accountId, 5_000).expect(404);
    const other = await topUp(await t.residentToken(), holder.accountId, 5_000).expect(404);
    const gist = (body: { error: { code: string; message: string } }) => [body.error.code, body.error.message];
    expect(gist(missing.body)).toEqual(['NOT_FOUND', '没有找到要充值的户号。']);
    expect(gist(lookedUp.body)).toEqual(gist(missing.body));
    expect(gist(other.body)).toEqual(gist(missing.body));
    expect(await t.models.Payment.countDocuments({ accountId: holder.accountId })).toBe(0);
  });

  it('answers the same payment for a repeated key and body, and 409 for the key with another amount or bills', async () => {
    const { token, accountId } = await residentWithAccount(t, 'power', '1000000001');
    const key = newKey();
    const first = await topUp(token, accountId, 5_000, key).expect(201);
    const again = await topUp(token, accountId, 5_000, key).expect(201);
    expect(again.body.payment.id).toBe(first.body.payment.id);
    expect((await topUp(token, accountId, 6_000, key).expect(409)).body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const [bill] = await unpaidBills(t, 'power', '1000000001');
    const bills = await t.http
      .post('/api/payments')
      .set(bearer(token))
      .send({ billIds: [String(bill?._id)], idempotencyKey: key })
      .expect(409);
    expect(bills.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // and a bill payment's key is not a top-up's either
    const billsKey = newKey();
    await t.http
      .post('/api/payments')
      .set(bearer(token))
      .send({ billIds: [String(bill?._id)], idempotencyKey: billsKey })
      .expect(201);
    expect((await topUp(token, accountId, 5_000, billsKey).expect(409)).body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await t.models.Payment.countDocuments({ accountId, kind: 'topUp' })).toBe(1);
  });

  it('paid in the sandbox, raises the balance by the amount and says 充值 with the new balance in the view, list and receipt', async () => {
    const { token, accountId, before, payment, payParams } = await pendingTopUp('telecom', '4000000001', 10_000);
    expect(payParams).toEqual({ kind: 'sandbox', paymentId: payment.id });
    expect(payment).toMatchObject({
      onBehalf: false,
      accountNo: '4000000001',
      balanceAfterFen: null,
      closeReason: null,
    });
    const paid = PaymentDetail.parse(
      (await t.http.post(`/api/payments/${payment.id}/sandbox-confirm`).set(bearer(token)).expect(200)).body,
    );
    expect(await balanceOf(token, accountId)).toBe(before + 10_000);
    expect(paid).toMatchObject({ kind: 'topUp', status: 'paid', bills: [], balanceAfterFen: before + 10_000 });
    expect(paid.receipt).toMatchObject({
      title: '通信费充值凭证',
      kind: 'topUp',
      amountFen: 10_000,
      amountCapital: '壹佰元整',
      accountNo: '4000000001',
      periods: [],
      balanceAfterFen: before + 10_000,
      onBehalf: false,
    });
    const { payments } = PaymentList.parse((await t.http.get('/api/payments').set(bearer(token)).expect(200)).body);
    expect(payments.find((p) => p.id === payment.id)).toMatchObject({
      kind: 'topUp',
      balanceAfterFen: before + 10_000,
    });
    // confirming again changes nothing
    await t.http.post(`/api/payments/${payment.id}/sandbox-confirm`).set(bearer(token)).expect(200);
    expect(await balanceOf(token, accountId)).toBe(before + 10_000);
  });

  it('credits once when the notification is replayed 10 times in a row and 10 copies arrive at once', async () => {
    const { token, accountId, before, payment } = await pendingTopUp('power', '1000000002', 2_000);
    const n = paidAtProvider(payment);
    const deliver = () =>
      t.http
        .post('/api/pay/notify/sandbox')
        .set(n.headers)
        .set('Content-Type', 'application/json')
        .send(n.body.toString());
    for (let i = 0; i < 10; i += 1) expect((await deliver()).status).toBe(204);
    const answers = await Promise.all(Array.from({ length: 10 }, deliver));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(204));
    expect(await balanceOf(token, accountId)).toBe(before + 2_000);
    expect(await credits(payment.id)).toBe(1);
    expect(await ledger(payment.id)).toBe(1);
  });

  it('credits once when order queries race the notification', async () => {
    const { token, accountId, before, payment } = await pendingTopUp('telecom', '4000000002', 3_000);
    const n = paidAtProvider(payment);
    await Promise.all([
      ...Array.from({ length: 4 }, () =>
        t.http
          .post('/api/pay/notify/sandbox')
          .set(n.headers)
          .set('Content-Type', 'application/json')
          .send(n.body.toString()),
      ),
      ...Array.from({ length: 4 }, () => t.http.post(`/api/payments/${payment.id}/resume`).set(bearer(token))),
      ...Array.from({ length: 4 }, () => t.http.post(`/api/payments/${payment.id}/cancel`).set(bearer(token))),
    ]);
    const after = PaymentDetail.parse((await t.http.get(`/api/payments/${payment.id}`).set(bearer(token))).body);
    expect(after).toMatchObject({ status: 'paid', balanceAfterFen: expect.any(Number) });
    expect(await balanceOf(token, accountId)).toBe(before + 3_000);
    expect(await credits(payment.id)).toBe(1);
  });

  it('credits nothing for a top-up given up before it was reported paid, and keeps it for a refund', async () => {
    const { token, accountId, before, payment } = await pendingTopUp('power', '1000000005', 1_000);
    await t.http.post(`/api/payments/${payment.id}/cancel`).set(bearer(token)).expect(200);
    const n = paidAtProvider(payment);
    await t.http
      .post('/api/pay/notify/sandbox')
      .set(n.headers)
      .set('Content-Type', 'application/json')
      .send(n.body.toString())
      .expect(204);
    const after = PaymentDetail.parse((await t.http.get(`/api/payments/${payment.id}`).set(bearer(token))).body);
    expect(after).toMatchObject({ status: 'closed', closeReason: 'refunding', balanceAfterFen: null });
    expect(await balanceOf(token, accountId)).toBe(before);
    expect(await credits(payment.id)).toBe(0);
  });

  describe('left paid but not credited by a crash', () => {
    /** Pays a top-up, then puts the database back as a process killed between the steps leaves it. */
    async function paidButNotCredited(utility: Utility, accountNo: string, creditWritten: boolean) {
      const pending = await pendingTopUp(utility, accountNo, 1_500);
      await t.http.post(`/api/payments/${pending.payment.id}/sandbox-confirm`).set(bearer(pending.token)).expect(200);
      if (!creditWritten) await t.models.BalanceCredit.deleteOne({ paymentId: pending.payment.id });
      await t.models.Payment.updateOne(
        { _id: pending.payment.id },
        { $set: { balanceCreditedAt: null, balanceAfterFen: null } },
      );
      return pending;
    }

    it('before the credit: the sweep credits it once, and a second sweep changes nothing', async () => {
      const { token, accountId, before, payment } = await paidButNotCredited('telecom', '4000000003', false);
      expect(await balanceOf(token, accountId)).toBe(before);
      await t.services.payments.sweepPending();
      expect(await balanceOf(token, accountId)).toBe(before + 1_500);
      const view = PaymentDetail.parse((await t.http.get(`/api/payments/${payment.id}`).set(bearer(token))).body);
      expect(view.balanceAfterFen).toBe(before + 1_500);
      await t.services.payments.sweepPending();
      expect(await balanceOf(token, accountId)).toBe(before + 1_500);
      expect(await credits(payment.id)).toBe(1);
    });

    it('after the credit, before it was noted: the sweep and the payer confirming again credit nothing more', async () => {
      const { token, accountId, before, payment } = await paidButNotCredited('power', '1000000003', true);
      await t.http.post(`/api/payments/${payment.id}/sandbox-confirm`).set(bearer(token)).expect(200);
      await t.services.payments.sweepPending();
      expect(await balanceOf(token, accountId)).toBe(before + 1_500);
      expect(await credits(payment.id)).toBe(1);
      expect((await t.models.Payment.findById(payment.id).lean())?.balanceCreditedAt).toBeInstanceOf(Date);
    });
  });

  it('for a family account: on her behalf, with the shorter hold, no balance shown, and the holder sees it credited', async () => {
    const holder = await residentWithAccount(t, 'telecom', '4000000001');
    const child = await t.residentToken();
    const found = await lookUp(t, child, 'telecom', '4000000001');
    await t.http
      .post('/api/family')
      .set(bearer(child))
      .send({ accountId: found.accountId, alias: '爸爸家' })
      .expect(201);
    const before = await balanceOf(holder.token, holder.accountId);
    const res = await topUp(child, found.accountId, 20_000).expect(201);
    const { payment } = CreatePaymentResult.parse(res.body);
    expect(payment).toMatchObject({ kind: 'topUp', onBehalf: true, accountNo: '******0001', holderName: '张*明' });
    expect(payment.payableUntil).toBe(new Date(clock.now().getTime() + 10 * 60_000).toISOString());
    const paid = PaymentDetail.parse(
      (await t.http.post(`/api/payments/${payment.id}/sandbox-confirm`).set(bearer(child)).expect(200)).body,
    );
    expect(paid).toMatchObject({ status: 'paid', balanceAfterFen: null });
    expect(paid.receipt).toMatchObject({ title: '通信费代充凭证', onBehalf: true, balanceAfterFen: null, periods: [] });
    expect(JSON.stringify(paid)).not.toContain('4000000001');
    expect(await balanceOf(holder.token, holder.accountId)).toBe((before ?? NaN) + 20_000);
    const family = await t.http.get('/api/family').set(bearer(child)).expect(200);
    expect(family.body.accounts).toEqual([
      expect.objectContaining({ id: found.accountId, balanceFen: null, prepaid: true }),
    ]);
  });
});
