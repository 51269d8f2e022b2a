import { escalationLevelLabels, workOrderPriorityRank, type StaffWorkOrderItem } from '@bianmin/shared';

/** The desk's lists: 待派单 (and 退单 to send again), 待对单, 在办, 已办结. */
export type DeskState = 'dispatch' | 'check' | 'open' | 'done';

/** True once the order's next time limit has passed, at the server's time `now` (ms). */
export function isLate(order: Pick<StaffWorkOrderItem, 'nextDue'>, now: number): boolean {
  return order.nextDue !== null && Date.parse(order.nextDue.at) < now;
}

/**
 * The order in which the desk lists orders: escalated ones first (to the supervisors before to the
 * coordinator), then those past a time limit, then by priority tier, then the nearest time limit
 * (the oldest first when none runs).
 */
export function deskSort(items: readonly StaffWorkOrderItem[], now: number): StaffWorkOrderItem[] {
  const due = (o: StaffWorkOrderItem) => Date.parse(o.nextDue?.at ?? o.createdAt);
  return [...items].sort(
    (a, b) =>
      b.escalationLevel - a.escalationLevel ||
      Number(isLate(b, now)) - Number(isLate(a, now)) ||
      workOrderPriorityRank[a.priority] - workOrderPriorityRank[b.priority] ||
      due(a) - due(b),
  );
}

/** The markers of a row, in words: 紧急, 已督办客服工程师 / 已上报班长, 超时, 退单. */
export function deskTags(order: StaffWorkOrderItem, now: number): Array<{ text: string; danger: boolean }> {
  const tags: Array<{ text: string; danger: boolean }> = [];
  if (order.priority === 'emergency') tags.push({ text: '紧急', danger: true });
  if (order.escalationLevel === 1 || order.escalationLevel === 2)
    tags.push({ text: `已${escalationLevelLabels[order.escalationLevel]}`, danger: true });
  else if (isLate(order, now)) tags.push({ text: '超时', danger: true });
  if (order.status === 'returned') tags.push({ text: '已退单，请重新派', danger: false });
  return tags;
}
