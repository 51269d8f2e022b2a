import { Schema, type InferSchemaType, type Types } from 'mongoose';
import {
  beijingDay,
  beijingHour,
  helpActorValues,
  helpCategoryValues,
  helpMessageKindValues,
  helpPriorityValues,
  helpStatusValues,
  satisfactionValues,
  slaKindValues,
} from '@bianmin/shared';

const messageSchema = new Schema(
  {
    from: { type: String, enum: helpActorValues, required: true },
    authorId: { type: String, default: null },
    authorName: { type: String, default: null },
    /** The words; for a voice message its label (「语音 12秒」). */
    text: { type: String, required: true },
    kind: { type: String, enum: helpMessageKindValues, required: true, default: 'text' },
    /** A voice message's clip in the GridFS bucket `voices` (help/voices.ts) and its length. */
    voice: {
      type: new Schema({ voiceId: { type: String, required: true }, seconds: Number }, { _id: false }),
      default: null,
    },
    at: { type: Date, required: true },
    /** The resident app's key for this message: a repeat of it is answered with this one. */
    clientKey: { type: String, default: null },
  },
  { _id: true },
);

const noteSchema = new Schema(
  {
    authorId: { type: String, required: true },
    authorName: { type: String, required: true },
    text: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { _id: true },
);

const auditSchema = new Schema(
  {
    at: { type: Date, required: true },
    actorKind: { type: String, enum: helpActorValues, required: true },
    actorId: { type: String, default: null },
    actorName: { type: String, default: null },
    action: { type: String, required: true },
    from: { type: String, default: null },
    to: { type: String, default: null },
    detail: { type: String, default: null },
  },
  { _id: false },
);

/**
 * A help request (求助 / 工单). Every change is one `findOneAndUpdate` guarded by `rev` (and the
 * expected status), so two agents or two instances never both win. Times come from the
 * injected clock, not from mongoose timestamps.
 */
export const helpRequestSchema = new Schema(
  {
    rev: { type: Number, required: true, default: 0 },
    userId: { type: String, required: true },
    /**
     * `<userId>:<clientKey>` when the app sent a key, else the request's own id: unique, so a
     * retried tap finds the request it made (a sparse or partial index would be simpler, but
     * FerretDB 1.24 has neither).
     */
    createKey: { type: String, required: true, unique: true },
    residentName: { type: String, required: true },
    residentPhone: { type: String, default: null },
    elder: { type: Boolean, required: true },
    category: { type: String, enum: [...helpCategoryValues, null], default: null },
    text: { type: String, default: null },
    context: {
      page: { type: String, default: null },
      accountId: { type: String, default: null },
      billId: { type: String, default: null },
      paymentId: { type: String, default: null },
      outletId: { type: String, default: null },
    },
    location: { type: new Schema({ lat: Number, lng: Number }, { _id: false }), default: null },
    priority: { type: String, enum: helpPriorityValues, required: true },
    /** Queue order: 0 for call-back tasks, then 1 + the priority's rank. */
    rank: { type: Number, required: true },
    status: { type: String, enum: helpStatusValues, required: true, default: 'waiting' },
    district: { type: String, default: null },
    gridId: { type: String, default: null },
    offeredTo: { type: String, enum: ['grid', 'pool'], required: true },
    gridUntil: { type: Date, default: null },
    assignedAgentId: { type: String, default: null },
    assignedAgentName: { type: String, default: null },
    assignedTeam: { type: String, default: null },
    assignedAt: { type: Date, default: null },
    firstResponseAt: { type: Date, default: null },
    firstResponseDueAt: { type: Date, required: true },
    resolutionDueAt: { type: Date, required: true },
    pausedAt: { type: Date, default: null },
    pausedMs: { type: Number, required: true, default: 0 },
    callbackPhone: { type: String, default: null },
    callback: {
      type: new Schema(
        {
          phone: { type: String, default: null },
          reason: { type: String, enum: ['timeout', 'resident'] },
          since: Date,
        },
        { _id: false },
      ),
      default: null,
    },
    escalated: { first_response: { type: Date, default: null }, resolution: { type: Date, default: null } },
    messages: { type: [messageSchema], default: [] },
    notes: { type: [noteSchema], default: [] },
    audit: { type: [auditSchema], default: [] },
    resolvedAt: { type: Date, default: null },
    resolvedById: { type: String, default: null },
    resolvedTeam: { type: String, default: null },
    resolutionSummary: { type: String, default: null },
    surveyAskedAt: { type: Date, default: null },
    survey: {
      type: new Schema(
        {
          onTime: Boolean,
          satisfaction: { type: String, enum: satisfactionValues },
          suggestion: { type: String, default: null },
          at: Date,
        },
        { _id: false },
      ),
      default: null,
    },
    closedAt: { type: Date, default: null },
    /** The resident took it back before anyone answered (closed, never resolved). */
    cancelledAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    /**
     * The Beijing days (`YYYY-MM-DD`) and hours (`YYYY-MM-DDTHH`) of `createdAt` and `resolvedAt`:
     * the reports' rollups read a day's or an hour's requests by these equalities, which the
     * embedded FerretDB hands to its storage (a range on `createdAt` it cannot). Filled on insert
     * (below) and by `mutate` (help/core.ts).
     */
    createdDay: { type: String, default: null },
    resolvedDay: { type: String, default: null },
    createdHour: { type: String, default: null },
    resolvedHour: { type: String, default: null },
    /** `context.accountId` at the top level, where FerretDB's storage can serve an equality on it. */
    accountId: { type: String, default: null },
    /**
     * The earlier request of the same category by the same resident or about the same account
     * within 30 days, when there is one (同类投诉重复发生; help/repeats.ts).
     */
    repeatOf: { type: String, default: null },
  },
  { versionKey: false },
);

type ReportTimes = Partial<Record<'createdDay' | 'createdHour' | 'resolvedDay' | 'resolvedHour', string | null>>;

/**
 * The report days and hours (`createdDay` … `resolvedHour`) of those of `createdAt` and
 * `resolvedAt` that `times` holds: one recipe for the insert hook, `mutate` and the backfill.
 */
export function reportTimes(times: { createdAt?: Date; resolvedAt?: Date | null }): ReportTimes {
  const out: ReportTimes = {};
  if (times.createdAt) {
    out.createdDay = beijingDay(times.createdAt);
    out.createdHour = beijingHour(times.createdAt);
  }
  if ('resolvedAt' in times) {
    out.resolvedDay = times.resolvedAt ? beijingDay(times.resolvedAt) : null;
    out.resolvedHour = times.resolvedAt ? beijingHour(times.resolvedAt) : null;
  }
  return out;
}

// every insert (the app's create, the demo history, the benchmark's data) gets its days and hours here
helpRequestSchema.pre('validate', function fillDays() {
  this.set(reportTimes({ createdAt: this.createdAt, resolvedAt: this.resolvedAt }));
  this.accountId = this.context?.accountId ?? null;
});
helpRequestSchema.index({ userId: 1, createdAt: -1 });
helpRequestSchema.index({ createdDay: 1 });
helpRequestSchema.index({ resolvedDay: 1 });
helpRequestSchema.index({ createdHour: 1 });
helpRequestSchema.index({ resolvedHour: 1 });
helpRequestSchema.index({ accountId: 1 });
helpRequestSchema.index({ status: 1, rank: 1, createdAt: 1 });
helpRequestSchema.index({ assignedAgentId: 1, status: 1 });
helpRequestSchema.index({ createdAt: 1 });
helpRequestSchema.index({ resolvedAt: 1 });

export type HelpRequestRecord = InferSchemaType<typeof helpRequestSchema> & { _id: Types.ObjectId };

/** An SLA deadline that passed; unique per request and clock, so it is recorded once. */
export const helpEscalationSchema = new Schema(
  {
    helpId: { type: String, required: true },
    kind: { type: String, enum: slaKindValues, required: true },
    dueAt: { type: Date, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
helpEscalationSchema.index({ helpId: 1, kind: 1 }, { unique: true });
helpEscalationSchema.index({ at: -1 });

/**
 * One seat of an agent's capacity (`_id` = `agentId:k`, k < capacity), held by the request it
 * was taken for. The primary key is what makes two claims never share a seat on every backend
 * (FerretDB does not re-check a conditional update's filter); a seat whose request is no longer
 * hers is taken back when she is full (see help/assign.ts).
 */
export const helpSeatSchema = new Schema(
  {
    _id: String,
    agentId: { type: String, required: true },
    helpId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
helpSeatSchema.index({ agentId: 1 });

export type HelpSeatRecord = InferSchemaType<typeof helpSeatSchema>;
export type HelpEscalationRecord = InferSchemaType<typeof helpEscalationSchema> & { _id: Types.ObjectId };

/**
 * An hour whose rollup figures are out of date: inserted under a random `_id` after every write
 * of a request, for its created and resolved hours (help/core.ts `publish`). The rollup job
 * deletes exactly the marks it read; the report computes a marked hour from the requests
 * themselves. A mark without an hour (older versions, the seed, the backfill) is the whole day.
 */
export const helpDayMarkSchema = new Schema(
  {
    _id: String,
    day: { type: String, required: true },
    /** `YYYY-MM-DDTHH` within `day`, or null for all of it. */
    hour: { type: String, default: null },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
helpDayMarkSchema.index({ day: 1 });

/**
 * The report figures of one Beijing day's requests, hour by hour (help/rollup.ts `DayPart`s),
 * one version per computation: `_id` = `day|computedAt|random`. Readers take the newest
 * `computedAt`, so a slow computation of an earlier leader, written last, never wins over a
 * newer one. Versions of older releases hold the whole day in `part` and no `hours`.
 */
export const helpDayRollupSchema = new Schema(
  {
    _id: String,
    day: { type: String, required: true },
    /** When the computation began reading the requests (its snapshot's time). */
    computedAt: { type: Date, required: true },
    /** The figures by Beijing hour (`00`…`23`), only of hours that have any. */
    hours: { type: Schema.Types.Mixed, default: null },
    /** When each hour's figures were read (epoch ms by `00`…`23`), figures or none. */
    hourAt: { type: Schema.Types.Mixed, default: null },
    part: { type: Schema.Types.Mixed, default: null },
  },
  { versionKey: false, minimize: false },
);
helpDayRollupSchema.index({ day: 1 });

/**
 * A rollup version's day figures whole, apart from its hours (same `_id` as the version): what a
 * report reading a settled day takes. Kept apart because the embedded database reads a whole
 * document even when asked for one field, and the 24 hours' histograms are most of a version.
 * Written before its version can be dropped, dropped with it.
 */
export const helpDaySumSchema = new Schema(
  {
    _id: String,
    day: { type: String, required: true },
    computedAt: { type: Date, required: true },
    whole: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, minimize: false },
);
helpDaySumSchema.index({ day: 1 });

export type HelpDayRollupRecord = InferSchemaType<typeof helpDayRollupSchema> & { _id: string };
export type HelpDaySumRecord = InferSchemaType<typeof helpDaySumSchema> & { _id: string };
export type HelpDayMarkRecord = InferSchemaType<typeof helpDayMarkSchema> & { _id: string };
