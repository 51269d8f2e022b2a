import type { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../lib/clock';
import { createSandboxProvider, type SignedNotification } from '../../lib/wechatpay/sandbox';
import type { TestApp } from '../../testing/app';
import { paymentProviders } from './service';
import { bearer, createBillingTestApp, newKey, residentWithAccount, unpaidBills } from './testing';

describe('POST /api/pay/notify/:provider', () => {
  let t: TestApp;
  let clock: ReturnType<typeof createManualClock>;
  const sandbox = () => sandboxProvider;
  let sandboxProvider: ReturnType<typeof createSandboxProvider>;
  beforeAll(async () => {
    const manual = createManualClock('2026-01-12T02:00:00.000Z');
    sandboxProvider = createSandboxProvider({ clock: manual });
    ({ t, clock } = await createBillingTestApp({
      clock: manual,
      payProviders: paymentProviders(null, sandboxProvider),
    }));
  });
  afterAll(() => t.close());

  /** A pending payment of one unpaid bill of a freshly bound account. */
  async function pendingPayment(utility: 'power' | 'water' | 'telecom' | 'post', accountNo: string) {
    const { token } = await residentWithAccount(t, utility, accountNo);
    const bills = await unpaidBills(t, utility, accountNo);
    const res = await t.http
      .post('/api/payments')
      .set(bearer(token))
      .send({ billIds: bills.map((b) => String(b._id)), idempotencyKey: newKey() })
      .expect(201);
    const payment = await t.models.Payment.findById(res.body.payment.id as string).lean();
    if (!payment) throw new Error('no payment');
    return { token, payment, bills };
  }

  const deliver = (n: SignedNotification, provider = 'sandbox') =>
    t.http
      .post(`/api/pay/notify/${provider}`)
      .set(n.headers)
      .set('Content-Type', 'application/json')
      .send(n.body.toString());

  /** What a notification may have changed: payment status, ledger entries, bill states. */
  async function state(paymentId: Types.ObjectId, billIds: Types.ObjectId[]) {
    const payment = await t.models.Payment.findById(paymentId).lean();
    const bills = await t.models.Bill.find({ _id: { $in: billIds } })
      .sort({ _id: 1 })
      .lean();
    return {
      status: payment?.status,
      ledger: await t.models.PaymentLedger.countDocuments({ paymentId }),
      bills: bills.map((b) => [
        b.status,
        b.paidPaymentId ? String(b.paidPaymentId) : null,
        b.paidAt?.toISOString() ?? null,
      ]),
    };
  }

  it('marks the bills paid once and records one payment when a notification is replayed 10 times in a row', async () => {
    const { payment, bills } = await pendingPayment('power', '1000000001');
    const n = sandbox().notificationFor({
      outTradeNo: payment.outTradeNo,
      amountFen: payment.amountFen,
      payerOpenid: 'o',
    });
    for (let i = 0; i < 10; i += 1) expect((await deliver(n)).status).toBe(204);
    const after = await state(
      payment._id,
      bills.map((b) => b._id),
    );
    expect(after.status).toBe('paid');
    expect(after.ledger).toBe(1);
    expect(after.bills).toHaveLength(2);
    for (const [status, paidBy] of after.bills) {
      expect(status).toBe('paid');
      expect(paidBy).toBe(String(payment._id));
    }
    expect(
      await t.models.Payment.countDocuments({ status: 'paid', 'bills.billId': { $in: bills.map((b) => b._id) } }),
    ).toBe(1);
  });

  it('marks the bill paid once when 10 copies arrive at the same time', async () => {
    const { payment, bills } = await pendingPayment('water', '2000000001');
    const n = sandbox().notificationFor({
      outTradeNo: payment.outTradeNo,
      amountFen: payment.amountFen,
      payerOpenid: 'o',
    });
    const answers = await Promise.all(Array.from({ length: 10 }, () => deliver(n)));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(204));
    const after = await state(
      payment._id,
      bills.map((b) => b._id),
    );
    expect(after).toMatchObject({ status: 'paid', ledger: 1 });
    expect(after.bills.map(([s]) => s)).toEqual(['paid']);
    expect(await t.models.BillClaim.countDocuments({ paymentId: payment._id })).toBe(0);
    // and a late replay changes nothing
    const before = JSON.stringify(after);
    expect((await deliver(n)).status).toBe(204);
    expect(
      JSON.stringify(
        await state(
          payment._id,
          bills.map((b) => b._id),
        ),
      ),
    ).toBe(before);
  });

  describe('refuses with an error status and {code, message}, changing nothing', () => {
    let pending: Awaited<ReturnType<typeof pendingPayment>>;
    let good: SignedNotification;
    beforeAll(async () => {
      pending = await pendingPayment('telecom', '4000000003');
    });

    async function expectRefused(n: SignedNotification, provider = 'sandbox') {
      const before = await state(
        pending.payment._id,
        pending.bills.map((b) => b._id),
      );
      const res = await deliver(n, provider);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.body).toEqual({ code: expect.any(String), message: expect.any(String) });
      expect(
        await state(
          pending.payment._id,
          pending.bills.map((b) => b._id),
        ),
      ).toEqual(before);
      expect(before.status).toBe('pending');
      return res;
    }
    const fresh = () =>
      sandbox().notificationFor({
        outTradeNo: pending.payment.outTradeNo,
        amountFen: pending.payment.amountFen,
        payerOpenid: 'o',
      });

    it('a bad signature', async () => {
      good = fresh();
      const sig = good.headers['Wechatpay-Signature'] ?? '';
      const flipped = `${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`;
      const res = await expectRefused({ ...good, headers: { ...good.headers, 'Wechatpay-Signature': flipped } });
      expect(res.status).toBe(401);
    });

    it('a body changed after signing', async () => {
      good = fresh();
      const body = Buffer.from(good.body.toString().replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCESS" '));
      await expectRefused({ ...good, body });
    });

    it('a stale timestamp (six minutes old)', async () => {
      good = fresh();
      clock.advance(6 * 60_000);
      try {
        const res = await expectRefused(good);
        expect(res.status).toBe(401);
      } finally {
        clock.advance(-6 * 60_000);
      }
    });

    it('a WECHATPAY/SIGNTEST/ signature', async () => {
      good = fresh();
      await expectRefused({
        ...good,
        headers: {
          ...good.headers,
          'Wechatpay-Signature': `WECHATPAY/SIGNTEST/${good.headers['Wechatpay-Signature']}`,
        },
      });
    });

    it('a validly signed notification with the wrong amount', async () => {
      const n = sandbox().notificationFor({
        outTradeNo: pending.payment.outTradeNo,
        amountFen: pending.payment.amountFen + 1,
        payerOpenid: 'o',
      });
      const res = await expectRefused(n);
      expect(res.status).toBe(400);
    });

    it('an unknown provider, and missing headers', async () => {
      good = fresh();
      await expectRefused(good, 'alipay');
      await expectRefused({ headers: {}, body: good.body });
    });

    it('a notification signed by another key pair', async () => {
      const other = createSandboxProvider({ clock });
      const n = other.notificationFor({
        outTradeNo: pending.payment.outTradeNo,
        amountFen: pending.payment.amountFen,
        payerOpenid: 'o',
      });
      await expectRefused(n);
    });

    it('and the genuine notification is still taken afterwards', async () => {
      const res = await deliver(fresh());
      expect(res.status).toBe(204);
      expect(
        (
          await state(
            pending.payment._id,
            pending.bills.map((b) => b._id),
          )
        ).status,
      ).toBe('paid');
    });
  });
});
