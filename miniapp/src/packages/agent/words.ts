import {
  billStatusLabels,
  callbackReasonLabels,
  formatYuan,
  pageName,
  paymentStatusLabels,
  periodText,
  utilityLabels,
  type AgentHelpDetail,
} from '@bianmin/shared';

/**
 * What the resident had in view when she asked, as lines staff read: the page by its name, the
 * account, bill, payment and outlet in words, never an id or a path.
 */
export function inViewLines(detail: AgentHelpDetail): string[] {
  const lines: string[] = [];
  const { account, inView, context } = detail;
  if (context.page) lines.push(`求助时在${pageName(context.page)}`);
  if (account) {
    lines.push(
      `${utilityLabels[account.utility]}户号 ${account.accountNo} · 户主 ${account.holderName} · ${account.district}`,
    );
  }
  if (inView.bill) {
    const b = inView.bill;
    lines.push(
      `在看的账单：${utilityLabels[b.utility]} ${periodText(b.period)} ${formatYuan(b.amountFen)} 元，${billStatusLabels[b.status]}`,
    );
  } else if (context.billId) lines.push('在看一笔账单（已经查不到了）');
  if (inView.payment) {
    const p = inView.payment;
    lines.push(`相关缴费：${utilityLabels[p.utility]} ${formatYuan(p.amountFen)} 元，${paymentStatusLabels[p.status]}`);
  } else if (context.paymentId) lines.push('相关的一笔缴费（已经查不到了）');
  if (inView.outlet) lines.push(`在看的网点：${inView.outlet.name}`);
  return lines;
}

/** The call-back task's headline: the number to call, or that there is none yet. */
export function callbackTitle(callback: NonNullable<AgentHelpDetail['callback']>): string {
  const why = callbackReasonLabels[callback.reason];
  return callback.phone ? `回电任务（${why}）：${callback.phone}` : `回电任务（${why}）：居民还没有留电话`;
}
