import { z } from 'zod';
import { Timestamp } from './common';
import { BeijingDay } from './workorders';

/**
 * `GET /api/agent/reports?from=&to=`: ISO timestamps, `from` inclusive, `to` exclusive, at most
 * 366 days apart. Requests count in the period they were created in; satisfaction counts the
 * requests resolved in the period.
 */
export const ReportQuery = z
  .object({ from: Timestamp, to: Timestamp })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { message: '开始时间要早于结束时间', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
    message: '最多查询一年',
    path: ['to'],
  });
export type ReportQuery = z.infer<typeof ReportQuery>;

/** A count under a key (a category, priority or district), with its Chinese label. */
export const ReportCount = z.object({ key: z.string(), label: z.string(), count: z.number().int() });
export type ReportCount = z.infer<typeof ReportCount>;

/**
 * A duration as the reports keep it (their daily rollups hold a count per kept value): whole
 * seconds below an hour, whole minutes below a day, whole hours beyond, always rounded down.
 */
export function durationBucket(seconds: number): number {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 3600) return s;
  return s < 86_400 ? s - (s % 60) : s - (s % 3600);
}

/**
 * Median and 90th percentile (nearest rank) of durations in seconds, each to the precision of
 * {@link durationBucket}: exact to the second below an hour, to the minute below a day, to the
 * hour beyond (null when there is nothing to measure).
 */
export const DurationStats = z.object({
  count: z.number().int(),
  medianSeconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
});
export type DurationStats = z.infer<typeof DurationStats>;

/** Deadlines met out of the deadlines decided (met, or passed). `rate` is 0..1 or null. */
export const SlaFigure = z.object({ met: z.number().int(), total: z.number().int(), rate: z.number().nullable() });
export type SlaFigure = z.infer<typeof SlaFigure>;

/**
 * Satisfaction = 1 − (average + poor) / surveyed, where surveyed counts every resolved request
 * that was asked, answered or not (unanswered ones count as not dissatisfied).
 */
export const SatisfactionFigure = z.object({
  surveyed: z.number().int(),
  answered: z.number().int(),
  good: z.number().int(),
  average: z.number().int(),
  poor: z.number().int(),
  rate: z.number().nullable(),
});
export type SatisfactionFigure = z.infer<typeof SatisfactionFigure>;

/** A hotspot: count this week (the 7 days before `to`) against the week before. */
export const HotspotCount = z.object({
  key: z.string(),
  label: z.string(),
  thisWeek: z.number().int(),
  lastWeek: z.number().int(),
});
export type HotspotCount = z.infer<typeof HotspotCount>;

/**
 * One step of the trend: the requests created in a Beijing day (periods up to 31 days) or a
 * week starting on `day`, and the satisfaction of those resolved in it.
 */
export const TrendPoint = z.object({
  day: BeijingDay,
  /** 「1月5日」, or for a week 「1月5日起」. */
  label: z.string(),
  count: z.number().int(),
  resolved: z.number().int(),
  /** Satisfaction of the requests resolved in the step, as `SatisfactionFigure.rate`. */
  satisfaction: z.number().nullable(),
});
export type TrendPoint = z.infer<typeof TrendPoint>;

/** A share of the period's requests: `count` of `total`; `rate` 0..1, or null when `total` is 0. */
export const RateFigure = z.object({ count: z.number().int(), total: z.number().int(), rate: z.number().nullable() });
export type RateFigure = z.infer<typeof RateFigure>;

/** One hour of today (分时段实时指标). */
export const TodayHour = z.object({
  /** 0..23, Beijing time. */
  hour: z.number().int(),
  /** Requests created in the hour. */
  created: z.number().int(),
  /** Of those, answered by a person within their first-response time (so far). */
  answeredInTime: z.number().int(),
  /** `answeredInTime / created`, or null. */
  answeredRate: z.number().nullable(),
  /** Requests resolved in the hour. */
  resolved: z.number().int(),
});
export type TodayHour = z.infer<typeof TodayHour>;

/**
 * 同类投诉重复发生: a request is a repeat when the same resident, or a request about the same
 * account, had another request of the same category (a quick reason: 缴费失败, 投诉 …) in the 30
 * days before it; judged when the request is made or its category changes.
 */
export const RepeatFigure = z.object({
  /** Requests created in the period that are repeats. */
  count: z.number().int(),
  /** The residents with the most repeats in the period, per category, most first (up to 10). */
  top: z.array(z.object({ key: z.string(), label: z.string(), category: z.string(), count: z.number().int() })),
});
export type RepeatFigure = z.infer<typeof RepeatFigure>;

export const HelpReport = z.object({
  from: Timestamp,
  to: Timestamp,
  timeZone: z.literal('Asia/Shanghai'),
  total: z.number().int(),
  byCategory: z.array(ReportCount),
  byPriority: z.array(ReportCount),
  byDistrict: z.array(ReportCount),
  /** 24 entries, hour 0..23 of the day in Asia/Shanghai. */
  byHour: z.array(z.object({ hour: z.number().int(), count: z.number().int() })),
  /** Seconds from creation to the first agent response. */
  firstResponse: DurationStats,
  /** Seconds from creation to resolution, less the time spent waiting on the resident. */
  resolution: DurationStats,
  sla: z.object({ firstResponse: SlaFigure, resolution: SlaFigure, overall: SlaFigure }),
  satisfaction: SatisfactionFigure.extend({
    /** Per team of the agent who resolved the request, with the team's figure of the previous period. */
    byTeam: z.array(SatisfactionFigure.extend({ team: z.string(), previous: SatisfactionFigure })),
    /** The same figure for the period of the same length just before `from`. */
    previous: SatisfactionFigure.extend({ from: Timestamp, to: Timestamp }),
  }),
  /** The period step by step, oldest first: by day up to 31 days, else by week. */
  trend: z.object({ step: z.enum(['day', 'week']), points: z.array(TrendPoint) }),
  /** Complaints (category 投诉) by district, and every category, this week vs last week. */
  hotspots: z.object({ categories: z.array(HotspotCount), districts: z.array(HotspotCount) }),
  /** Shares of the requests created in the period. */
  rates: z.object({
    /** 接通率: answered by a person within their first-response time. */
    answered: RateFigure,
    /** 办结率: resolved (by the time of the report). */
    resolved: RateFigure,
    /** 投诉率: of category 投诉. */
    complaints: RateFigure,
  }),
  /** 分时段实时指标: today in Beijing, hour by hour up to the current hour, whatever the period. */
  today: z.object({ day: BeijingDay, hours: z.array(TodayHour) }),
  repeats: RepeatFigure,
});
export type HelpReport = z.infer<typeof HelpReport>;
