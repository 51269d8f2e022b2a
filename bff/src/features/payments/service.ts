import { createHash, randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import {
  beijingDay,
  formatYuanSign,
  maskName,
  toChineseCapital,
  utilityLabels,
  type CreatePaymentBody,
  type CreatePaymentResult,
  type PayParams,
  type Payment,
  type PaymentDetail,
} from '@bianmin/shared';
import type { Models } from '../../db/models';
import { AppError, notFound } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import {
  openNotification,
  type Refusal,
  type SignatureHeaders,
  type Transaction,
} from '../../lib/wechatpay/notification';
import type { PayProvider } from '../../lib/wechatpay/provider';
import type { SandboxProvider } from '../../lib/wechatpay/sandbox';
import { signatureHeaders } from '../../lib/wechatpay/notification';
import type { AccountService } from '../accounts/service';
import { toObjectId, type BillingAdapter } from '../bills/adapter';
import type { PaymentRecord } from './model';

/** The payment providers of this BFF: the one new payments use, and every one that may notify. */
export interface PaymentProviders {
  /** Takes new payments; null when no merchant is configured and the sandbox is off. */
  active: PayProvider | null;
  sandbox: SandboxProvider | null;
  byName(name: string): PayProvider | undefined;
}

/** Builds the provider set from the active provider and the sandbox (either may be absent). */
export function paymentProviders(wechat: PayProvider | null, sandbox: SandboxProvider | null): PaymentProviders {
  const all = new Map<string, PayProvider>();
  if (wechat) all.set(wechat.name, wechat);
  if (sandbox) all.set(sandbox.name, sandbox);
  return { active: wechat ?? sandbox, sandbox, byName: (name) => all.get(name) };
}

/** How a notification was taken: `ok` (answer 204), or refused with WeChat Pay's `{code, message}`. */
export type NotifyOutcome = { ok: true } | Refusal;

/** The payment as its payer sees it. */
export function toPaymentDto(p: PaymentRecord): Payment {
  return {
    id: String(p._id),
    status: p.status,
    provider: p.provider,
    amountFen: p.amountFen,
    outTradeNo: p.outTradeNo,
    accountId: String(p.accountId),
    utility: p.utility,
    accountNo: p.accountNo,
    holderName: p.holderName,
    bills: p.bills.map((b) => ({ id: String(b.billId), period: b.period, amountFen: b.amountFen })),
    onBehalf: p.onBehalf,
    transactionId: p.transactionId ?? null,
    createdAt: p.openedAt.toISOString(),
    paidAt: p.paidAt ? p.paidAt.toISOString() : null,
  };
}

/** The payment with its receipt (缴费凭证) once paid: the amount also in capital numerals. */
export function toPaymentDetail(p: PaymentRecord): PaymentDetail {
  const dto = toPaymentDto(p);
  return {
    ...dto,
    receipt:
      p.status === 'paid' && p.paidAt
        ? {
            title: `${utilityLabels[p.utility]}缴费凭证`,
            amountFen: p.amountFen,
            amountText: formatYuanSign(p.amountFen),
            amountCapital: toChineseCapital(p.amountFen),
            utility: p.utility,
            accountNo: p.accountNo,
            holderName: p.holderName,
            periods: p.bills.map((b) => b.period),
            outTradeNo: p.outTradeNo,
            transactionId: p.transactionId ?? null,
            paidAt: p.paidAt.toISOString(),
          }
        : null,
  };
}

const refuse = (status: number, code: string, message: string): Refusal => ({ ok: false, status, code, message });

/** States of an order at the provider after which it can never be paid. */
const DEAD_STATES = new Set(['CLOSED', 'PAYERROR', 'REVOKED']);

/**
 * Payments: creating one for bills (idempotent per key, each bill in at most one pending
 * payment), taking provider notifications (verified, idempotent, in any order), and settling
 * payments left pending by asking the provider. No transactions: each step is one guarded
 * update, and every step can run again.
 */
export function createPaymentService(deps: {
  models: Models;
  adapter: BillingAdapter;
  accounts: AccountService;
  clock: Clock;
  providers: PaymentProviders;
  logger: Logger;
  settings: { pendingMinutes: number };
}) {
  const { models, adapter, accounts, clock, providers, logger, settings } = deps;
  const log = logger.child({ feature: 'payments' });

  const isStale = (p: PaymentRecord) =>
    clock.now().getTime() - p.openedAt.getTime() >= settings.pendingMinutes * 60_000;

  function payParamsOf(p: PaymentRecord): PayParams | null {
    if (p.status !== 'pending') return null;
    const provider = providers.byName(p.provider);
    if (!provider) return null;
    try {
      return provider.payParamsFor({ paymentId: String(p._id), prepayId: p.prepayId ?? null });
    } catch {
      return null;
    }
  }

  async function own(userId: string, paymentId: string): Promise<PaymentRecord | null> {
    return models.Payment.findOne({ _id: toObjectId(paymentId), userId: toObjectId(userId) }).lean();
  }

  /** Closes a pending payment here and frees its bills; harmless when already closed. */
  async function closeLocal(payment: PaymentRecord, reason: string): Promise<void> {
    await models.Payment.updateOne(
      { _id: payment._id, status: 'pending' },
      { $set: { status: 'closed', closedAt: clock.now(), closeReason: reason } },
    );
    await adapter.releaseBills(payment._id);
  }

  /**
   * Takes a successful transaction (from a verified notification or an order query): checks it
   * against the payment, marks the payment paid once (guarded by `pending`), then its bills.
   * Marking the bills runs again on every replay, so a crash between the two steps heals.
   */
  async function applyTransaction(provider: PayProvider, tx: Transaction): Promise<NotifyOutcome> {
    if (tx.mchid !== provider.notificationKeys.mchId) return refuse(400, 'PARAM_ERROR', 'mchid does not match');
    const payment = await models.Payment.findOne({ outTradeNo: tx.out_trade_no, provider: provider.name }).lean();
    if (!payment) return refuse(404, 'ORDER_NOT_EXIST', 'unknown out_trade_no');
    if (tx.amount.total !== payment.amountFen) {
      log.warn({ paymentId: String(payment._id), total: tx.amount.total }, 'notification amount does not match');
      return refuse(400, 'PARAM_ERROR', 'amount does not match the order');
    }
    if (tx.trade_state !== 'SUCCESS') return { ok: true };
    const paidAt =
      tx.success_time && !Number.isNaN(Date.parse(tx.success_time)) ? new Date(tx.success_time) : clock.now();
    const transactionId = tx.transaction_id ?? `${provider.name}-${tx.out_trade_no}`;
    // the money received is recorded once: of any number of notifications, one insert succeeds
    let first = true;
    try {
      await models.PaymentLedger.create({
        paymentId: payment._id,
        provider: provider.name,
        outTradeNo: payment.outTradeNo,
        transactionId,
        amountFen: tx.amount.total,
        paidAt,
      });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      first = false;
    }
    await models.Payment.updateOne(
      { _id: payment._id, status: 'pending' },
      { $set: { status: 'paid', paidAt, transactionId } },
    );
    const current = await models.Payment.findById(payment._id).lean();
    if (!current) return refuse(500, 'SYSTEM_ERROR', 'payment vanished');
    if (current.status === 'closed') {
      // the money was taken for a payment given up: keep the fact for staff to refund
      await models.Payment.updateOne(
        { _id: current._id, status: 'closed' },
        { $set: { lateSuccess: true, transactionId } },
      );
      if (first) log.error({ paymentId: String(current._id) }, 'success reported for a closed payment: refund needed');
      return { ok: true };
    }
    // runs on every replay, so a crash between the steps heals with WeChat Pay's next retry,
    // and the sweep finishes any payment left paid but unsettled
    const settled = await settleBills(current);
    if (first) log.info({ paymentId: String(current._id), bills: settled }, 'payment paid');
    return { ok: true };
  }

  /** Marks a paid payment's bills paid (idempotent), then notes that it is settled. */
  async function settleBills(payment: PaymentRecord): Promise<number> {
    const settled = await adapter.settleBills(
      payment._id,
      payment.bills.map((b) => b.billId),
      payment.paidAt ?? clock.now(),
    );
    await models.Payment.updateOne({ _id: payment._id, status: 'paid' }, { $set: { billsSettledAt: clock.now() } });
    return settled;
  }

  /** Asks the provider how a pending payment stands and settles or closes it. */
  async function reconcile(payment: PaymentRecord): Promise<void> {
    const provider = providers.byName(payment.provider);
    if (!provider || payment.status !== 'pending') return;
    try {
      const state = await provider.queryOrder(payment.outTradeNo);
      if (state.tradeState === 'SUCCESS' && state.transaction) {
        await applyTransaction(provider, state.transaction);
        return;
      }
      const dead = DEAD_STATES.has(state.tradeState) || (state.tradeState === 'NOTFOUND' && isStale(payment));
      if (dead) {
        await closeLocal(payment, `provider:${state.tradeState}`);
      } else if (state.tradeState === 'NOTPAY' && isStale(payment)) {
        await provider.closeOrder(payment.outTradeNo);
        await closeLocal(payment, 'expired');
      }
    } catch (err) {
      log.warn({ err, paymentId: String(payment._id) }, 'order query or close failed; will retry');
    }
  }

  /** Frees a bill held by a payment that is gone, closed, or stale and unpaid; true when it is free now. */
  async function unblock(billId: Types.ObjectId): Promise<boolean> {
    const [bill] = await adapter.getBills([billId]);
    if (!bill || bill.status !== 'unpaid') return false;
    const holderId = bill.pendingPaymentId;
    if (!holderId) return true;
    const holder = await models.Payment.findById(holderId).lean();
    if (!holder || holder.status === 'closed') {
      await adapter.releaseBillFrom(bill._id, holderId);
      return true;
    }
    if (holder.status === 'paid') {
      await adapter.settleBills(
        holder._id,
        holder.bills.map((b) => b.billId),
        holder.paidAt ?? clock.now(),
      );
      return false;
    }
    if (!isStale(holder)) return false;
    await reconcile(holder);
    const [after] = await adapter.getBills([billId]);
    return after?.status === 'unpaid' && !after.pendingPaymentId;
  }

  async function handleNotification(
    providerName: string,
    headers: SignatureHeaders,
    rawBody: Buffer,
  ): Promise<NotifyOutcome> {
    const provider = providers.byName(providerName);
    if (!provider) return refuse(404, 'NOT_FOUND', 'unknown payment provider');
    const opened = openNotification(headers, rawBody, provider.notificationKeys, clock);
    if (!opened.ok) {
      log.warn({ provider: providerName, code: opened.code, reason: opened.message }, 'notification refused');
      return opened;
    }
    if (!opened.transaction) return { ok: true };
    return applyTransaction(provider, opened.transaction);
  }

  async function detail(userId: string, paymentId: string): Promise<PaymentDetail | null> {
    const payment = await own(userId, paymentId);
    return payment ? toPaymentDetail(payment) : null;
  }

  return {
    handleNotification,
    reconcile,

    /**
     * Creates a payment for bills of one account. Amounts come from the bills. The same key with
     * the same bills answers the first payment; with other bills it is refused. Bills are
     * claimed one by one in id order; if one cannot be claimed, the others are freed again.
     */
    async create(userId: string, body: CreatePaymentBody): Promise<CreatePaymentResult> {
      const provider = providers.active;
      if (!provider) throw new AppError('PAY_UNAVAILABLE');
      const user = toObjectId(userId);
      const billKeys = [...new Set(body.billIds.map((id) => id.toLowerCase()))].sort();
      const requestHash = createHash('sha256')
        .update(JSON.stringify({ bills: billKeys, onBehalf: body.onBehalf?.accountId.toLowerCase() ?? null }))
        .digest('hex');
      const replay = (existing: PaymentRecord): CreatePaymentResult => {
        if (existing.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
        return { payment: toPaymentDto(existing), payParams: payParamsOf(existing) };
      };
      const existing = await models.Payment.findOne({ userId: user, idempotencyKey: body.idempotencyKey }).lean();
      if (existing) return replay(existing);

      const bills = (await adapter.getBills(billKeys.map((id) => toObjectId(id)))).sort((a, b) =>
        String(a._id).localeCompare(String(b._id)),
      );
      const first = bills[0];
      if (!first || bills.length !== billKeys.length) throw notFound('没有找到要缴的账单。');
      if (bills.some((b) => String(b.accountId) !== String(first.accountId))) {
        throw new AppError('BILLS_OF_SEVERAL_ACCOUNTS');
      }
      const access = await accounts.access(userId, String(first.accountId));
      if (!access) throw notFound('没有找到要缴的账单。');
      if (
        body.onBehalf ? body.onBehalf.accountId.toLowerCase() !== String(first.accountId) : access.relation !== 'bound'
      ) {
        throw notFound('没有找到要缴的账单。');
      }
      if (access.billIds) {
        const shown = new Set(access.billIds.map(String));
        if (bills.some((b) => !shown.has(String(b._id)))) throw notFound('没有找到要缴的账单。');
      }
      if (bills.some((b) => b.status === 'paid')) throw new AppError('BILL_ALREADY_PAID');
      const payer = await models.User.findById(user, { openid: 1 }).lean();
      if (!payer) throw new AppError('UNAUTHENTICATED');

      const paymentId = new Types.ObjectId();
      const now = clock.now();
      const amountFen = bills.reduce((sum, b) => sum + b.amountFen, 0);
      const outTradeNo = `BM${beijingDay(now).replaceAll('-', '')}${randomBytes(10).toString('hex')}`;
      try {
        await models.Payment.create({
          _id: paymentId,
          userId: user,
          idempotencyKey: body.idempotencyKey,
          requestHash,
          provider: provider.name,
          status: 'pending',
          amountFen,
          outTradeNo,
          openedAt: now,
          accountId: first.accountId,
          utility: access.account.utility,
          accountNo: access.account.accountNo,
          holderName: maskName(access.account.holderName),
          bills: bills.map((b) => ({ billId: b._id, period: b.period, amountFen: b.amountFen })),
          onBehalf: access.relation !== 'bound',
          payerOpenid: payer.openid,
        });
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
        // the same key at the same moment: the other request's payment is the answer
        const raced = await models.Payment.findOne({ userId: user, idempotencyKey: body.idempotencyKey }).lean();
        if (raced) return replay(raced);
        throw new AppError('BILL_PAYMENT_PENDING');
      }

      const claimed: Types.ObjectId[] = [];
      for (const bill of bills) {
        let ok = await adapter.claimBill(bill._id, paymentId);
        if (!ok && (await unblock(bill._id))) ok = await adapter.claimBill(bill._id, paymentId);
        if (!ok) {
          await adapter.releaseBills(paymentId, claimed);
          await models.Payment.deleteOne({ _id: paymentId, status: 'pending' });
          const [now2] = await adapter.getBills([bill._id]);
          throw new AppError(now2?.status === 'paid' ? 'BILL_ALREADY_PAID' : 'BILL_PAYMENT_PENDING');
        }
        claimed.push(bill._id);
      }

      let order: Awaited<ReturnType<PayProvider['createOrder']>>;
      try {
        order = await provider.createOrder({
          paymentId: String(paymentId),
          outTradeNo,
          amountFen,
          description: `便民-${utilityLabels[access.account.utility]}-${bills.map((b) => b.period).join(',')}`,
          payerOpenid: payer.openid,
          expiresAt: new Date(now.getTime() + settings.pendingMinutes * 60_000),
        });
      } catch (err) {
        log.warn({ err, paymentId: String(paymentId) }, 'provider refused the order');
        await models.Payment.updateOne(
          { _id: paymentId, status: 'pending' },
          { $set: { status: 'closed', closedAt: clock.now(), closeReason: 'provider_failed' } },
        );
        await adapter.releaseBills(paymentId);
        throw new AppError('PAY_PROVIDER_FAILED');
      }
      const saved = await models.Payment.findOneAndUpdate(
        { _id: paymentId },
        { $set: { prepayId: order.prepayId } },
        { returnDocument: 'after' },
      ).lean();
      if (!saved) throw new AppError('INTERNAL');
      return { payment: toPaymentDto(saved), payParams: order.payParams };
    },

    async list(userId: string): Promise<Payment[]> {
      const payments = await models.Payment.find({ userId: toObjectId(userId) })
        .sort({ openedAt: -1 })
        .limit(100)
        .lean();
      return payments.map(toPaymentDto);
    },

    /** One own payment with its receipt. A WeChat payment still pending after a while is asked after. */
    async get(userId: string, paymentId: string): Promise<PaymentDetail | null> {
      const payment = await own(userId, paymentId);
      if (!payment) return null;
      if (payment.status === 'pending' && payment.provider === 'wechat') {
        if (clock.now().getTime() - payment.openedAt.getTime() > 10_000) await reconcile(payment);
        return detail(userId, paymentId);
      }
      return toPaymentDetail(payment);
    },

    /** Gives up an own pending payment: the order is closed at the provider and the bills freed. */
    async cancel(userId: string, paymentId: string): Promise<PaymentDetail | null> {
      const payment = await own(userId, paymentId);
      if (!payment) return null;
      if (payment.status !== 'pending') return toPaymentDetail(payment);
      const provider = providers.byName(payment.provider);
      if (provider) {
        try {
          const state = await provider.queryOrder(payment.outTradeNo);
          if (state.tradeState === 'SUCCESS' && state.transaction) {
            await applyTransaction(provider, state.transaction);
            return await detail(userId, paymentId);
          }
          if (!DEAD_STATES.has(state.tradeState) && state.tradeState !== 'NOTFOUND') {
            await provider.closeOrder(payment.outTradeNo);
          }
        } catch (err) {
          log.warn({ err, paymentId }, 'closing the order failed');
          throw new AppError('PAY_PROVIDER_FAILED');
        }
      }
      await closeLocal(payment, 'cancelled');
      return detail(userId, paymentId);
    },

    /**
     * The sandbox's "pay" button: the sandbox makes a signed, encrypted v3 notification for the
     * payment and it goes through {@link handleNotification} like one from WeChat Pay.
     */
    async confirmSandbox(userId: string, paymentId: string): Promise<PaymentDetail | null> {
      const sandbox = providers.sandbox;
      if (!sandbox) throw new AppError('SANDBOX_DISABLED');
      const payment = await own(userId, paymentId);
      if (!payment) return null;
      if (payment.provider !== 'sandbox') throw new AppError('SANDBOX_DISABLED');
      if (payment.status === 'closed') throw new AppError('PAYMENT_NOT_PENDING');
      if (payment.status === 'pending') {
        const notification = sandbox.notificationFor({
          outTradeNo: payment.outTradeNo,
          amountFen: payment.amountFen,
          payerOpenid: payment.payerOpenid,
        });
        const outcome = await handleNotification(
          'sandbox',
          signatureHeaders((name) => notification.headers[name] ?? ''),
          notification.body,
        );
        if (!outcome.ok) throw new Error(`the sandbox notification was refused: ${outcome.code} ${outcome.message}`);
      } else if (!payment.billsSettledAt) {
        // paid, but the process died before its bills were marked: finish now
        await settleBills(payment);
      }
      return detail(userId, paymentId);
    },

    /** Settles payments left pending past their time (run by the server, every minute or so). */
    async sweepPending(limit = 50): Promise<number> {
      const before = new Date(clock.now().getTime() - settings.pendingMinutes * 60_000);
      const stale = await models.Payment.find({ status: 'pending', openedAt: { $lte: before } })
        .sort({ openedAt: 1 })
        .limit(limit)
        .lean();
      for (const payment of stale) await reconcile(payment);
      // the second step of settling, for payments whose process died between the two
      const unsettled = await models.Payment.find({ status: 'paid', billsSettledAt: null }).limit(limit).lean();
      for (const payment of unsettled) await settleBills(payment);
      return stale.length;
    },
  };
}

export type PaymentService = ReturnType<typeof createPaymentService>;
