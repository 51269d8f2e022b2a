import { Schema, type InferSchemaType, type Types } from 'mongoose';
import { helpCategoryValues, utilityValues } from '@bianmin/shared';

/**
 * A case of the complaint case library (案例库): one resolved help request, or one finished
 * complaint work order, kept with its cause, what fixed it and the rule learned. Found again by
 * the category and district of a new request or order.
 */
export const caseSchema = new Schema(
  {
    /**
     * What it was made from, one case each: a request's id, or `order:` and a work order's id.
     * (Named for requests, the only source at first; kept so existing libraries keep their key.
     * The embedded database has no partial indexes, so two nullable unique fields cannot do.)
     */
    helpId: { type: String, required: true, unique: true },
    orderId: { type: String, default: null },
    orderNo: { type: String, default: null },
    category: { type: String, enum: helpCategoryValues, required: true },
    utility: { type: String, enum: [...utilityValues, null], default: null },
    district: { type: String, default: null },
    problem: { type: String, required: true },
    cause: { type: String, required: true },
    fix: { type: String, required: true },
    lesson: { type: String, required: true },
    createdById: { type: String, required: true },
    createdByName: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// one equality read per category (FerretDB hands it to storage), newest first
caseSchema.index({ category: 1, createdAt: -1 });

export type CaseRecord = InferSchemaType<typeof caseSchema> & { _id: Types.ObjectId };
