import { Schema, type InferSchemaType, type Types } from 'mongoose';
import { paymentKindValues, paymentStatusValues, payProviderValues, utilityValues } from '@bianmin/shared';

/**
 * One payment of one or more bills of one account, or of a top-up (充值) of a prepaid account's
 * balance (`kind`, no bills). Created `pending` under the payer's
 * idempotency key (unique per payer); it becomes `paid` only from a verified provider
 * notification or order query, with one update guarded by `status: 'pending'`, or `closed`
 * when given up. Amounts are copied from the bills when it is created.
 */
export const paymentSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    idempotencyKey: { type: String, required: true },
    /** Hash of what was asked (bills and account): the same key with another request is a 409. */
    requestHash: { type: String, required: true },
    /** Bills, or a top-up; payments made before top-ups existed have none: bills. */
    kind: { type: String, enum: paymentKindValues, required: true, default: 'bills' },
    provider: { type: String, enum: payProviderValues, required: true },
    status: { type: String, enum: paymentStatusValues, required: true, default: 'pending' },
    amountFen: { type: Number, required: true, min: 1 },
    outTradeNo: { type: String, required: true, unique: true },
    accountId: { type: Schema.Types.ObjectId, required: true },
    utility: { type: String, enum: utilityValues, required: true },
    accountNo: { type: String, required: true },
    /** The holder's name, masked, as the payer saw it. */
    holderName: { type: String, required: true },
    bills: {
      type: [
        new Schema(
          {
            billId: { type: Schema.Types.ObjectId, required: true },
            period: { type: String, required: true },
            amountFen: { type: Number, required: true },
            lateFeeFen: { type: Number, default: 0 },
          },
          { _id: false },
        ),
      ],
      required: true,
    },
    /** Paid for an account the payer has not bound (代缴, 亲情账户). */
    onBehalf: { type: Boolean, required: true, default: false },
    payerOpenid: { type: String, required: true },
    /** When it was opened, by the service's clock. */
    openedAt: { type: Date, required: true },
    /**
     * Until when it holds its bills and can be paid (the provider's order expires then too):
     * the pending time for the holder's own payments, the shorter hold for on-behalf ones. Never
     * moved. Absent on payments made before it was kept: `openedAt` plus the pending time.
     */
    expiresAt: { type: Date, default: null },
    prepayId: { type: String, default: null },
    transactionId: { type: String, default: null },
    paidAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    /** A `PaymentCloseReason` (older payments may hold `provider:<STATE>`). */
    closeReason: { type: String, default: null },
    /** A success reported for a payment already closed: money taken, needs a refund by staff. */
    lateSuccess: { type: Boolean, default: false },
    /**
     * When the bills of a paid payment were marked paid: the second step of settling. A payment
     * paid but not yet settled (the process died in between) is finished by the sweep.
     */
    billsSettledAt: { type: Date, default: null },
    /**
     * A top-up's second step: when its amount was credited to the account (once, by the payment's
     * id), with the balance then. Paid but not yet credited is finished like unsettled bills.
     */
    balanceCreditedAt: { type: Date, default: null },
    balanceAfterFen: { type: Number, default: null },
  },
  { timestamps: true, versionKey: false },
);
paymentSchema.index({ userId: 1, idempotencyKey: 1 }, { unique: true });
paymentSchema.index({ userId: 1, openedAt: -1 });
paymentSchema.index({ status: 1, openedAt: 1 });

export type PaymentRecord = InferSchemaType<typeof paymentSchema> & { _id: Types.ObjectId };

/**
 * The money received for a payment (收款记录): one entry per payment, however many
 * notifications arrive. Its unique indexes make "recorded once" hold even where a guarded
 * update is not atomic.
 */
export const paymentLedgerSchema = new Schema(
  {
    paymentId: { type: Schema.Types.ObjectId, required: true, unique: true },
    provider: { type: String, enum: payProviderValues, required: true },
    outTradeNo: { type: String, required: true },
    transactionId: { type: String, required: true, unique: true },
    amountFen: { type: Number, required: true },
    paidAt: { type: Date, required: true },
  },
  { timestamps: true, versionKey: false },
);
