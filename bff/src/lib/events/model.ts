import { Schema, type InferSchemaType } from 'mongoose';

/**
 * One live event, numbered by `seq` (a counter, unique). Several BFF instances poll this
 * collection in `seq` order and fan events out to their own SSE subscribers: the stand-in for
 * change streams, which FerretDB lacks. `staff` is the agents' payload; `resident` the owner's
 * (null when residents must not see it, e.g. internal notes).
 */
export const eventSchema = new Schema(
  {
    /** The event's number (= `seq`): the poller reads new events by their primary key. */
    _id: { type: Number, required: true },
    seq: { type: Number, required: true, unique: true },
    type: { type: String, required: true },
    helpId: { type: String, default: null },
    userId: { type: String, default: null },
    staff: { type: Schema.Types.Mixed, default: null },
    residentType: { type: String, default: null },
    resident: { type: Schema.Types.Mixed, default: null },
    key: { type: String, default: null },
    /** Keys of the copies every instance drops (lib/events/copies.ts); no stream sends them. */
    drops: { type: [String], default: undefined },
    at: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
eventSchema.index({ helpId: 1, seq: 1 });
eventSchema.index({ key: 1 });
// the sweep of old events (store.ts `sweep`)
eventSchema.index({ at: 1 });

/** Named counters (`events`) handed out by `$inc`. */
export const sequenceSchema = new Schema(
  { _id: String, value: { type: Number, required: true } },
  { versionKey: false },
);

export type EventRecord = InferSchemaType<typeof eventSchema>;
