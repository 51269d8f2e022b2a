import { z } from 'zod';
import { fieldUtilityValues } from '../enums-workorders';
import {
  bulletinPeriodValues,
  bulletinTrendValues,
  followupBusinessValues,
  followupLevelValues,
  followupNoRatingValues,
  followupReasonValues,
  followupSourceValues,
} from '../enums-followups';
import { Id, MobilePhone, Timestamp } from './common';

/** A Beijing calendar day, `YYYY-MM-DD`. */
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式不对');

/** What the follow-up call found, once recorded. */
export const FollowupResult = z.object({
  /** 是否按约服务; null when the resident was not reached or declined. */
  onTime: z.boolean().nullable(),
  level: z.enum(followupLevelValues),
  noRating: z.enum(followupNoRatingValues).nullable(),
  suggestion: z.string().nullable(),
  /** The 投诉 order made from a complaint heard in the call. */
  complaintOrder: z.object({ id: z.string(), no: z.string() }).nullable(),
  at: Timestamp,
  by: z.object({ id: z.string(), displayName: z.string() }),
});
export type FollowupResult = z.infer<typeof FollowupResult>;

/**
 * One follow-up (回访) task: a served business to call back, with its team (班组). The name is
 * masked; the phone is in full only for the follow-up staff, who call (masked for supervisors).
 */
export const FollowupTask = z.object({
  id: z.string(),
  source: z.enum(followupSourceValues),
  /** The work order's number, the help request's id or the business system's reference. */
  sourceRef: z.string(),
  /** The work order or help request it follows up (null for registered counter services). */
  sourceId: z.string().nullable(),
  business: z.enum(followupBusinessValues),
  reason: z.enum(followupReasonValues),
  team: z.string(),
  utility: z.enum(fieldUtilityValues).nullable(),
  district: z.string().nullable(),
  servedAt: Timestamp,
  dueAt: Timestamp,
  overdue: z.boolean(),
  residentName: z.string(),
  phone: z.string().nullable(),
  summary: z.string().nullable(),
  /** The 专题回访 it belongs to, by name. */
  campaign: z.object({ id: z.string(), name: z.string() }).nullable(),
  result: FollowupResult.nullable(),
});
export type FollowupTask = z.infer<typeof FollowupTask>;

/** `GET /api/agent/followups`: the due list, oldest due first, paged. */
export const FollowupListQuery = z.object({
  state: z.enum(['open', 'done', 'all']).default('open'),
  team: z.string().trim().min(1).max(40).optional(),
  business: z.enum(followupBusinessValues).optional(),
  /** Only the tasks of this 专题回访. */
  campaign: Id.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type FollowupListQuery = z.infer<typeof FollowupListQuery>;

export const FollowupPage = z.object({
  serverTime: Timestamp,
  items: z.array(FollowupTask),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Every task the filters match, over all pages. */
  total: z.number().int(),
  /** The teams that have tasks, for the filter. */
  teams: z.array(z.string()),
});
export type FollowupPage = z.infer<typeof FollowupPage>;

/**
 * `POST /api/agent/followups/:id`: the call, recorded once. Three taps: 是否按约服务, one of the
 * five levels or 未评价 (with its reason: 未接通 / 拒绝评价), and an optional suggestion. A
 * complaint heard becomes a 投诉 order for the complaint desk; a task with no utility of its own
 * (a help request) names the utility it is about.
 */
export const FollowupRecordBody = z
  .strictObject({
    onTime: z.boolean().optional(),
    level: z.enum(followupLevelValues, { error: '请选一个评价' }),
    noRating: z.enum(followupNoRatingValues).optional(),
    suggestion: z.string().trim().max(500, '最多 500 个字').optional(),
    complaint: z
      .strictObject({
        text: z.string().trim().min(2, '请写明居民投诉什么').max(500, '最多 500 个字'),
        utility: z.enum(fieldUtilityValues).optional(),
      })
      .optional(),
  })
  .superRefine((b, ctx) => {
    if (b.level === 'none' && !b.noRating)
      ctx.addIssue({ code: 'custom', path: ['noRating'], message: '请选未接通还是拒绝评价' });
    if (b.level !== 'none' && b.noRating)
      ctx.addIssue({ code: 'custom', path: ['noRating'], message: '有评价时不选未评价的原因' });
    if (b.level !== 'none' && b.onTime === undefined)
      ctx.addIssue({ code: 'custom', path: ['onTime'], message: '请选是否按约服务' });
  });
export type FollowupRecordBody = z.infer<typeof FollowupRecordBody>;

/** One business served outside the app (前台营业, 抄表 at a 营业所), from the unit's own system. */
export const ServedBusiness = z.strictObject({
  /** The business system's own reference: the same reference registered twice is one task. */
  ref: z.string().regex(/^[\w-]{1,64}$/, '业务编号格式不对'),
  business: z.enum(['counter', 'meter', 'account_change', 'installation', 'inquiry'], { error: '业务类型不对' }),
  servedAt: Timestamp,
  residentName: z.string().trim().min(1, '请填写客户姓名').max(40),
  phone: MobilePhone,
  district: z.string().trim().min(1).max(20),
  summary: z.string().trim().max(200).optional(),
});
export type ServedBusiness = z.infer<typeof ServedBusiness>;

/** `POST /api/agent/followups/services`: a unit's served businesses, up to 100 at once (the body limit). */
export const RegisterServicesBody = z.strictObject({
  unitId: Id,
  items: z.array(ServedBusiness).min(1).max(100),
});
export type RegisterServicesBody = z.infer<typeof RegisterServicesBody>;

export const RegisterServicesResult = z.object({
  /** Businesses received (a repeated reference counts once). */
  received: z.number().int(),
  /** Of those, the ones sampled for follow-up. */
  followups: z.number().int(),
  /** The follow-up of each sampled business, by its reference, for the business system to keep. */
  tasks: z.array(z.object({ ref: z.string(), followupId: z.string() })),
});
export type RegisterServicesResult = z.infer<typeof RegisterServicesResult>;

/** `GET /api/agent/followups/bulletin`: the 回访简报 of the period containing `date` (Beijing). */
export const BulletinQuery = z.object({
  period: z.enum(bulletinPeriodValues).default('month'),
  date: Day.optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
export type BulletinQuery = z.infer<typeof BulletinQuery>;

export const BulletinRange = z.object({ from: Day, to: Day, label: z.string() });
export type BulletinRange = z.infer<typeof BulletinRange>;

/** One team's line (or the 合计 line): counts, 满意率 now and a year before, and the words. */
export const BulletinRow = z.object({
  team: z.string(),
  /** 回访户数: every recorded follow-up, 未评价 included. */
  visited: z.number().int(),
  counts: z.record(z.enum(followupLevelValues), z.number().int()),
  /** 1 − (一般+合格+不合格)/回访户数, null with no follow-ups. */
  rate: z.number().nullable(),
  rateText: z.string(),
  lastYearVisited: z.number().int(),
  lastYearRate: z.number().nullable(),
  lastYearRateText: z.string(),
  trend: z.enum(bulletinTrendValues),
  trendText: z.string(),
});
export type BulletinRow = z.infer<typeof BulletinRow>;

export const Bulletin = z.object({
  period: z.enum(bulletinPeriodValues),
  current: BulletinRange,
  lastYear: BulletinRange,
  rows: z.array(BulletinRow),
  total: BulletinRow,
});
export type Bulletin = z.infer<typeof Bulletin>;
