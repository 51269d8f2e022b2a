import { Schema, type InferSchemaType, type Types } from 'mongoose';

/** An account a resident saved as a family account (亲情账户) after finding it by a lookup. */
export const familyLinkSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    accountId: { type: Schema.Types.ObjectId, required: true },
    alias: { type: String, required: true },
  },
  { timestamps: true, versionKey: false },
);
familyLinkSchema.index({ userId: 1, accountId: 1 }, { unique: true });

export type FamilyLinkRecord = InferSchemaType<typeof familyLinkSchema> & { _id: Types.ObjectId };

/**
 * A payer lookup that found an account: for a while it lets that payer pay exactly the unpaid
 * bills the lookup showed, and save the account as a family account. Kept as the audit trail
 * of who looked up whom.
 */
export const payerLookupSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    accountId: { type: Schema.Types.ObjectId, required: true },
    by: { type: String, required: true },
    billIds: { type: [Schema.Types.ObjectId], default: [] },
    /** Until when the lookup lets the payer pay these bills (no TTL indexes: checked on use). */
    validUntil: { type: Date, required: true },
  },
  { timestamps: true, versionKey: false },
);
payerLookupSchema.index({ userId: 1, accountId: 1, validUntil: -1 });

export type PayerLookupRecord = InferSchemaType<typeof payerLookupSchema> & { _id: Types.ObjectId };
