import { Schema, type InferSchemaType } from 'mongoose';
import { notificationReasonValues } from '@bianmin/shared';

/** Where a message's WeChat copy stands. */
export const wxStates = [
  /** No template for its reason: in the app only. */
  'none',
  /** Waiting for the delivery job (due at `wxNextAt`). */
  'pending',
  'sent',
  /** She had accepted no message of the template: in the app only. */
  'unsubscribed',
  /** WeChat said she had no subscription (43101). */
  'refused',
  /** Given up: refused by WeChat as malformed, out of attempts, or an attempt whose outcome is unknown. */
  'failed',
] as const;
export type WxState = (typeof wxStates)[number];

/**
 * A message (消息) to one resident. The `_id` is made from (resident, reason, subject), so a
 * reminder, a notice or a step noticed by several instances or several runs is inserted once
 * and told once. The WeChat copy is sent by the delivery job; each attempt is claimed by a key
 * (`wx:<id>:<attempt>`) before it is made, so no attempt is made twice.
 */
export const notificationSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    reason: { type: String, enum: notificationReasonValues, required: true },
    subject: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    page: { type: String, default: null },
    /** What a template may show besides the words: amount, day, account, status. */
    facts: {
      amountFen: { type: Number, default: null },
      date: { type: String, default: null },
      account: { type: String, default: null },
      status: { type: String, default: null },
    },
    createdAt: { type: Date, required: true },
    readAt: { type: Date, default: null },
    wx: { type: String, enum: wxStates, required: true },
    wxTemplateId: { type: String, default: null },
    wxAttempts: { type: Number, required: true, default: 0 },
    wxNextAt: { type: Date, default: null },
    /** The subscription credit this message uses (one acceptance, one message). */
    wxCreditId: { type: String, default: null },
    wxError: { type: String, default: null },
    wxSentAt: { type: Date, default: null },
  },
  { versionKey: false, minimize: false },
);
notificationSchema.index({ userId: 1 });
notificationSchema.index({ wx: 1 });
// the retention sweep (service.ts `sweep`)
notificationSchema.index({ createdAt: 1 });

export type NotificationRecord = InferSchemaType<typeof notificationSchema>;

/**
 * One acceptance of a template in `Taro.requestSubscribeMessage`: WeChat lets one message of it
 * reach her. A message takes a credit by claiming the key `credit:<id>` (an insert, atomic on
 * every backend); `usedFor` then names the message.
 */
export const subscribeCreditSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    templateId: { type: String, required: true },
    at: { type: Date, required: true },
    /** The message it went to; `void` when WeChat said she had no subscription left. */
    usedFor: { type: String, default: null },
  },
  { versionKey: false },
);
subscribeCreditSchema.index({ userId: 1, templateId: 1 });
subscribeCreditSchema.index({ at: 1 });

export type SubscribeCreditRecord = InferSchemaType<typeof subscribeCreditSchema>;
