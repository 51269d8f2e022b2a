/**
 * Why a resident is told something (消息): each reason has its own WeChat subscription template
 * when one is configured, and always an entry in the in-app list.
 */
export const NotificationReason = {
  billDue: 'billDue',
  overdue: 'overdue',
  lowBalance: 'lowBalance',
  familyDue: 'familyDue',
  outage: 'outage',
  helpAnswered: 'helpAnswered',
  workOrderStep: 'workOrderStep',
} as const;
export type NotificationReason = (typeof NotificationReason)[keyof typeof NotificationReason];
export const notificationReasonValues = Object.values(NotificationReason) as [
  NotificationReason,
  ...NotificationReason[],
];
/** The short word a resident reads above each message. */
export const notificationReasonLabels: Record<NotificationReason, string> = {
  billDue: '账单快到期',
  overdue: '账单已逾期',
  lowBalance: '余额不足',
  familyDue: '家人账单',
  outage: '停水停电',
  helpAnswered: '求助有回复',
  workOrderStep: '报修进度',
};
