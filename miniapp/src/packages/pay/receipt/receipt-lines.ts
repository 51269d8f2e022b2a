import { formatYuanSign, fullDayTimeText, periodText, type Receipt } from '@bianmin/shared';
import { plain } from '../../../lib/plain-words';

/** One named line of a receipt: `户号 1000000001`. */
export interface ReceiptLine {
  name: string;
  value: string;
}

/** What a receipt says, in order: the page and the saved image read the same words. */
export interface ReceiptWords {
  title: string;
  amountText: string;
  amountCapital: string;
  /** Paid for someone else: for whom, masked as the lookup showed. */
  notice: string | null;
  lines: ReceiptLine[];
}

/** The words of a paid payment's receipt (缴费凭证, 充值凭证). A line with nothing to say is left out. */
export function receiptWords(receipt: Receipt): ReceiptWords {
  const topUp = receipt.kind === 'topUp';
  const lines: Array<ReceiptLine | null> = [
    { name: plain('户号'), value: receipt.accountNo },
    { name: '户主', value: receipt.holderName },
    receipt.periods.length > 0 ? { name: '账期', value: receipt.periods.map(periodText).join('、') } : null,
    { name: topUp ? '充值时间' : '缴费时间', value: fullDayTimeText(receipt.paidAt) },
    // the new balance, for the holder only (the BFF leaves it out of a top-up for someone else)
    typeof receipt.balanceAfterFen === 'number'
      ? { name: '充值后余额', value: formatYuanSign(receipt.balanceAfterFen) }
      : null,
    { name: '订单号', value: receipt.outTradeNo },
    receipt.transactionId ? { name: '交易单号', value: receipt.transactionId } : null,
  ];
  return {
    title: receipt.title,
    amountText: receipt.amountText,
    amountCapital: receipt.amountCapital,
    notice: receipt.onBehalf ? `这是替别人${topUp ? '充值' : '缴费'}：户主 ${receipt.holderName}。` : null,
    lines: lines.filter((line): line is ReceiptLine => line !== null),
  };
}
