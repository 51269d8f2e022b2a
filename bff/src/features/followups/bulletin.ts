import {
  addDays,
  addMonths,
  beijingDay,
  bulletinTrendLabels,
  followupLevelLabels,
  followupLevelValues,
  type Bulletin,
  type BulletinPeriod,
  type BulletinRange,
  type BulletinRow,
  type BulletinTrend,
  type FollowupLevel,
} from '@bianmin/shared';
import { periodsOf } from '../workorders/assessment';
import { addCounts, emptyCounts, type Counts, type DaySums } from './day-sums';
import type { FollowupDeps } from './deps';

/** The period of `kind` containing `day` (Beijing), and the same period a year before. */
export function bulletinRanges(kind: BulletinPeriod, day: string): { current: BulletinRange; lastYear: BulletinRange } {
  if (kind === 'year') {
    const year = (y: string): BulletinRange => ({ from: `${y}-01-01`, to: `${y}-12-31`, label: `${y}年` });
    return { current: year(day.slice(0, 4)), lastYear: year(String(Number(day.slice(0, 4)) - 1)) };
  }
  const { current } = periodsOf(kind, day);
  if (kind === 'week') {
    // the same week a year before: 52 weeks back, so it starts on a Monday too
    const from = addDays(current.from, -364);
    const to = addDays(from, 6);
    return { current, lastYear: { from, to, label: `${from.slice(0, 4)}年${periodsOf('week', from).current.label}` } };
  }
  const shifted = periodsOf(kind, `${addMonths(current.from.slice(0, 7), -12)}-01`).current;
  return { current, lastYear: shifted };
}

/** The Beijing days of a range, first to last. */
export function daysOf(range: BulletinRange): string[] {
  const days: string[] = [];
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) days.push(d);
  return days;
}

/** 满意率 = 1 − (一般 + 合格 + 不合格) / 回访户数; null with nobody followed up. */
export function satisfaction(visited: number, counts: Record<FollowupLevel, number>): number | null {
  if (visited === 0) return null;
  return 1 - (counts.fair + counts.pass + counts.fail) / visited;
}

/** A rate as the bulletin prints it, to two decimals of a percent: 99.86%. */
export function rateText(rate: number | null): string {
  return rate === null ? '—' : `${(Math.round(rate * 10_000) / 100).toFixed(2)}%`;
}

/**
 * The comparison in words, on the printed (rounded) rates: 0.05 points or more higher is
 * 有所提高, as much lower 有所下降, closer 继续保持; without a year-before figure there is nothing
 * to compare.
 */
export function trendOf(rate: number | null, lastYear: number | null): BulletinTrend {
  if (rate === null || lastYear === null) return 'none';
  const diff = Math.round(rate * 10_000) - Math.round(lastYear * 10_000);
  if (diff >= 5) return 'up';
  if (diff <= -5) return 'down';
  return 'same';
}

function row(team: string, now: Counts, before: Counts): BulletinRow {
  const { visited, ...counts } = now;
  const rate = satisfaction(visited, counts);
  const lastYearRate = satisfaction(before.visited, before);
  const trend = trendOf(rate, lastYearRate);
  return {
    team,
    visited,
    counts,
    rate,
    rateText: rateText(rate),
    lastYearVisited: before.visited,
    lastYearRate,
    lastYearRateText: rateText(lastYearRate),
    trend,
    trendText: bulletinTrendLabels[trend],
  };
}

/** The 回访简报: per team and in total, from the day sums (and today's counts) of the period. */
export function createBulletin(deps: FollowupDeps, daySums: DaySums) {
  const { clock } = deps;

  return async function bulletin(kind: BulletinPeriod, day = beijingDay(clock.now())): Promise<Bulletin> {
    const { current, lastYear } = bulletinRanges(kind, day);
    const [now, before] = await Promise.all([daySums.counts(daysOf(current)), daySums.counts(daysOf(lastYear))]);
    const teams = [...new Set([...now.keys(), ...before.keys()])].sort((a, b) => a.localeCompare(b, 'zh-CN'));
    const totalNow = emptyCounts();
    const totalBefore = emptyCounts();
    const rows = teams.map((team) => {
      const n = now.get(team) ?? emptyCounts();
      const b = before.get(team) ?? emptyCounts();
      addCounts(totalNow, n);
      addCounts(totalBefore, b);
      return row(team, n, b);
    });
    return { period: kind, current, lastYear, rows, total: row('合计', totalNow, totalBefore) };
  };
}

/** The bulletin as CSV for Excel: UTF-8 with a BOM (so Excel reads the Chinese), Chinese headers. */
export function bulletinCsv(b: Bulletin): string {
  const header = [
    '班组',
    '回访户数',
    ...followupLevelValues.map((l) => followupLevelLabels[l]),
    `${b.current.label}满意率`,
    `${b.lastYear.label}满意率`,
    '比较',
  ];
  const cell = (v: string | number) => {
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const line = (r: BulletinRow) =>
    [r.team, r.visited, ...followupLevelValues.map((l) => r.counts[l]), r.rateText, r.lastYearRateText, r.trendText]
      .map(cell)
      .join(',');
  return `\uFEFF${[header.map(cell).join(','), ...b.rows.map(line), line(b.total)].join('\r\n')}\r\n`;
}
