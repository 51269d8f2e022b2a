import { Schema, type InferSchemaType } from 'mongoose';
import {
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
 * work order's unit, the resolving agent's team, or the registering unit. Lists read it by
 * equality on `state` (and `team` or `business`) sorted by `dueAt`, each served by an index.
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
followupTaskSchema.index({ state: 1, dueAt: 1 });
followupTaskSchema.index({ state: 1, team: 1, dueAt: 1 });
followupTaskSchema.index({ state: 1, business: 1, dueAt: 1 });

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
 * The counts of one recorded follow-up under its Beijing day (`key` 2009-03-14) and its month
 * (`key` 2009-03), written once each (`_id` = `key|task`) as it is recorded: a bulletin sums the
 * documents of a few keys (equality reads on `key`, served by its index) instead of reading the
 * follow-ups. (Inserts, not `$inc` on shared counters: FerretDB 1.24 loses parallel `$inc`s.)
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
