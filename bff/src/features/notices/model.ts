import { Schema, type InferSchemaType, type Types } from 'mongoose';
import { fieldUtilityValues, noticeKindValues, noticeStatusValues } from '@bianmin/shared';

/**
 * An outage notice (停电/停水/停气 通知), planned or after a fault, for a district and optionally
 * some of its streets, with its time window and status. Residents with an account in the
 * district see it; reports (报修) of that outage link to it.
 */
export const noticeSchema = new Schema(
  {
    utility: { type: String, enum: fieldUtilityValues, required: true },
    kind: { type: String, enum: noticeKindValues, required: true },
    district: { type: String, required: true },
    streets: { type: [String], default: [] },
    title: { type: String, required: true },
    description: { type: String, required: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, default: null },
    status: { type: String, enum: noticeStatusValues, required: true },
    createdById: { type: String, default: null },
    createdByName: { type: String, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
noticeSchema.index({ district: 1, startsAt: -1 });
noticeSchema.index({ status: 1 });

export type NoticeRecord = InferSchemaType<typeof noticeSchema> & { _id: Types.ObjectId };

/**
 * Many outage reports in one district within a short time, grouped for agents (one incident
 * instead of twenty orders). At most one is open per utility and district: `openKey` is
 * `<utility>:<district>` while open (unique) and the incident's own id once closed.
 */
export const incidentSchema = new Schema(
  {
    openKey: { type: String, required: true, unique: true },
    utility: { type: String, enum: fieldUtilityValues, required: true },
    district: { type: String, required: true },
    status: { type: String, enum: ['open', 'closed'], required: true },
    noticeId: { type: String, default: null },
    firstAt: { type: Date, required: true },
    lastAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    closedAt: { type: Date, default: null },
  },
  { versionKey: false },
);
incidentSchema.index({ status: 1, lastAt: -1 });

export type IncidentRecord = InferSchemaType<typeof incidentSchema> & { _id: Types.ObjectId };
