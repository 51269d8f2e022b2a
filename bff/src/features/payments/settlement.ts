import type { PaymentCloseReason } from '@bianmin/shared';
import type { Models } from '../../db/models';
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
import type { BillingAdapter } from '../bills/adapter';
import type { PaymentRecord } from './model';
import { isDuplicateKey } from '../../db/query';

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

const refuse = (status: number, code: string, message: string): Refusal => ({ ok: false, status, code, message });

/** States of an order at the provider after which it can never be paid. */
const DEAD_STATES = new Set(['CLOSED', 'PAYERROR', 'REVOKED']);

/**
 * What the provider says about a payment, and what follows from it here: taking a success
 * (from a verified notification or an order query) once, closing an order at the provider and
 * here, and settling or closing payments left pending. No transactions: each step is one guarded
 * update, and every step can run again.
 */
export function createSettlement(deps: {
  models: Models;
  adapter: BillingAdapter;
  clock: Clock;
  providers: PaymentProviders;
  logger: Logger;
  settings: { pendingMinutes: number };
}) {
  const { models, adapter, clock, providers, settings } = deps;
  const log = deps.logger.child({ feature: 'payments' });

  /** Until when a payment holds its bills and can be paid. */
  const expiryOf = (p: PaymentRecord): Date =>
    p.expiresAt ?? new Date(p.openedAt.getTime() + settings.pendingMinutes * 60_000);
  const isExpired = (p: PaymentRecord) => clock.now().getTime() >= expiryOf(p).getTime();

  /** Closes a pending payment here and frees its bills; harmless when already closed. */
  async function closeLocal(payment: PaymentRecord, reason: PaymentCloseReason): Promise<void> {
    await models.Payment.updateOne(
      { _id: payment._id, status: 'pending' },
      { $set: { status: 'closed', closedAt: clock.now(), closeReason: reason } },
    );
    await adapter.releaseBills(payment._id);
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

  /**
   * Credits a paid top-up to its account (once, by the payment's id, however often this runs),
   * then notes it credited with the balance it left. Answers 1 when it was not noted before.
   */
  async function creditTopUp(payment: PaymentRecord): Promise<number> {
    const balance = await adapter.creditBalance(
      payment.accountId,
      payment._id,
      payment.amountFen,
      payment.paidAt ?? clock.now(),
    );
    const noted = await models.Payment.updateOne(
      { _id: payment._id, status: 'paid', balanceCreditedAt: null },
      { $set: { balanceCreditedAt: clock.now(), balanceAfterFen: balance } },
    );
    return noted.modifiedCount;
  }

  /** The second step of a paid payment, done: its bills marked paid, or its top-up credited. */
  const isSettled = (p: PaymentRecord) => (p.kind === 'topUp' ? p.balanceCreditedAt : p.billsSettledAt) != null;

  /** The second step of a paid payment (idempotent): {@link settleBills}, or {@link creditTopUp}. */
  const settle = (payment: PaymentRecord): Promise<number> =>
    payment.kind === 'topUp' ? creditTopUp(payment) : settleBills(payment);

  /**
   * Takes a successful transaction (from a verified notification or an order query): checks it
   * against the merchant (appid and mchid) and the payment (out_trade_no and amount), marks the
   * payment paid once (guarded by `pending`), then its bills or its top-up ({@link settle}). The
   * second step runs again on every replay, so a crash between the two steps heals.
   */
  async function applyTransaction(provider: PayProvider, tx: Transaction): Promise<NotifyOutcome> {
    const keys = provider.notificationKeys;
    if (tx.mchid !== keys.mchId) return refuse(400, 'PARAM_ERROR', 'mchid does not match');
    if (tx.appid !== keys.appId) return refuse(400, 'PARAM_ERROR', 'appid does not match');
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
      if (!isDuplicateKey(err)) throw err;
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
    const settled = await settle(current);
    if (first) log.info({ paymentId: String(current._id), kind: current.kind, settled }, 'payment paid');
    return { ok: true };
  }

  /**
   * Closes a pending payment at its provider, then here, freeing its bills, unless the provider
   * says it was paid meanwhile: then that success is taken instead. Throws (a PayProviderError)
   * when the provider cannot be asked, and then changes nothing. Answers the payment as it is now.
   */
  async function closeAtProvider(payment: PaymentRecord, reason: PaymentCloseReason): Promise<PaymentRecord> {
    const provider = providers.byName(payment.provider);
    if (provider && payment.status === 'pending') {
      const state = await provider.queryOrder(payment.outTradeNo);
      if (state.tradeState === 'SUCCESS' && state.transaction) {
        await applyTransaction(provider, state.transaction);
      } else {
        if (!DEAD_STATES.has(state.tradeState) && state.tradeState !== 'NOTFOUND') {
          await provider.closeOrder(payment.outTradeNo);
        }
        await closeLocal(payment, reason);
      }
    } else if (payment.status === 'pending') {
      await closeLocal(payment, reason);
    }
    return (await models.Payment.findById(payment._id).lean()) ?? payment;
  }

  /**
   * Asks the provider how a pending payment stands: takes a success, closes an order that can no
   * longer be paid, and once the payment's time is up closes an unpaid one at the provider and
   * here. Throws (a PayProviderError) when the provider cannot be asked.
   */
  async function refresh(payment: PaymentRecord): Promise<void> {
    const provider = providers.byName(payment.provider);
    if (!provider || payment.status !== 'pending') return;
    const state = await provider.queryOrder(payment.outTradeNo);
    if (state.tradeState === 'SUCCESS' && state.transaction) {
      await applyTransaction(provider, state.transaction);
    } else if (DEAD_STATES.has(state.tradeState)) {
      await closeLocal(payment, 'provider_closed');
    } else if (state.tradeState === 'NOTFOUND' && isExpired(payment)) {
      await closeLocal(payment, 'expired');
    } else if (state.tradeState === 'NOTPAY' && isExpired(payment)) {
      await provider.closeOrder(payment.outTradeNo);
      await closeLocal(payment, 'expired');
    }
  }

  /** {@link refresh}, for background work: a provider that cannot be asked is asked again later. */
  async function reconcile(payment: PaymentRecord): Promise<void> {
    try {
      await refresh(payment);
    } catch (err) {
      log.warn({ err, paymentId: String(payment._id) }, 'order query or close failed; will retry');
    }
  }

  /** Verifies and opens a provider's notification, then takes its transaction. */
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

  return {
    expiryOf,
    isExpired,
    closeLocal,
    settleBills,
    settle,
    isSettled,
    applyTransaction,
    closeAtProvider,
    refresh,
    reconcile,
    handleNotification,
  };
}

export type Settlement = ReturnType<typeof createSettlement>;
