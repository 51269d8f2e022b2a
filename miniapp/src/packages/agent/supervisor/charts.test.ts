import { describe, expect, it } from 'vitest';
import type { Assessment, AssessmentFigures, HelpReport } from '@bianmin/shared';
import {
  categoryPie,
  categorySummary,
  hourSummary,
  rankedBy,
  rateBars,
  teamSummary,
  trendSummary,
  unitSummary,
} from './charts';

const rate = (count: number, of: number) => ({ count, of, rate: of === 0 ? null : count / of });
const figures = (done: [number, number]): AssessmentFigures => ({
  orders: done[1],
  contactOnTime: rate(0, 0),
  arrivalOnTime: rate(0, 0),
  completionOnTime: rate(...done),
  returned: rate(0, 0),
  returnedAtCheck: rate(0, 0),
  satisfaction: rate(0, 0),
  score: null,
});
const unit = (name: string, now: [number, number], before: [number, number]): Assessment['units'][number] => ({
  rank: 1,
  unit: { id: name, name } as Assessment['units'][number]['unit'],
  current: figures(now),
  previous: figures(before),
  members: [],
});

describe('what the supervisor charts say', () => {
  it('names each category with its count and share to two decimals, largest first, and draws only those with requests', () => {
    const rows = [
      { key: 'complaint', label: '投诉', count: 1 },
      { key: 'bill_question', label: '账单有疑问', count: 2 },
      { key: 'outage', label: '停水停电停气', count: 0 },
    ];
    expect(categorySummary(rows)).toBe('各类问题的占比：账单有疑问 2 条（66.67%），投诉 1 条（33.33%）。');
    const series = categoryPie(rows).series as Array<{ data: unknown[] }>;
    expect(series[0]?.data).toHaveLength(2);
    expect(categorySummary([])).toBe('各类问题的占比：这段时间没有求助。');
  });

  it('tells the busiest hours and the latest step of the trend', () => {
    const byHour = Array.from({ length: 24 }, (_, hour) => ({ hour, count: hour === 9 ? 5 : hour === 20 ? 3 : 0 }));
    expect(hourSummary(byHour)).toBe('按时段：最忙的是 9 点 5 条，20 点 3 条。');
    const trend: HelpReport['trend'] = {
      step: 'day',
      points: [
        { day: '2026-01-05', label: '1月5日', count: 4, resolved: 4, satisfaction: 0.75 },
        { day: '2026-01-06', label: '1月6日', count: 2, resolved: 2, satisfaction: 1 },
      ],
    };
    expect(trendSummary(trend)).toBe(
      '每天的求助：共 2 段，6 条；最多是 1月5日 4 条，最近是 1月6日 2 条，满意率 100.00%。',
    );
  });

  it('compares each team with its previous period', () => {
    const team = { team: '综合服务组', surveyed: 4, answered: 4, good: 3, average: 1, poor: 0, rate: 0.75 };
    const previous = { surveyed: 0, answered: 0, good: 0, average: 0, poor: 0, rate: null };
    expect(teamSummary([{ ...team, previous }])).toBe('各组满意率，本期与上期：综合服务组 75.00%，上期 —。');
  });

  it('ranks units by this period, the unmeasured last and among them by the previous period', () => {
    const units = [unit('甲', [0, 0], [1, 2]), unit('乙', [9, 10], [1, 1]), unit('丙', [0, 0], [2, 2])];
    expect(rankedBy(units, (f) => f.completionOnTime).map((u) => u.unit.name)).toEqual(['乙', '丙', '甲']);
    expect(unitSummary('按时完成率', units, (f) => f.completionOnTime)).toBe(
      '按时完成率，从高到低：乙 90.00%，上期 100.00%；丙 —，上期 100.00%；甲 —，上期 50.00%。',
    );
  });
});

describe('rateBars', () => {
  const axisMin = (option: ReturnType<typeof rateBars>) => (option.yAxis as { min: number }).min;
  it('starts the axis a point below high rates, so 99.39% and 99.86% look different, and at 0 otherwise', () => {
    const high = rateBars(
      [
        { label: '营业1所', now: 0.9986, before: 0.9939 },
        { label: '营业2所', now: 0.9991, before: null },
      ],
      ['本期', '去年同期'],
    );
    expect(axisMin(high)).toBe(98);
    expect((high.series as Array<{ data: unknown[] }>)[1]?.data).toEqual([99.39, null]);
    expect(axisMin(rateBars([{ label: '甲', now: 0.42, before: 0.9 }], ['本期', '上期']))).toBe(0);
  });
});
