import { Schema, type InferSchemaType } from 'mongoose';

/**
 * A webhook message waiting to be (or already) delivered. `_id` is the stable event id the
 * receiver deduplicates on. A sender takes a lease (`leaseUntil`, `leaseOwner`) before sending,
 * so two instances never send the same message at once; a crashed sender's lease runs out.
 */
export const outboxSchema = new Schema(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    body: { type: String, required: true },
    /** `failed`: given up after the attempt limit; kept for supervisors to see and send again. */
    status: { type: String, enum: ['pending', 'delivered', 'failed'], required: true, default: 'pending' },
    attempts: { type: Number, required: true, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    leaseUntil: { type: Date, default: null },
    leaseOwner: { type: String, default: null },
    lastError: { type: String, default: null },
    createdAt: { type: Date, required: true },
    deliveredAt: { type: Date, default: null },
    failedAt: { type: Date, default: null },
    /** Attempts allowed in all; null for the configured limit (raised when a supervisor resends). */
    attemptLimit: { type: Number, default: null },
  },
  { versionKey: false },
);
outboxSchema.index({ status: 1, nextAttemptAt: 1 });
// the retention sweeps (service.ts `sweep`) and the supervisors' list of failures
outboxSchema.index({ deliveredAt: 1 });
outboxSchema.index({ failedAt: 1 });

export type OutboxRecord = InferSchemaType<typeof outboxSchema>;
