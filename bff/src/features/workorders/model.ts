import { Schema, type InferSchemaType, type Types } from 'mongoose';
import {
  fieldUtilityValues,
  repairCauseValues,
  satisfactionValues,
  slaClockValues,
  slotPartValues,
  workOrderActionValues,
  workOrderActorValues,
  workOrderPriorityValues,
  workOrderSourceValues,
  workOrderStatusValues,
  workOrderTypeValues,
} from '@bianmin/shared';

/** Sub-documents are values of the order, without ids of their own. */
const noId = { _id: false } as const;

/**
 * A work order (工单) to a responsible unit. It is the projection of its steps (`WorkOrderStep`):
 * every change is a step inserted under the order's next number, which only one writer can
 * take, and then applied here as a plain `$set` (see core.ts). `n` is the number of steps
 * applied. Times come from the injected clock, not from mongoose timestamps.
 */
export const workOrderSchema = new Schema(
  {
    /** A number for people (`GD260105…`); not unique by itself, the `_id` is. */
    no: { type: String, required: true },
    n: { type: Number, required: true },
    type: { type: String, enum: workOrderTypeValues, required: true },
    priority: { type: String, enum: workOrderPriorityValues, required: true },
    utility: { type: String, enum: fieldUtilityValues, required: true },
    problem: { type: String, default: null },
    /** An outage report (停电/停水/停气): counted for incidents, matched to notices. */
    outage: { type: Boolean, required: true, default: false },
    source: { type: String, enum: workOrderSourceValues, required: true },
    helpId: { type: String, default: null },
    /** The follow-up (回访) call that heard the complaint this order is for. */
    followupId: { type: String, default: null },
    createdBy: new Schema({ kind: { type: String, enum: workOrderActorValues }, id: String, name: String }, noId),
    /** The resident it is for, when she has an account here. */
    userId: { type: String, default: null },
    residentName: { type: String, required: true },
    residentPhone: { type: String, default: null },
    accountId: { type: String, default: null },
    accountNo: { type: String, default: null },
    gridId: { type: String, default: null },
    district: { type: String, required: true },
    street: { type: String, default: null },
    address: { type: String, required: true },
    location: { type: new Schema({ lat: Number, lng: Number }, noId), default: null },
    description: { type: String, default: null },
    photos: { type: [String], default: [] },
    preferredTime: { type: new Schema({ from: Date, to: Date }, noId), default: null },
    slot: { type: new Schema({ day: String, part: { type: String, enum: slotPartValues } }, noId), default: null },
    status: { type: String, enum: workOrderStatusValues, required: true },
    unitId: { type: String, default: null },
    unitName: { type: String, default: null },
    /** Who sent it to the unit (退单 goes back to the dispatcher); null when dispatched by the system. */
    dispatcherId: { type: String, default: null },
    dispatcherName: { type: String, default: null },
    /** The step number of the last dispatch: escalations are counted per dispatch. */
    dispatchN: { type: Number, default: null },
    assigneeId: { type: String, default: null },
    assigneeName: { type: String, default: null },
    assigneePhone: { type: String, default: null },
    dispatchedAt: { type: Date, default: null },
    /** The Beijing day of the last dispatch step: the day its steps are counted under (stints.ts). */
    stintDay: { type: String, default: null },
    acceptedAt: { type: Date, default: null },
    contactedAt: { type: Date, default: null },
    arrivedAt: { type: Date, default: null },
    completedAt: { type: Date, default: null },
    checkedAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    contactDueAt: { type: Date, default: null },
    arrivalDueAt: { type: Date, default: null },
    completionDueAt: { type: Date, default: null },
    /** The escalation level each time limit reached since the last dispatch (0, 1, 2). */
    escalation: {
      type: new Schema({ contact: Number, arrival: Number, completion: Number }, noId),
      default: () => ({ contact: 0, arrival: 0, completion: 0 }),
    },
    report: {
      type: new Schema(
        {
          summary: String,
          cause: { type: String, enum: repairCauseValues },
          notes: { type: String, default: null },
          photos: { type: [String], default: [] },
          at: Date,
          byId: String,
          byName: String,
        },
        noId,
      ),
      default: null,
    },
    unable: { type: new Schema({ reason: String, newTime: Date, at: Date }, noId), default: null },
    lastReturn: { type: new Schema({ reason: String, byName: String, at: Date }, noId), default: null },
    lastCheck: {
      type: new Schema({ accepted: Boolean, reason: String, byName: String, at: Date }, noId),
      default: null,
    },
    rating: {
      type: new Schema({ satisfaction: { type: String, enum: satisfactionValues }, comment: String, at: Date }, noId),
      default: null,
    },
    noticeId: { type: String, default: null },
    incidentId: { type: String, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
workOrderSchema.index({ userId: 1, createdAt: -1 });
workOrderSchema.index({ status: 1, unitId: 1 });
workOrderSchema.index({ unitId: 1, status: 1 });
workOrderSchema.index({ assigneeId: 1, status: 1 });
workOrderSchema.index({ helpId: 1 });
workOrderSchema.index({ no: 1 });
workOrderSchema.index({ outage: 1, utility: 1, district: 1, createdAt: 1 });

export type WorkOrderRecord = InferSchemaType<typeof workOrderSchema> & { _id: Types.ObjectId };

/**
 * One step of an order: the audit trail, the source of its webhook message and live event, and
 * the raw event the unit assessment counts. `_id` is `<orderId>:<n>`: inserting it is how a
 * writer takes the order's next step, so of two members pressing 接单 at once exactly one
 * succeeds (FerretDB applies inserts atomically, guarded updates not). `set` is the change as
 * absolute values, so anyone can apply a step its writer left half-way; `published` turns true
 * once its event and webhook message are written.
 */
export const workOrderStepSchema = new Schema(
  {
    _id: { type: String, required: true },
    orderId: { type: String, required: true },
    n: { type: Number, required: true },
    at: { type: Date, required: true },
    action: { type: String, enum: workOrderActionValues, required: true },
    actorKind: { type: String, enum: workOrderActorValues, required: true },
    actorId: { type: String, default: null },
    actorName: { type: String, default: null },
    from: { type: String, enum: [...workOrderStatusValues, null], default: null },
    to: { type: String, enum: workOrderStatusValues, required: true },
    /** The unit the order was at before the step, and after it. */
    fromUnitId: { type: String, default: null },
    toUnitId: { type: String, default: null },
    /** What a person reads about the step is built from this (reason, summary, member, …). */
    detail: { type: Schema.Types.Mixed, default: {} },
    set: { type: Schema.Types.Mixed, required: true },
    published: { type: Boolean, required: true, default: false },
    /**
     * The Beijing day of the dispatch whose stint the step belongs to (null before the first):
     * 单位考核 reads a day's stints by this one equality (stint-days.ts).
     */
    stintDay: { type: String, default: null },
  },
  { versionKey: false, minimize: false },
);
workOrderStepSchema.index({ orderId: 1, n: 1 });
workOrderStepSchema.index({ published: 1, at: 1 });
workOrderStepSchema.index({ action: 1, at: 1 });
workOrderStepSchema.index({ stintDay: 1 });

export type WorkOrderStepRecord = InferSchemaType<typeof workOrderStepSchema>;

/**
 * "The stints of this Beijing day changed" (`_id` the day): given a new random `token` by every
 * step counted under the day. A day's sum taken under another token is stale. `folded` is the
 * token the day's sum was last written under, `inMonth` the one its month's sum took it under:
 * the background job finds what to count again from the marks alone, without reading the sums
 * (the embedded database reads a whole document whatever the projection).
 */
export const workOrderDayMarkSchema = new Schema(
  {
    _id: { type: String, required: true },
    month: { type: String, required: true },
    token: { type: String, required: true },
    at: { type: Date, required: true },
    folded: { type: String, default: null },
    inMonth: { type: String, default: null },
  },
  { versionKey: false },
);
workOrderDayMarkSchema.index({ month: 1 });

export type WorkOrderDayMarkRecord = InferSchemaType<typeof workOrderDayMarkSchema>;

/**
 * 单位考核's counts of the stints dispatched on one Beijing day (`_id` the day), per unit and
 * member, under the day's mark `token` read before counting; `pending` holds the time limits of
 * running stints not passed when counted (they count late once passed). Rows and pending are
 * arrays (stint-days.ts): a quarter's assessment reads 184 of these.
 */
export const workOrderDaySumSchema = new Schema(
  {
    _id: { type: String, required: true },
    month: { type: String, required: true },
    token: { type: String, required: true },
    rows: { type: [Schema.Types.Mixed], default: [] },
    pending: { type: [Schema.Types.Mixed], default: [] },
    computedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
workOrderDaySumSchema.index({ month: 1 });

export type WorkOrderDaySumRecord = InferSchemaType<typeof workOrderDaySumSchema>;

/**
 * A month of day sums added up (`_id` the month, `YYYY-MM`), under the day tokens it was added
 * under: fresh while they are exactly the month's marks. A quarter's assessment reads six of these.
 */
export const workOrderMonthSumSchema = new Schema(
  {
    _id: { type: String, required: true },
    tokens: { type: Schema.Types.Mixed, default: {} },
    rows: { type: [Schema.Types.Mixed], default: [] },
    pending: { type: [Schema.Types.Mixed], default: [] },
    computedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

export type WorkOrderMonthSumRecord = InferSchemaType<typeof workOrderMonthSumSchema>;

/** A time limit that passed, per dispatch, clock and level; the `_id` makes it once. */
export const workOrderEscalationSchema = new Schema(
  {
    _id: { type: String, required: true },
    orderId: { type: String, required: true },
    clock: { type: String, enum: slaClockValues, required: true },
    level: { type: Number, required: true },
    dueAt: { type: Date, required: true },
    at: { type: Date, required: true },
    unitId: { type: String, default: null },
  },
  { versionKey: false },
);
workOrderEscalationSchema.index({ at: -1 });
workOrderEscalationSchema.index({ unitId: 1, at: -1 });

export type WorkOrderEscalationRecord = InferSchemaType<typeof workOrderEscalationSchema>;
