import { createHash, randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import {
  beijingDay,
  maskName,
  utilityLabels,
  type AccountBills,
  type BillList,
  type CreatePaymentBody,
  type CreatePaymentResult,
  type PayParams,
  type Payment,
  type PaymentDetail,
  type PaymentKind,
  type PaymentsQuery,
  type TopUpBody,
} from '@bianmin/shared';
import type { Models } from '../../db/models';
import { AppError, notFound } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import type { Limits } from '../../lib/limits';
import type { Logger } from '../../lib/logger';
import { signatureHeaders } from '../../lib/wechatpay/notification';
import { PayProviderError, type PayProvider } from '../../lib/wechatpay/provider';
import type { UtilityAccountRecord } from '../accounts/model';
import type { AccountService } from '../accounts/service';
import { toObjectId, type BillingAdapter } from '../bills/adapter';
import { createHolds } from './holds';
import type { PaymentRecord } from './model';
import { createSettlement, type PaymentProviders } from './settlement';
import { createPaymentViews } from './views';
import { isDuplicateKey } from '../../db/query';

export { paymentProviders, type NotifyOutcome, type PaymentProviders } from './settlement';

const DAY_MS = 24 * 3600_000;

/** Settings of the payments service (`config.billing`). */
export interface PaymentSettings {
  /** How long the holder's own payment holds its bills and can be paid. */
  pendingMinutes: number;
  /** How long an on-behalf payment holds its bills, never renewed. */
  behalfHoldMinutes: number;
  /** On-behalf payments one payer may open for one bill per day. */
  behalfHoldsPerDay: number;
}

/**
 * Payments of the signed-in resident: creating one for bills (idempotent per key, each bill in
 * at most one pending payment, taking over what may be taken over), continuing or giving up an
 * unfinished one, the lists, and the sandbox's pay button. The provider side (notifications,
 * order queries, closing) is {@link createSettlement}; who may take a held bill is
 * {@link createHolds}.
 */
export function createPaymentService(deps: {
  models: Models;
  adapter: BillingAdapter;
  accounts: AccountService;
  clock: Clock;
  providers: PaymentProviders;
  limits: Limits;
  logger: Logger;
  settings: PaymentSettings;
}) {
  const { models, adapter, accounts, clock, providers, limits, logger, settings } = deps;
  const log = logger.child({ feature: 'payments' });
  const settlement = createSettlement(deps);
  const { isExpired, reconcile } = settlement;
  const views = createPaymentViews(settlement.expiryOf);
  const { toPaymentDto, toPaymentDetail } = views;
  const holds = createHolds({ models, adapter, clock, settlement, views });

  function payParamsOf(p: PaymentRecord): PayParams | null {
    if (p.status !== 'pending' || isExpired(p)) return null;
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

  async function detail(userId: string, paymentId: string): Promise<PaymentDetail | null> {
    const payment = await own(userId, paymentId);
    return payment ? toPaymentDetail(payment) : null;
  }

  /** A provider that cannot be asked is the resident's 502; anything else goes on as it is. */
  function providerFailure(err: unknown): never {
    if (err instanceof PayProviderError) throw new AppError('PAY_PROVIDER_FAILED');
    throw err;
  }

  /**
   * An on-behalf payer may hold the same bill only a few times a day: each hold lasts minutes
   * and is never renewed, so nobody can keep a household's bills held (the holder's own payment
   * takes them over at any time anyway).
   */
  async function takeBehalfHolds(userId: string, billIds: Types.ObjectId[]): Promise<void> {
    for (const billId of billIds) {
      const hit = await limits.take('pay-behalf-hold', `${userId}:${String(billId)}`, {
        max: settings.behalfHoldsPerDay,
        windowMs: DAY_MS,
      });
      if (!hit.ok) throw new AppError('BEHALF_HOLD_LIMIT');
    }
  }

  /** A payment asked for under an idempotency key: what was asked (hashed) and by whom. */
  interface Request {
    userId: string;
    idempotencyKey: string;
    requestHash: string;
  }

  /** The answer for a payment already made under the key: the same request's, or refused. */
  function replayOf(request: Request, existing: PaymentRecord): { replayed: CreatePaymentResult } {
    if (existing.requestHash !== request.requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    return { replayed: { payment: toPaymentDto(existing), payParams: payParamsOf(existing) } };
  }

  const byKey = (request: Request) =>
    models.Payment.findOne({ userId: toObjectId(request.userId), idempotencyKey: request.idempotencyKey }).lean();

  /**
   * The start of every new payment: a provider to take it, and the payment already made under
   * this key, if any (the same request answers it, another is refused).
   */
  async function opening(
    userId: string,
    idempotencyKey: string,
    asked: object,
  ): Promise<Request | { replayed: CreatePaymentResult }> {
    if (!providers.active) throw new AppError('PAY_UNAVAILABLE');
    const request = {
      userId,
      idempotencyKey,
      requestHash: createHash('sha256').update(JSON.stringify(asked)).digest('hex'),
    };
    const existing = await byKey(request);
    return existing ? replayOf(request, existing) : request;
  }

  /**
   * Opens the order at the provider, then writes the payment once with it. Answers the other
   * request's payment when the same key won at the same moment; else the new payment's id, its
   * order's closing (when it does not go ahead) and its answer.
   */
  async function open(
    request: Request,
    what: {
      kind: PaymentKind;
      account: UtilityAccountRecord;
      onBehalf: boolean;
      amountFen: number;
      description: string;
      bills: Array<{ billId: Types.ObjectId; period: string; amountFen: number; lateFeeFen: number }>;
    },
  ) {
    const provider = providers.active;
    if (!provider) throw new AppError('PAY_UNAVAILABLE');
    const user = toObjectId(request.userId);
    const payer = await models.User.findById(user, { openid: 1 }).lean();
    if (!payer) throw new AppError('UNAUTHENTICATED');
    const paymentId = new Types.ObjectId();
    const now = clock.now();
    const expiresAt = new Date(
      now.getTime() + (what.onBehalf ? settings.behalfHoldMinutes : settings.pendingMinutes) * 60_000,
    );
    const outTradeNo = `BM${beijingDay(now).replaceAll('-', '')}${randomBytes(10).toString('hex')}`;
    /** Closes this request's order at the provider when its payment does not go ahead. */
    const dropOrder = (why: string) =>
      provider.closeOrder(outTradeNo).catch((err: unknown) => {
        log.warn({ err, paymentId: String(paymentId) }, `closing an order not used (${why}) failed`);
      });

    // The order is opened first and the payment written once with it: a payment is never
    // written again but to change its status, because FerretDB applies an update as a read and
    // a write, and a second writer (a new payment taking this one's place) would be undone.
    let order: Awaited<ReturnType<PayProvider['createOrder']>>;
    try {
      order = await provider.createOrder({
        paymentId: String(paymentId),
        outTradeNo,
        amountFen: what.amountFen,
        description: what.description,
        payerOpenid: payer.openid,
        expiresAt,
      });
    } catch (err) {
      log.warn({ err, paymentId: String(paymentId) }, 'provider refused the order');
      throw new AppError('PAY_PROVIDER_FAILED');
    }
    try {
      await models.Payment.create({
        _id: paymentId,
        userId: user,
        idempotencyKey: request.idempotencyKey,
        requestHash: request.requestHash,
        kind: what.kind,
        provider: provider.name,
        status: 'pending',
        amountFen: what.amountFen,
        outTradeNo,
        openedAt: now,
        expiresAt,
        prepayId: order.prepayId,
        accountId: what.account._id,
        utility: what.account.utility,
        accountNo: what.account.accountNo,
        holderName: maskName(what.account.holderName),
        bills: what.bills,
        onBehalf: what.onBehalf,
        payerOpenid: payer.openid,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // the same key at the same moment: the other request's payment is the answer
      await dropOrder('same key');
      const raced = await byKey(request);
      if (raced) return replayOf(request, raced);
      throw new AppError('BILL_PAYMENT_PENDING');
    }
    /** The payment as it is now: taken over already (her next payment, at the same moment), nothing to pay. */
    const answer = async (): Promise<CreatePaymentResult> => {
      const saved = await models.Payment.findById(paymentId).lean();
      if (!saved) throw new AppError('INTERNAL');
      return { payment: toPaymentDto(saved), payParams: saved.status === 'pending' ? order.payParams : null };
    };
    return { paymentId, dropOrder, answer };
  }

  return {
    handleNotification: settlement.handleNotification,
    reconcile,

    /**
     * Creates a payment for bills of one account. Amounts (with late fees) come from the bills.
     * The same key with the same bills answers the first payment; with other bills it is refused.
     * Bills are claimed one by one in id order; a bill held by a payment that gives way to this
     * one (the payer's own unfinished one; an on-behalf one, for the holder) is taken over after
     * its order is closed at the provider, unless that turns out paid. If a bill cannot be
     * claimed, the others are freed again.
     */
    async create(userId: string, body: CreatePaymentBody): Promise<CreatePaymentResult> {
      const billKeys = [...new Set(body.billIds.map((id) => id.toLowerCase()))].sort();
      const request = await opening(userId, body.idempotencyKey, {
        bills: billKeys,
        onBehalf: body.onBehalf?.accountId.toLowerCase() ?? null,
      });
      if ('replayed' in request) return request.replayed;

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
      const onBehalf = access.relation !== 'bound';
      if (onBehalf)
        await takeBehalfHolds(
          userId,
          bills.map((b) => b._id),
        );

      const opened = await open(request, {
        kind: 'bills',
        account: access.account,
        onBehalf,
        amountFen: bills.reduce((sum, b) => sum + b.amountFen + (b.lateFeeFen ?? 0), 0),
        description: `便民-${utilityLabels[access.account.utility]}-${bills.map((b) => b.period).join(',')}`,
        bills: bills.map((b) => ({
          billId: b._id,
          period: b.period,
          amountFen: b.amountFen,
          lateFeeFen: b.lateFeeFen ?? 0,
        })),
      });
      if ('replayed' in opened) return opened.replayed;
      const { paymentId } = opened;

      const claimed: Types.ObjectId[] = [];
      try {
        for (const bill of bills) {
          let ok = await adapter.claimBill(bill._id, paymentId);
          if (!ok) {
            const state = await holds.freeFor(bill._id, { userId, isHolder: !onBehalf });
            if (state === 'paid') throw new AppError('BILL_ALREADY_PAID');
            if (state === 'free') ok = await adapter.claimBill(bill._id, paymentId);
          }
          if (!ok) {
            const [now2] = await adapter.getBills([bill._id]);
            throw new AppError(now2?.status === 'paid' ? 'BILL_ALREADY_PAID' : 'BILL_PAYMENT_PENDING');
          }
          claimed.push(bill._id);
        }
      } catch (err) {
        await adapter.releaseBills(paymentId, claimed);
        await models.Payment.deleteOne({ _id: paymentId, status: 'pending' });
        await opened.dropOrder('bills not claimed');
        providerFailure(err);
      }
      return opened.answer();
    },

    /**
     * Creates a top-up (充值) of a prepaid account: her own bound account, or a family account
     * (then on her behalf, with the shorter hold). Anyone else's account is not found, as one
     * that does not exist. The amount is the payer's (¥10 to ¥5 000, checked by the contract);
     * the same key rules as for bills. Paid, it is credited to the account once ({@link createSettlement}).
     */
    async topUp(userId: string, body: TopUpBody): Promise<CreatePaymentResult> {
      const request = await opening(userId, body.idempotencyKey, {
        topUp: body.accountId.toLowerCase(),
        amountFen: body.amountFen,
      });
      if ('replayed' in request) return request.replayed;
      const access = await accounts.access(userId, body.accountId);
      // a lookup shows bills to pay, nothing more: topping up needs the account bound or saved
      if (!access || access.relation === 'lookup') throw notFound('没有找到要充值的户号。');
      if (access.account.balanceFen === null || access.account.balanceFen === undefined) {
        throw new AppError('TOP_UP_NOT_PREPAID');
      }
      const opened = await open(request, {
        kind: 'topUp',
        account: access.account,
        onBehalf: access.relation !== 'bound',
        amountFen: body.amountFen,
        description: `便民-${utilityLabels[access.account.utility]}-充值`,
        bills: [],
      });
      return 'replayed' in opened ? opened.replayed : opened.answer();
    },

    /**
     * The resident's payments, newest first, by status and account when asked. Pending ones past
     * their time are asked after first, so none is offered to continue that can no longer be paid.
     */
    async list(userId: string, query: PaymentsQuery = {}): Promise<Payment[]> {
      const filter = {
        userId: toObjectId(userId),
        ...(query.status ? { status: query.status } : {}),
        ...(query.accountId ? { accountId: toObjectId(query.accountId) } : {}),
      };
      const find = () => models.Payment.find(filter).sort({ openedAt: -1 }).limit(100).lean();
      let payments = await find();
      const stale = payments.filter((p) => p.status === 'pending' && isExpired(p));
      if (stale.length > 0) {
        for (const payment of stale) await reconcile(payment);
        payments = await find();
      }
      return payments.map(toPaymentDto);
    },

    /** The bills of an account as this resident sees them, with her own unfinished payment of them. */
    async accountBills(userId: string, list: BillList | null): Promise<AccountBills | null> {
      return list ? holds.accountBills(userId, list) : null;
    },

    /**
     * One own payment with its receipt. A pending one past its time, or a WeChat one still pending
     * after a while (its notification may be late), is asked after first.
     */
    async get(userId: string, paymentId: string): Promise<PaymentDetail | null> {
      const payment = await own(userId, paymentId);
      if (!payment) return null;
      if (
        payment.status === 'pending' &&
        (isExpired(payment) ||
          (payment.provider === 'wechat' && clock.now().getTime() - payment.openedAt.getTime() > 10_000))
      ) {
        await reconcile(payment);
        return detail(userId, paymentId);
      }
      return toPaymentDetail(payment);
    },

    /**
     * 继续付款: the same order again, while it can be paid: the sandbox's sheet, or
     * `requestPayment` parameters signed anew over the same prepay id. The provider is asked
     * first, so a payment paid or closed meanwhile answers as it is, with no parameters.
     */
    async resume(userId: string, paymentId: string): Promise<CreatePaymentResult | null> {
      const payment = await own(userId, paymentId);
      if (!payment) return null;
      if (payment.status === 'pending') {
        try {
          await settlement.refresh(payment);
        } catch (err) {
          // past its time it cannot be paid anyway; before, let the payer try: the provider
          // refuses an order that cannot be paid
          if (isExpired(payment)) providerFailure(err);
          log.warn({ err, paymentId }, 'order query before continuing failed');
        }
      }
      const current = await own(userId, paymentId);
      if (!current) return null;
      return { payment: toPaymentDto(current), payParams: payParamsOf(current) };
    },

    /**
     * 不付了: closes an own pending payment at the provider, then here, and frees its bills at
     * once; if the provider says it was paid meanwhile, it answers paid instead.
     */
    async cancel(userId: string, paymentId: string): Promise<PaymentDetail | null> {
      const payment = await own(userId, paymentId);
      if (!payment) return null;
      if (payment.status !== 'pending') return toPaymentDetail(payment);
      try {
        await settlement.closeAtProvider(payment, 'cancelled');
      } catch (err) {
        log.warn({ err, paymentId }, 'closing the order failed');
        providerFailure(err);
      }
      return detail(userId, paymentId);
    },

    /**
     * The sandbox's "pay" button: the sandbox makes a signed, encrypted v3 notification for the
     * payment and it goes through the same verification as one from WeChat Pay. Like WeChat Pay,
     * it takes no money for an order past its time.
     */
    async confirmSandbox(userId: string, paymentId: string): Promise<PaymentDetail | null> {
      const sandbox = providers.sandbox;
      if (!sandbox) throw new AppError('SANDBOX_DISABLED');
      let payment = await own(userId, paymentId);
      if (!payment) return null;
      if (payment.provider !== 'sandbox') throw new AppError('SANDBOX_DISABLED');
      if (payment.status === 'pending' && isExpired(payment)) {
        await reconcile(payment);
        payment = (await own(userId, paymentId)) ?? payment;
      }
      if (payment.status === 'closed') throw new AppError('PAYMENT_NOT_PENDING');
      if (payment.status === 'pending') {
        const notification = sandbox.notificationFor({
          outTradeNo: payment.outTradeNo,
          amountFen: payment.amountFen,
          payerOpenid: payment.payerOpenid,
        });
        const outcome = await settlement.handleNotification(
          'sandbox',
          signatureHeaders((name) => notification.headers[name] ?? ''),
          notification.body,
        );
        if (!outcome.ok) throw new Error(`the sandbox notification was refused: ${outcome.code} ${outcome.message}`);
      } else if (!settlement.isSettled(payment)) {
        // paid, but the process died before its bills were marked (or its top-up credited): finish now
        await settlement.settle(payment);
      }
      return detail(userId, paymentId);
    },

    /** Settles or closes payments left pending past their time (run by the server, every minute or so). */
    async sweepPending(limit = 50): Promise<number> {
      const shortest = Math.min(settings.pendingMinutes, settings.behalfHoldMinutes);
      const before = new Date(clock.now().getTime() - shortest * 60_000);
      const candidates = await models.Payment.find({ status: 'pending', openedAt: { $lte: before } })
        .sort({ openedAt: 1 })
        .limit(limit)
        .lean();
      const stale = candidates.filter(isExpired);
      for (const payment of stale) await reconcile(payment);
      // the second step of settling, for payments whose process died between the two: bills not
      // yet marked paid, top-ups not yet credited
      const unsettled = [
        ...(await models.Payment.find({ status: 'paid', billsSettledAt: null, kind: { $ne: 'topUp' } })
          .limit(limit)
          .lean()),
        ...(await models.Payment.find({ status: 'paid', kind: 'topUp', balanceCreditedAt: null }).limit(limit).lean()),
      ];
      for (const payment of unsettled) await settlement.settle(payment);
      return stale.length;
    },
  };
}

export type PaymentService = ReturnType<typeof createPaymentService>;
