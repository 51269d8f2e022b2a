import type { Endpoint } from './endpoint';
import {
  NotificationList,
  NotificationReadBody,
  NotificationUnread,
  SubscribeBody,
  SubscribeResult,
  SubscribeTemplates,
} from '../schemas/notifications';

/** The resident's messages (消息) and her WeChat subscriptions to them. */
export const notificationEndpoints = {
  listNotifications: {
    method: 'GET',
    path: '/api/notifications',
    summary: '我的消息（最新在前）',
    access: 'resident',
    response: NotificationList,
  },
  unreadNotifications: {
    method: 'GET',
    path: '/api/notifications/unread',
    summary: '未读消息数',
    access: 'resident',
    response: NotificationUnread,
  },
  readNotifications: {
    method: 'POST',
    path: '/api/notifications/read',
    summary: '标为已读（不给 ids：全部）',
    access: 'resident',
    body: NotificationReadBody,
    response: NotificationUnread,
  },
  subscribeTemplates: {
    method: 'GET',
    path: '/api/notifications/templates',
    summary: '各类提醒的微信订阅消息模板',
    access: 'resident',
    response: SubscribeTemplates,
  },
  subscribe: {
    method: 'POST',
    path: '/api/notifications/subscriptions',
    summary: '记下居民在微信里同意接收的提醒（每次同意可收一条）',
    access: 'resident',
    body: SubscribeBody,
    response: SubscribeResult,
  },
} as const satisfies Record<string, Endpoint>;
