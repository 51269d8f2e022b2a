import { Schema, type InferSchemaType, type Types } from 'mongoose';
import { utilityValues } from '@bianmin/shared';

/**
 * A utility account (户号) as the utility's billing system of record knows it. The holder's
 * name, ID-card number, phone and address are stored so a payer lookup can match them, and are
 * only ever shown masked to anyone but the holder. `district` and `gridId` place the account
 * in the city: help requests tied to it go first to that grid's customer managers (客户经理).
 */
export const utilityAccountSchema = new Schema(
  {
    utility: { type: String, enum: utilityValues, required: true },
    accountNo: { type: String, required: true },
    holderName: { type: String, required: true },
    holderIdNumber: { type: String, required: true },
    holderPhone: { type: String, required: true },
    address: { type: String, required: true },
    district: { type: String, required: true },
    gridId: { type: String, required: true },
    /**
     * Prepaid balance in fen (power, telecom), or null where the utility bills afterwards. The
     * built-in adapter keeps it as the opening balance and adds the top-ups credited since
     * (`BalanceCredit`), so a top-up is counted once without an update that could race.
     */
    balanceFen: { type: Number, default: null },
  },
  { timestamps: true, versionKey: false },
);
utilityAccountSchema.index({ utility: 1, accountNo: 1 }, { unique: true });
utilityAccountSchema.index({ utility: 1, holderIdNumber: 1 });
utilityAccountSchema.index({ utility: 1, holderPhone: 1 });
// the residents an outage notice is for (notifications/feature.ts)
utilityAccountSchema.index({ district: 1, utility: 1 });

export type UtilityAccountRecord = InferSchemaType<typeof utilityAccountSchema> & { _id: Types.ObjectId };

/**
 * A top-up (充值) credited to a prepaid account: one per payment, under a unique index, so it is
 * counted once however many notifications, order queries and sweeps finish the payment, where a
 * guarded `$inc` is not atomic on FerretDB (README, "The database").
 */
export const balanceCreditSchema = new Schema(
  {
    accountId: { type: Schema.Types.ObjectId, required: true },
    paymentId: { type: Schema.Types.ObjectId, required: true, unique: true },
    amountFen: { type: Number, required: true, min: 1 },
    creditedAt: { type: Date, required: true },
  },
  { timestamps: true, versionKey: false },
);
balanceCreditSchema.index({ accountId: 1 });

/** A resident's binding of an account (我的户号), with an alias of their own. */
export const accountBindingSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    accountId: { type: Schema.Types.ObjectId, required: true },
    alias: { type: String, default: null },
  },
  { timestamps: true, versionKey: false },
);
// one binding per resident and account: binding twice finds the first
accountBindingSchema.index({ userId: 1, accountId: 1 }, { unique: true });
accountBindingSchema.index({ accountId: 1 });

export type AccountBindingRecord = InferSchemaType<typeof accountBindingSchema> & { _id: Types.ObjectId };
