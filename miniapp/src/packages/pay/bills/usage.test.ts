import { describe, expect, it } from 'vitest';
import type { BillLine } from '@bianmin/shared';
import { lastYear, usageChart, usageSummary } from './usage';

const bill = (period: string, amountFen: number, quantity: number | null, tier = 1): BillLine => ({
  id: period,
  accountId: 'a',
  utility: 'power',
  period,
  amountFen,
  lateFeeFen: null,
  dueDate: `${period}-20`,
  status: 'paid',
  pending: false,
  paidAt: null,
  usage: quantity === null ? null : { quantity, unit: 'kWh', tier },
  overdueDays: 0,
  payable: false,
});

describe('近一年用电', () => {
  const bills = [
    bill('2026-01', 14_949, 300, 2),
    ...Array.from({ length: 12 }, (_, i) => bill(`2025-${String(i + 1).padStart(2, '0')}`, 10_000, 204.8)),
    bill('2024-12', 9_000, null),
  ];

  it('takes the twelve newest bills with usage, oldest first', () => {
    const year = lastYear(bills);
    expect(year.map((b) => b.period)).toEqual([
      ...Array.from({ length: 11 }, (_, i) => `2025-${String(i + 2).padStart(2, '0')}`),
      '2026-01',
    ]);
  });

  it('draws amount and usage, and only the amount in 长辈模式', () => {
    const year = lastYear(bills);
    const usual = usageChart(year, false) as {
      series: Array<{ type: string; data: unknown[] }>;
      xAxis: { data: string[] };
    };
    expect(usual.series.map((s) => s.type)).toEqual(['bar', 'line']);
    expect(usual.series[0]?.data.at(-1)).toBe(149.49);
    expect(usual.series[1]?.data.at(-1)).toBe(300);
    // the year under the first month and where it changes, the month alone elsewhere
    expect(usual.xAxis.data.slice(0, 2)).toEqual(['25年2月', '3月']);
    expect(usual.xAxis.data.at(-1)).toBe('26年1月');
    const elder = usageChart(year, true) as { series: Array<{ type: string }> };
    expect(elder.series.map((s) => s.type)).toEqual(['bar']);
  });

  it('says the same in a sentence: total, monthly average, the month that used most and its tier', () => {
    expect(usageSummary('power', lastYear(bills))).toBe(
      '近 12 个月共 ¥1,249.49，平均每月 ¥104.12。用得最多的是2026年1月：用电 300 度，第二档。',
    );
    expect(usageSummary('power', [])).toBe('还没有用量记录。');
  });
});
