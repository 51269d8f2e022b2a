import { z } from 'zod';
import { campaignStateValues, followupBusinessValues } from '../enums-followups';
import { Timestamp } from './common';

/** A Beijing calendar day, `YYYY-MM-DD`. */
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式不对，例如 2026-06-01');

/** What a 专题回访 covers: one business type, one unit (班组, by its name), or one district. */
export const CampaignScope = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('business'), business: z.enum(followupBusinessValues, { error: '请选业务类型' }) }),
  z.strictObject({ kind: z.literal('team'), team: z.string().trim().min(1, '请选班组').max(40) }),
  z.strictObject({ kind: z.literal('district'), district: z.string().trim().min(1, '请选区域').max(20) }),
]);
export type CampaignScope = z.infer<typeof CampaignScope>;

/**
 * `POST /api/agent/followups/campaigns`: a supervisor starts a 专题回访. Every record of the scope
 * served in the period (Beijing days, both included) is followed up, whatever the sampling table
 * says; so is every new one while the campaign runs.
 */
export const StartCampaignBody = z
  .strictObject({
    name: z.string().trim().min(2, '请写专题名称').max(40, '名称最多 40 个字'),
    scope: CampaignScope,
    from: Day,
    to: Day,
  })
  .refine((b) => b.from <= b.to, { path: ['to'], message: '结束日期不能早于开始日期' });
export type StartCampaignBody = z.infer<typeof StartCampaignBody>;

/** A 专题回访 with its counts: its tasks (open and done) and the ones recorded. */
export const Campaign = z.object({
  id: z.string(),
  name: z.string(),
  scope: CampaignScope,
  /** The scope in words: 「业务类型：维修」. */
  scopeText: z.string(),
  from: Day,
  to: Day,
  state: z.enum(campaignStateValues),
  tasks: z.number().int(),
  done: z.number().int(),
  createdAt: Timestamp,
  createdBy: z.string(),
  endedAt: Timestamp.nullable(),
});
export type Campaign = z.infer<typeof Campaign>;

/** `GET /api/agent/followups/campaigns`: every campaign, the running ones first, newest first. */
export const CampaignList = z.object({
  items: z.array(Campaign),
  total: z.number().int(),
  /** What the start form offers: the teams (班组) and the districts there are. */
  teams: z.array(z.string()),
  districts: z.array(z.string()),
});
export type CampaignList = z.infer<typeof CampaignList>;
