import { Schema, type InferSchemaType, type Types } from 'mongoose';
import { helpCategoryValues, utilityValues } from '@bianmin/shared';

/**
 * A case of the complaint case library (案例库): one resolved help request kept with its cause,
 * what fixed it and the rule learned. Found again by the category and district of a new request.
 */
export const caseSchema = new Schema(
  {
    /** The request it was made from: one case per request. */
    helpId: { type: String, required: true, unique: true },
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
