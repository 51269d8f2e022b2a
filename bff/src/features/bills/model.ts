import { Schema, type InferSchemaType, type Types } from 'mongoose';
import { billStatusValues, utilityValues } from '@bianmin/shared';

/**
 * A bill of a utility account, as the utility's billing system of record issues it. It becomes
 * `paid` once, guarded by its status, naming the payment that paid it. Which payment a bill is
 * in is kept apart, in {@link billClaimSchema}.
 */
export const billSchema = new Schema(
  {
    accountId: { type: Schema.Types.ObjectId, required: true },
    utility: { type: String, enum: utilityValues, required: true },
    /** The month billed, `2026-01`. */
    period: { type: String, required: true },
    amountFen: { type: Number, required: true, min: 0 },
    /** The late fee (滞纳金) the utility has put on an overdue bill, in fen; null when none. */
    lateFeeFen: { type: Number, default: null, min: 0 },
    /** Calendar day in the city's time zone, `2026-02-15`. */
    dueDate: { type: String, required: true },
    status: { type: String, enum: billStatusValues, required: true, default: 'unpaid' },
    paidPaymentId: { type: Schema.Types.ObjectId, default: null },
    paidAt: { type: Date, default: null },
    /**
     * The payment that claimed the bill last, written just after its claim and cleared when that
     * payment lets the bill go: lists read the claims of the bills that have one only. An unpaid
     * bill without it is in no payment (but for the moment between a claim and this write); one
     * with it may be, as its claim says. Kept by the built-in adapter for the BFF's claims; not
     * part of what a utility's system of record says about a bill.
     */
    claimHint: { type: Schema.Types.ObjectId, default: null },
    /** What was used and the 阶梯 tier reached, as the utility billed it (power, water, gas). */
    usage: {
      type: new Schema(
        {
          quantity: { type: Number, required: true },
          unit: { type: String, enum: ['kWh', 'm3'], required: true },
          tier: { type: Number, required: true },
        },
        { _id: false },
      ),
      default: null,
    },
  },
  { timestamps: true, versionKey: false },
);
billSchema.index({ accountId: 1, period: 1 }, { unique: true });
billSchema.index({ accountId: 1, status: 1 });

export type BillRecord = InferSchemaType<typeof billSchema> & { _id: Types.ObjectId };

/**
 * A bill taken into a pending payment. The unique index on `billId` is what keeps a bill in at
 * most one pending payment: of two payments racing for a bill, exactly one insert succeeds. (A
 * guarded findOneAndUpdate is not enough here: FerretDB 1.24 does not apply it atomically under
 * concurrent requests, which a test showed; unique indexes hold on both databases.)
 */
export const billClaimSchema = new Schema(
  {
    billId: { type: Schema.Types.ObjectId, required: true, unique: true },
    paymentId: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true, versionKey: false },
);
billClaimSchema.index({ paymentId: 1 });
