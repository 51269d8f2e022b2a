import {
  addDays,
  beijingDay,
  beijingMidnight,
  beijingParts,
  dayText,
  helpCategoryLabels,
  helpCategoryValues,
  helpPriorityLabels,
  helpPriorityValues,
  type DurationStats,
  type HelpReport,
  type HotspotCount,
  type ReportCount,
  type SatisfactionFigure,
  type SlaFigure,
  type TrendPoint,
} from '@bianmin/shared';
import type { HelpDeps } from './core';
import type { HelpRequestRecord } from './model';

const DAY = 86_400_000;
const NONE = 'none';

type Row = Pick<
  HelpRequestRecord,
  | 'category'
  | 'priority'
  | 'district'
  | 'status'
  | 'createdAt'
  | 'firstResponseAt'
  | 'firstResponseDueAt'
  | 'resolvedAt'
  | 'resolutionDueAt'
  | 'pausedAt'
  | 'pausedMs'
  | 'resolvedTeam'
  | 'surveyAskedAt'
  | 'survey'
>;
const PROJECTION = Object.fromEntries(
  'category priority district status createdAt firstResponseAt firstResponseDueAt resolvedAt resolutionDueAt pausedAt pausedMs resolvedTeam surveyAskedAt survey'
    .split(' ')
    .map((k) => [k, 1]),
);

/** Nearest-rank percentile: the smallest value with at least `p` of the values at or below it. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.max(0, Math.ceil(p * sorted.length) - 1);
  return sorted[index] ?? null;
}

function durations(values: number[]): DurationStats {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, medianSeconds: percentile(sorted, 0.5), p90Seconds: percentile(sorted, 0.9) };
}

function countBy(rows: Row[], key: (r: Row) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
  return counts;
}

const rate = (met: number, total: number) => (total === 0 ? null : met / total);

/** 1 − (average + poor) / surveyed; unanswered surveys count as not dissatisfied. */
export function satisfaction(rows: Row[]): SatisfactionFigure {
  const asked = rows.filter((r) => r.surveyAskedAt);
  const n = (s: string) => asked.filter((r) => r.survey?.satisfaction === s).length;
  const good = n('good');
  const average = n('average');
  const poor = n('poor');
  return {
    surveyed: asked.length,
    answered: good + average + poor,
    good,
    average,
    poor,
    rate: asked.length === 0 ? null : 1 - (average + poor) / asked.length,
  };
}

/**
 * The period step by step in Beijing days, or in weeks when it is longer than 31 days: requests
 * created in each step, and the satisfaction of those resolved in it.
 */
export function trendOf(from: Date, to: Date, rows: Row[], done: Row[]): HelpReport['trend'] {
  const first = beijingDay(from);
  const days = Math.max(1, Math.ceil((to.getTime() - beijingMidnight(first).getTime()) / DAY));
  const step = days > 31 ? 'week' : 'day';
  const size = step === 'week' ? 7 : 1;
  const points: TrendPoint[] = [];
  const indexOf = (at: Date) => Math.floor((at.getTime() - beijingMidnight(first).getTime()) / (size * DAY));
  const created = countBy(rows, (r) => String(indexOf(r.createdAt)));
  for (let i = 0; i * size < days; i += 1) {
    const day = addDays(first, i * size);
    const resolvedHere = done.filter((r) => r.resolvedAt && indexOf(r.resolvedAt) === i);
    points.push({
      day,
      label: step === 'week' ? `${dayText(day)}起` : dayText(day),
      count: created.get(String(i)) ?? 0,
      resolved: resolvedHere.length,
      satisfaction: satisfaction(resolvedHere).rate,
    });
  }
  return { step, points };
}

/** The report figures, computed in the BFF over projected documents (FerretDB has no $avg). */
export function createReports({ models, clock }: HelpDeps) {
  /**
   * Every request the report needs, in one read: created since the earlier of the period and the
   * fortnight of hotspots, or resolved since the previous period began. (The embedded FerretDB
   * reads the whole collection for any query but an `_id`, so one read instead of four; on
   * MongoDB the `createdAt` and `resolvedAt` indexes serve the two branches.)
   */
  const rowsFor = (createdSince: Date, resolvedSince: Date, to: Date) =>
    models.HelpRequest.find(
      {
        $or: [{ createdAt: { $gte: createdSince, $lt: to } }, { resolvedAt: { $gte: resolvedSince, $lt: to } }],
      },
      PROJECTION,
    ).lean<Row[]>();
  const within = (at: Date | null | undefined, from: Date, to: Date) =>
    Boolean(at && at.getTime() >= from.getTime() && at.getTime() < to.getTime());

  return async function report(fromText: string, toText: string): Promise<HelpReport> {
    const from = new Date(fromText);
    const to = new Date(toText);
    const now = clock.now().getTime();
    const length = to.getTime() - from.getTime();
    const prevFrom = new Date(from.getTime() - length);
    const hotFrom = new Date(to.getTime() - 14 * DAY);
    const all = await rowsFor(new Date(Math.min(from.getTime(), hotFrom.getTime())), prevFrom, to);
    const rows = all.filter((r) => within(r.createdAt, from, to));
    const done = all.filter((r) => within(r.resolvedAt, from, to));
    const previous = all.filter((r) => within(r.resolvedAt, prevFrom, from));

    const cats = countBy(rows, (r) => r.category ?? NONE);
    const byCategory: ReportCount[] = [...helpCategoryValues, NONE].map((key) => ({
      key,
      label: key === NONE ? '未选原因' : helpCategoryLabels[key as keyof typeof helpCategoryLabels],
      count: cats.get(key) ?? 0,
    }));
    const prios = countBy(rows, (r) => r.priority);
    const byPriority = helpPriorityValues.map((key) => ({
      key,
      label: helpPriorityLabels[key],
      count: prios.get(key) ?? 0,
    }));
    const byDistrict = [...countBy(rows, (r) => r.district ?? '未知')]
      .map(([key, count]) => ({ key, label: key, count }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
    const hours = countBy(rows, (r) => String(beijingParts(r.createdAt).hour));
    const byHour = Array.from({ length: 24 }, (_, hour) => ({ hour, count: hours.get(String(hour)) ?? 0 }));

    const firstResponse = durations(
      rows
        .filter((r) => r.firstResponseAt)
        .map((r) => ((r.firstResponseAt?.getTime() ?? 0) - r.createdAt.getTime()) / 1000),
    );
    const resolution = durations(
      rows
        .filter((r) => r.resolvedAt)
        .map((r) => ((r.resolvedAt?.getTime() ?? 0) - r.createdAt.getTime() - r.pausedMs) / 1000),
    );

    const sla = (decided: Row[], met: (r: Row) => boolean): SlaFigure => {
      const m = decided.filter(met).length;
      return { met: m, total: decided.length, rate: rate(m, decided.length) };
    };
    const running = (r: Row) => !r.pausedAt && ['waiting', 'assigned', 'in_progress'].includes(r.status);
    const frs = sla(
      rows.filter((r) => r.firstResponseAt || (running(r) && r.firstResponseDueAt.getTime() <= now)),
      (r) => Boolean(r.firstResponseAt && r.firstResponseAt.getTime() <= r.firstResponseDueAt.getTime()),
    );
    const res = sla(
      rows.filter((r) => r.resolvedAt || (running(r) && r.resolutionDueAt.getTime() <= now)),
      (r) => Boolean(r.resolvedAt && r.resolvedAt.getTime() <= r.resolutionDueAt.getTime()),
    );

    const teamOf = (r: Row) => r.resolvedTeam ?? '未分组';
    const teams = [...new Set([...done, ...previous].map(teamOf))].sort();
    const weekStart = to.getTime() - 7 * DAY;
    const hot = all.filter((r) => within(r.createdAt, hotFrom, to));
    const week = (r: Row) => (r.createdAt.getTime() >= weekStart ? 'this' : 'last');
    const hotspot = (list: Row[], key: (r: Row) => string, label: (k: string) => string): HotspotCount[] => {
      const map = new Map<string, HotspotCount>();
      for (const r of list) {
        const k = key(r);
        const entry = map.get(k) ?? { key: k, label: label(k), thisWeek: 0, lastWeek: 0 };
        if (week(r) === 'this') entry.thisWeek += 1;
        else entry.lastWeek += 1;
        map.set(k, entry);
      }
      return [...map.values()]
        .sort((a, b) => b.thisWeek - a.thisWeek || b.lastWeek - a.lastWeek || a.key.localeCompare(b.key))
        .slice(0, 10);
    };

    return {
      from: from.toISOString(),
      to: to.toISOString(),
      timeZone: 'Asia/Shanghai',
      total: rows.length,
      byCategory,
      byPriority,
      byDistrict,
      byHour,
      firstResponse,
      resolution,
      sla: {
        firstResponse: frs,
        resolution: res,
        overall: {
          met: frs.met + res.met,
          total: frs.total + res.total,
          rate: rate(frs.met + res.met, frs.total + res.total),
        },
      },
      satisfaction: {
        ...satisfaction(done),
        byTeam: teams.map((team) => ({
          team,
          ...satisfaction(done.filter((r) => teamOf(r) === team)),
          previous: satisfaction(previous.filter((r) => teamOf(r) === team)),
        })),
        previous: { from: prevFrom.toISOString(), to: from.toISOString(), ...satisfaction(previous) },
      },
      trend: trendOf(from, to, rows, done),
      hotspots: {
        categories: hotspot(
          hot.filter((r) => r.category),
          (r) => r.category ?? NONE,
          (k) => helpCategoryLabels[k as keyof typeof helpCategoryLabels],
        ),
        districts: hotspot(
          hot.filter((r) => r.category === 'complaint'),
          (r) => r.district ?? '未知',
          (k) => k,
        ),
      },
    };
  };
}
