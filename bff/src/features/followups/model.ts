import { Schema, type InferSchemaType } from 'mongoose';
import {
  campaignScopeKindValues,
  campaignStateValues,
  fieldUtilityValues,
  followupBusinessValues,
  followupLevelValues,
  followupNoRatingValues,
  followupReasonValues,
  followupSourceValues,
} from '@bianmin/shared';

const noId = { _id: false } as const;

/**
 * A follow-up (回访) task: one served record (a checked work order, a resolved help request, a
 * counter service registered from a unit's system) that was sampled. `_id` is fixed by the
 * record (`idFor('<source>:<id>')`), so a record becomes a task at most once. `team` (班组) is the
 * work order's unit, the resolving agent's team, or the registering unit. `dueSlot` is the Beijing
 * hour of `dueAt`: the due list reads one hour at a time by equality (slots.ts keeps each hour's
 * counts), so no query sorts or counts the whole collection. `campaignId` names the 专题回访 that
 * made or took the task.
 */
export const followupTaskSchema = new Schema(
  {
    _id: { type: String, required: true },
    source: { type: String, enum: followupSourceValues, required: true },
    sourceId: { type: String, default: null },
    sourceRef: { type: String, required: true },
    business: { type: String, enum: followupBusinessValues, required: true },
    reason: { type: String, enum: followupReasonValues, required: true },
    team: { type: String, required: true },
    unitId: { type: String, default: null },
    utility: { type: String, enum: [...fieldUtilityValues, null], default: null },
    district: { type: String, default: null },
    address: { type: String, default: null },
    servedAt: { type: Date, required: true },
    dueAt: { type: Date, required: true },
    dueSlot: { type: String, required: true },
    campaignId: { type: String, default: null },
    residentName: { type: String, required: true },
    phone: { type: String, default: null },
    summary: { type: String, default: null },
    state: { type: String, enum: ['open', 'done'], required: true, default: 'open' },
    result: {
      type: new Schema(
        {
          onTime: { type: Boolean, default: null },
          level: { type: String, enum: followupLevelValues },
          noRating: { type: String, enum: [...followupNoRatingValues, null], default: null },
          suggestion: { type: String, default: null },
          complaintOrderId: { type: String, default: null },
          complaintOrderNo: { type: String, default: null },
          at: Date,
          byId: String,
          byName: String,
        },
        noId,
      ),
      default: null,
    },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
followupTaskSchema.index({ dueSlot: 1, state: 1, dueAt: 1 });

export type FollowupTaskRecord = InferSchemaType<typeof followupTaskSchema>;

/**
 * The claim of a task's one record: inserted under the task's id before anything else is
 * written, so of two calls recording the same task exactly one goes on (FerretDB applies inserts
 * atomically, guarded updates not).
 */
export const followupAnswerSchema = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    /** The result and the complaint as recorded: whoever finishes a half-done record uses them. */
    result: { type: Schema.Types.Mixed, default: null },
    complaint: { type: Schema.Types.Mixed, default: null },
  },
  { versionKey: false, minimize: false },
);

/**
 * The counts of one recorded follow-up under its Beijing day (`key` 2009-03-14), written once
 * (`_id` = `key|task`) as it is recorded (older releases wrote a second one under its month,
 * `key` 2009-03, which nothing reads now). The bulletin reads a day's documents (an equality read
 * on `key`) only while the day has no fresh sum (`followupDaySumSchema`). (Inserts, not `$inc` on
 * shared counters: FerretDB 1.24 loses parallel `$inc`s.)
 */
export const followupCountSchema = new Schema(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    team: { type: String, required: true },
    business: { type: String, enum: followupBusinessValues, required: true },
    visited: { type: Number, default: 0 },
    excellent: { type: Number, default: 0 },
    good: { type: Number, default: 0 },
    fair: { type: Number, default: 0 },
    pass: { type: Number, default: 0 },
    fail: { type: Number, default: 0 },
    none: { type: Number, default: 0 },
    late: { type: Number, default: 0 },
  },
  { versionKey: false },
);
followupCountSchema.index({ key: 1 });

export type FollowupCountRecord = InferSchemaType<typeof followupCountSchema>;

/**
 * "The counts of this Beijing day changed" (`_id` the day): written with a new random `token` by
 * every record after its count is inserted. A day's sum taken under another token is stale.
 */
export const followupCountMarkSchema = new Schema(
  {
    _id: { type: String, required: true },
    month: { type: String, required: true },
    token: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
followupCountMarkSchema.index({ month: 1 });

export type FollowupCountMarkRecord = InferSchemaType<typeof followupCountMarkSchema>;

/**
 * The bulletin's counts of one Beijing day (`_id` the day), per team, summed from the day's
 * count documents under the day's mark `token` read before summing: a year's bulletin reads 365
 * of these (twelve equality reads on `month`) instead of every follow-up of two years.
 */
export const followupDaySumSchema = new Schema(
  {
    _id: { type: String, required: true },
    month: { type: String, required: true },
    token: { type: String, required: true },
    rows: { type: [Schema.Types.Mixed], default: [] },
    computedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
followupDaySumSchema.index({ month: 1 });

export type FollowupDaySumRecord = InferSchemaType<typeof followupDaySumSchema>;

/**
 * "The tasks due in this Beijing hour changed": written by every writer of tasks, before and after
 * its write, with a new random `token` (only writers write it, so a lost update between two of
 * them still leaves a new token). A slot's tally counted under another token is stale.
 */
export const followupSlotMarkSchema = new Schema(
  {
    _id: { type: String, required: true },
    token: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export type FollowupSlotMarkRecord = InferSchemaType<typeof followupSlotMarkSchema>;

/**
 * The tasks of one state due in one Beijing hour (`_id` `open|2026-06-30 09`), counted per team,
 * business type and campaign by one equality read of the hour, under the slot's mark `token` read
 * before counting. Only counters write it, each the whole document.
 */
export const followupSlotTallySchema = new Schema(
  {
    _id: { type: String, required: true },
    state: { type: String, enum: ['open', 'done'], required: true },
    slot: { type: String, required: true },
    token: { type: String, required: true },
    markAt: { type: Date, required: true },
    countedAt: { type: Date, required: true },
    entries: {
      type: [
        new Schema(
          {
            team: { type: String, required: true },
            business: { type: String, required: true },
            campaignId: { type: String, default: null },
            n: { type: Number, required: true },
          },
          noId,
        ),
      ],
      default: [],
    },
  },
  { versionKey: false },
);
followupSlotTallySchema.index({ state: 1 });

export type FollowupSlotTallyRecord = InferSchemaType<typeof followupSlotTallySchema>;

/**
 * A 专题回访 (thematic campaign): a supervisor's name for it, what it covers (one business type,
 * unit or district), its period in Beijing days, and whether it still takes new records. Its
 * counts come from the slot tallies (by `campaignId`), not from counters of its own.
 */
export const followupCampaignSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    scope: {
      type: new Schema(
        {
          kind: { type: String, enum: campaignScopeKindValues, required: true },
          business: { type: String, enum: [...followupBusinessValues, null], default: null },
          team: { type: String, default: null },
          district: { type: String, default: null },
        },
        noId,
      ),
      required: true,
    },
    from: { type: String, required: true },
    to: { type: String, required: true },
    state: { type: String, enum: campaignStateValues, required: true },
    createdAt: { type: Date, required: true },
    createdById: { type: String, required: true },
    createdByName: { type: String, required: true },
    endedAt: { type: Date, default: null },
  },
  { versionKey: false },
);
followupCampaignSchema.index({ state: 1 });

export type FollowupCampaignRecord = InferSchemaType<typeof followupCampaignSchema>;
