import {
  formatYuanSign,
  maskAccountNo,
  paymentCloseReasonValues,
  toChineseCapital,
  utilityLabels,
  type Payment,
  type PaymentCloseReason,
  type PaymentKind,
  type PaymentDetail,
} from '@bianmin/shared';
import type { PaymentRecord } from './model';

const CLOSE_REASONS = new Set<string>(paymentCloseReasonValues);

/**
 * Why a closed payment was closed, as the contract names it. Older payments kept the provider's
 * state (`provider:CLOSED`); a success reported after closing means money was taken after all.
 */
function closeReasonOf(p: PaymentRecord): PaymentCloseReason | null {
  if (p.status !== 'closed') return null;
  if (p.lateSuccess) return 'refunding';
  return p.closeReason && CLOSE_REASONS.has(p.closeReason) ? (p.closeReason as PaymentCloseReason) : 'provider_closed';
}

/**
 * The account number as this payer may read it: in full for her own bound account, masked like
 * the lookup showed it when she paid for someone else.
 */
const accountNoFor = (p: PaymentRecord) => (p.onBehalf ? maskAccountNo(p.accountNo) : p.accountNo);

/** What it pays; payments made before top-ups existed hold no kind: bills. */
const kindOf = (p: PaymentRecord): PaymentKind => (p.kind === 'topUp' ? 'topUp' : 'bills');

/** A top-up's balance after it, for the holder only: on someone's behalf it is not shown. */
const balanceAfterFor = (p: PaymentRecord) =>
  p.kind === 'topUp' && !p.onBehalf && p.balanceCreditedAt ? (p.balanceAfterFen ?? null) : null;

/** What a receipt is called: 电费缴费凭证, 燃气费代缴凭证, 电费充值凭证, 电费代充凭证. */
function receiptTitleOf(p: PaymentRecord): string {
  const what = p.kind === 'topUp' ? (p.onBehalf ? '代充' : '充值') : p.onBehalf ? '代缴' : '缴费';
  return `${utilityLabels[p.utility]}${what}凭证`;
}

/**
 * How payments leave the BFF: to their payer only, never with more of someone else's account
 * than the lookup showed. `expiryOf` says until when a pending payment can be paid.
 */
export function createPaymentViews(expiryOf: (p: PaymentRecord) => Date) {
  function toPaymentDto(p: PaymentRecord): Payment {
    return {
      id: String(p._id),
      kind: kindOf(p),
      status: p.status,
      provider: p.provider,
      amountFen: p.amountFen,
      outTradeNo: p.outTradeNo,
      accountId: String(p.accountId),
      utility: p.utility,
      accountNo: accountNoFor(p),
      holderName: p.holderName,
      bills: p.bills.map((b) => ({
        id: String(b.billId),
        period: b.period,
        amountFen: b.amountFen,
        lateFeeFen: b.lateFeeFen,
      })),
      onBehalf: p.onBehalf,
      transactionId: p.transactionId ?? null,
      createdAt: p.openedAt.toISOString(),
      paidAt: p.paidAt ? p.paidAt.toISOString() : null,
      payableUntil: p.status === 'pending' ? expiryOf(p).toISOString() : null,
      closeReason: closeReasonOf(p),
      balanceAfterFen: balanceAfterFor(p),
    };
  }

  /** The payment with its receipt (缴费凭证, 充值凭证) once paid: the amount also in capital numerals. */
  function toPaymentDetail(p: PaymentRecord): PaymentDetail {
    return {
      ...toPaymentDto(p),
      receipt:
        p.status === 'paid' && p.paidAt
          ? {
              title: receiptTitleOf(p),
              kind: kindOf(p),
              amountFen: p.amountFen,
              amountText: formatYuanSign(p.amountFen),
              amountCapital: toChineseCapital(p.amountFen),
              utility: p.utility,
              accountNo: accountNoFor(p),
              holderName: p.holderName,
              onBehalf: p.onBehalf,
              periods: p.bills.map((b) => b.period),
              balanceAfterFen: balanceAfterFor(p),
              outTradeNo: p.outTradeNo,
              transactionId: p.transactionId ?? null,
              paidAt: p.paidAt.toISOString(),
            }
          : null,
    };
  }

  return { toPaymentDto, toPaymentDetail };
}

export type PaymentViews = ReturnType<typeof createPaymentViews>;
