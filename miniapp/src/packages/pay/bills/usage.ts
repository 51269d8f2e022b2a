import { formatYuanSign, periodText, usageText, usageUnitLabels, type BillLine, type Utility } from '@bianmin/shared';
import type { ChartOption } from '../../../components/Chart';

/** The bills of the last twelve months with what was used, oldest first. */
export function lastYear(bills: readonly BillLine[]): BillLine[] {
  return [...bills]
    .filter((b) => b.usage !== null)
    .sort((a, b) => a.period.localeCompare(b.period))
    .slice(-12);
}

/** 「7月」 under each bar, the year only where it changes. */
const monthLabel = (period: string, i: number, all: readonly BillLine[]) =>
  i === 0 || all[i - 1]?.period.slice(0, 4) !== period.slice(0, 4)
    ? `${period.slice(2, 4)}年${Number(period.slice(5))}月`
    : `${Number(period.slice(5))}月`;

/**
 * Twelve months at a glance: the amount as bars; in the usual mode the usage as a line on a
 * second axis. 长辈模式 keeps only the bars (one thing to read, larger text from the theme).
 */
export function usageChart(bills: readonly BillLine[], elder: boolean): ChartOption {
  const unit = bills[0]?.usage ? usageUnitLabels[bills[0].usage.unit] : '';
  const months = bills.map((b, i, all) => monthLabel(b.period, i, all));
  const amounts = bills.map((b) => b.amountFen / 100);
  if (elder) {
    return {
      grid: { left: 4, right: 4, top: 16, bottom: 4, containLabel: true },
      xAxis: { type: 'category', data: months, axisLabel: { interval: 'auto' } },
      yAxis: { type: 'value', axisLabel: { formatter: '{value}元' } },
      series: [{ type: 'bar', name: '金额', data: amounts }],
    };
  }
  return {
    legend: { top: 0, data: ['金额（元）', `用量（${unit}）`] },
    grid: { left: 4, right: 4, top: 40, bottom: 4, containLabel: true },
    xAxis: { type: 'category', data: months, axisLabel: { interval: 'auto' } },
    yAxis: [
      { type: 'value', axisLabel: { formatter: '{value}' } },
      { type: 'value', splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: '金额（元）', data: amounts },
      { type: 'line', name: `用量（${unit}）`, yAxisIndex: 1, data: bills.map((b) => b.usage?.quantity ?? null) },
    ],
  };
}

/**
 * The chart in words, for everyone (written under it) and for screen readers: the total, the
 * monthly average and the month that used most, with its tier.
 */
export function usageSummary(utility: Utility, bills: readonly BillLine[]): string {
  if (bills.length === 0) return '还没有用量记录。';
  const total = bills.reduce((n, b) => n + b.amountFen, 0);
  const most = bills.reduce((a, b) => ((b.usage?.quantity ?? 0) > (a.usage?.quantity ?? 0) ? b : a));
  const top = most.usage ? `用得最多的是${periodText(most.period)}：${usageText(utility, most.usage)}` : '';
  return `近 ${bills.length} 个月共 ${formatYuanSign(total)}，平均每月 ${formatYuanSign(Math.round(total / bills.length))}。${top}。`;
}
