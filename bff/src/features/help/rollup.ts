import { beijingParts, durationBucket, type SatisfactionFigure } from '@bianmin/shared';
import type { HelpRequestRecord } from './model';

/** The fields of a request the report figures are made of. */
export type Row = Pick<
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
  | 'userId'
  | 'residentName'
  | 'repeatOf'
>;
export const ROW_PROJECTION = Object.fromEntries(
  'category priority district status createdAt firstResponseAt firstResponseDueAt resolvedAt resolutionDueAt pausedAt pausedMs resolvedTeam surveyAskedAt survey userId residentName repeatOf'
    .split(' ')
    .map((k) => [k, 1]),
);

export const NONE = 'none';
export const NO_DISTRICT = '未知';
export const NO_TEAM = '未分组';

/**
 * Durations as a sparse map from the seconds kept (`durationBucket`) to their count (an object,
 * not pairs: FerretDB 1.24 stores no nested arrays).
 */
export type Histogram = Record<string, number>;

/** Survey counts of resolved requests (`answered` is their sum). */
export type Surveyed = Pick<SatisfactionFigure, 'surveyed' | 'good' | 'average' | 'poor'>;

/** What the requests created in a stretch of time add to the report. */
export interface CreatedPart {
  total: number;
  category: Record<string, number>;
  priority: Record<string, number>;
  district: Record<string, number>;
  /** Requests of category 投诉 by district (the hotspots). */
  complaintDistrict: Record<string, number>;
  /** 24 counts by the Beijing hour of creation. */
  hour: number[];
  /** Of `hour`, those answered by their first-response deadline. */
  hourFirstMet: number[];
  firstResponse: Histogram;
  resolution: Histogram;
  answered: number;
  firstMet: number;
  resolved: number;
  resolvedMet: number;
  /**
   * Deadlines (epoch ms) of requests still running (not paused, not answered / not resolved):
   * they count as missed once passed, which the report judges by its own clock.
   */
  firstDue: number[];
  resolutionDue: number[];
  /** Repeats (同类投诉重复发生) by `category|resident`, and the words for each key. */
  repeats: Record<string, number>;
  repeatLabels: Record<string, string>;
}

/** What the requests resolved in a stretch of time add to the report. */
export interface ResolvedPart {
  /** Survey counts per team of the agent who resolved. */
  teams: Record<string, Surveyed>;
  /** 24 counts by the Beijing hour of resolution. */
  hour: number[];
}

/** The figures of one Beijing day (a rollup) or of a stretch of one (a day the period cuts). */
export interface DayPart {
  created: CreatedPart;
  resolved: ResolvedPart;
}

const bump = (counts: Record<string, number>, key: string, n = 1) => {
  counts[key] = (counts[key] ?? 0) + n;
};

function histogramOf(values: number[]): Histogram {
  const counts: Histogram = {};
  for (const v of values) bump(counts, String(durationBucket(v)));
  return counts;
}

const RUNNING = ['waiting', 'assigned', 'in_progress'];
const running = (r: Row) => !r.pausedAt && RUNNING.includes(r.status);

/** The part of `created` (requests created in the stretch) and `resolved` (resolved in it). */
export function partOf(created: Row[], resolved: Row[]): DayPart {
  const c: CreatedPart = {
    total: created.length,
    category: {},
    priority: {},
    district: {},
    complaintDistrict: {},
    hour: Array<number>(24).fill(0),
    hourFirstMet: Array<number>(24).fill(0),
    firstResponse: {},
    resolution: {},
    answered: 0,
    firstMet: 0,
    resolved: 0,
    resolvedMet: 0,
    firstDue: [],
    resolutionDue: [],
    repeats: {},
    repeatLabels: {},
  };
  const firstSeconds: number[] = [];
  const resolutionSeconds: number[] = [];
  for (const r of created) {
    const hour = beijingParts(r.createdAt).hour;
    bump(c.category, r.category ?? NONE);
    bump(c.priority, r.priority);
    bump(c.district, r.district ?? NO_DISTRICT);
    if (r.category === 'complaint') bump(c.complaintDistrict, r.district ?? NO_DISTRICT);
    if (r.repeatOf && r.category) {
      const key = `${r.category}|${r.userId}`;
      bump(c.repeats, key);
      c.repeatLabels[key] = `${r.residentName}（${r.district ?? NO_DISTRICT}）`;
    }
    c.hour[hour] = (c.hour[hour] ?? 0) + 1;
    if (r.firstResponseAt) {
      c.answered += 1;
      firstSeconds.push((r.firstResponseAt.getTime() - r.createdAt.getTime()) / 1000);
      if (r.firstResponseAt.getTime() <= r.firstResponseDueAt.getTime()) {
        c.firstMet += 1;
        c.hourFirstMet[hour] = (c.hourFirstMet[hour] ?? 0) + 1;
      }
    } else if (running(r)) c.firstDue.push(r.firstResponseDueAt.getTime());
    if (r.resolvedAt) {
      c.resolved += 1;
      resolutionSeconds.push((r.resolvedAt.getTime() - r.createdAt.getTime() - r.pausedMs) / 1000);
      if (r.resolvedAt.getTime() <= r.resolutionDueAt.getTime()) c.resolvedMet += 1;
    } else if (running(r)) c.resolutionDue.push(r.resolutionDueAt.getTime());
  }
  c.firstResponse = histogramOf(firstSeconds);
  c.resolution = histogramOf(resolutionSeconds);

  const d: ResolvedPart = { teams: {}, hour: Array<number>(24).fill(0) };
  for (const r of resolved) {
    if (!r.resolvedAt) continue;
    const hour = beijingParts(r.resolvedAt).hour;
    d.hour[hour] = (d.hour[hour] ?? 0) + 1;
    // every resolving team is listed, surveyed or not
    const team = (d.teams[r.resolvedTeam ?? NO_TEAM] ??= { surveyed: 0, good: 0, average: 0, poor: 0 });
    if (!r.surveyAskedAt) continue;
    team.surveyed += 1;
    const answer = r.survey?.satisfaction;
    if (answer === 'good' || answer === 'average' || answer === 'poor') team[answer] += 1;
  }
  return { created: c, resolved: d };
}

export const emptyPart = (): DayPart => partOf([], []);

/** Sums of count maps. */
export function sumCounts(maps: Array<Record<string, number>>): Map<string, number> {
  const sum = new Map<string, number>();
  for (const m of maps) for (const [k, n] of Object.entries(m)) sum.set(k, (sum.get(k) ?? 0) + n);
  return sum;
}

/** Element-wise sums of 24-hour arrays. */
export function sumHours(lists: number[][]): number[] {
  return Array.from({ length: 24 }, (_, h) => lists.reduce((n, l) => n + (l[h] ?? 0), 0));
}

/**
 * The figures of stretches put together: each figure of `partOf` is a sum (counts, histograms,
 * hour by hour) or a list (deadlines), so the part of several stretches is the part of all
 * their requests (a day from its hours, a report's day from stored and live hours).
 */
export function addParts(parts: readonly DayPart[]): DayPart {
  const created = parts.map((p) => p.created);
  const sum = (k: 'total' | 'answered' | 'firstMet' | 'resolved' | 'resolvedMet') =>
    created.reduce((n, c) => n + c[k], 0);
  const counts = (pick: (c: CreatedPart) => Record<string, number>) => Object.fromEntries(sumCounts(created.map(pick)));
  const teams: Record<string, Surveyed> = {};
  for (const p of parts) {
    for (const [name, s] of Object.entries(p.resolved.teams)) {
      const team = (teams[name] ??= { surveyed: 0, good: 0, average: 0, poor: 0 });
      for (const k of ['surveyed', 'good', 'average', 'poor'] as const) team[k] += s[k];
    }
  }
  return {
    created: {
      total: sum('total'),
      category: counts((c) => c.category),
      priority: counts((c) => c.priority),
      district: counts((c) => c.district),
      complaintDistrict: counts((c) => c.complaintDistrict),
      hour: sumHours(created.map((c) => c.hour)),
      hourFirstMet: sumHours(created.map((c) => c.hourFirstMet)),
      firstResponse: counts((c) => c.firstResponse),
      resolution: counts((c) => c.resolution),
      answered: sum('answered'),
      firstMet: sum('firstMet'),
      resolved: sum('resolved'),
      resolvedMet: sum('resolvedMet'),
      firstDue: created.flatMap((c) => c.firstDue),
      resolutionDue: created.flatMap((c) => c.resolutionDue),
      repeats: counts((c) => c.repeats),
      repeatLabels: Object.assign({}, ...created.map((c) => c.repeatLabels)) as Record<string, string>,
    },
    resolved: { teams, hour: sumHours(parts.map((p) => p.resolved.hour)) },
  };
}

/** Count, median and p90 (nearest rank) of merged histograms. */
export function histogramStats(histograms: Histogram[]) {
  const sorted = [...sumCounts(histograms)].map(([s, n]) => [Number(s), n] as const).sort((a, b) => a[0] - b[0]);
  const count = sorted.reduce((n, [, k]) => n + k, 0);
  const at = (p: number): number | null => {
    if (count === 0) return null;
    const rank = Math.max(1, Math.ceil(p * count));
    let seen = 0;
    for (const [s, n] of sorted) {
      seen += n;
      if (seen >= rank) return s;
    }
    return null;
  };
  return { count, medianSeconds: at(0.5), p90Seconds: at(0.9) };
}
