import { z } from 'zod';
import { notificationReasonValues } from '../enums-notifications';
import { Id, Timestamp } from './common';

/** One message (消息) in the resident's in-app list. */
export const NotificationItem = z.object({
  id: z.string(),
  reason: z.enum(notificationReasonValues),
  title: z.string(),
  body: z.string(),
  /** The app page it opens (`pages/bills/index?accountId=…`), or null. */
  page: z.string().nullable(),
  createdAt: Timestamp,
  /** When it came, in Beijing time: `1月5日 18:00`. */
  whenText: z.string(),
  read: z.boolean(),
});
export type NotificationItem = z.infer<typeof NotificationItem>;

/** `GET /api/notifications`: newest first, with the number not yet read. */
export const NotificationList = z.object({ items: z.array(NotificationItem), unread: z.number().int() });
export type NotificationList = z.infer<typeof NotificationList>;

/** `POST /api/notifications/read`: some messages, or every one (no ids). */
export const NotificationReadBody = z.strictObject({ ids: z.array(Id).min(1).max(100).optional() });
export type NotificationReadBody = z.infer<typeof NotificationReadBody>;

export const NotificationUnread = z.object({ unread: z.number().int() });
export type NotificationUnread = z.infer<typeof NotificationUnread>;

/**
 * `GET /api/notifications/templates`: the WeChat subscription template of each reason that has
 * one (none configured: an empty list, and reminders stay in the app).
 */
export const SubscribeTemplates = z.object({
  templates: z.array(z.object({ reason: z.enum(notificationReasonValues), templateId: z.string() })),
});
export type SubscribeTemplates = z.infer<typeof SubscribeTemplates>;

const TemplateId = z.string().trim().min(1).max(128);

/**
 * `POST /api/notifications/subscriptions`: the template ids the resident accepted in
 * `Taro.requestSubscribeMessage` (each acceptance lets one message be sent).
 */
export const SubscribeBody = z.strictObject({ accepted: z.array(TemplateId).min(1).max(10) });
export type SubscribeBody = z.infer<typeof SubscribeBody>;

/** How many messages each accepted template may still carry to this resident. */
export const SubscribeResult = z.object({
  credits: z.array(z.object({ templateId: z.string(), count: z.number().int() })),
});
export type SubscribeResult = z.infer<typeof SubscribeResult>;
