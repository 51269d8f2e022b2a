import Taro from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import {
  noVisitTypes,
  problemOf,
  slaClockLabels,
  WorkOrderEventName,
  workOrderTypeLabels,
  type ProgressStep,
  type StaffWorkOrder,
  type StaffWorkOrderItem,
} from '@bianmin/shared';
import { openStream, type StreamStatus } from '../../lib/stream';
import { agentSession } from '../agent/services';

/**
 * The field app (现场). Field staff and coordinators sign in at the staff login
 * (packages/agent/login), whose session and API client this package shares.
 */
export { agentApi as fieldApi, agentSession as fieldSession, AGENT_LOGIN, AGENT_ORDERS } from '../agent/services';
export { offsetOf, useAgent as useStaff, useDebounced, useServerNow } from '../agent/live';

export const FIELD = {
  home: '/packages/field/home/index',
  order: '/packages/field/order/index',
} as const;

export function openFieldOrder(id: string): void {
  void Taro.navigateTo({ url: `${FIELD.order}?id=${id}` });
}

/** `急修 · 家里停电了`. */
export function orderTitle(order: Pick<StaffWorkOrderItem, 'type' | 'problem'>): string {
  const problem = order.problem ? problemOf(order.problem)?.label : null;
  return `${workOrderTypeLabels[order.type]}${problem ? ` · ${problem}` : ''}`;
}

/** Whether someone goes there (已出发, 已到达). */
export function needsVisit(order: Pick<StaffWorkOrderItem, 'type'>): boolean {
  return !noVisitTypes.includes(order.type);
}

/** The next step as one big button, from where the order stands. */
export function nextStep(
  order: StaffWorkOrder,
  meId: string,
): { label: string; step: ProgressStep | 'accept' | 'report' } | null {
  const mine = order.assignee?.id === meId;
  if (order.status === 'dispatched' || (order.status === 'assigned' && mine)) return { label: '接单', step: 'accept' };
  if (!mine) return null;
  const visit = needsVisit(order);
  switch (order.status) {
    case 'accepted':
    case 'rescheduled':
    case 'rework':
      if (!order.met.contact) return { label: '已联系居民', step: 'contacted' };
      return visit ? { label: '已出发', step: 'on_the_way' } : { label: '填写回单', step: 'report' };
    case 'contacted':
      return visit ? { label: '已出发', step: 'on_the_way' } : { label: '填写回单', step: 'report' };
    case 'on_the_way':
      return { label: '已到达', step: 'arrived' };
    case 'arrived':
      return { label: '填写回单', step: 'report' };
    default:
      return null;
  }
}

/** `到达时限还剩 25 分钟` / `到达时限已过 10 分钟`, from the server's time. */
export function dueText(order: Pick<StaffWorkOrderItem, 'nextDue'>, now: number): string | null {
  if (!order.nextDue) return null;
  const left = Math.round((Date.parse(order.nextDue.at) - now) / 60_000);
  const label = slaClockLabels[order.nextDue.clock];
  const span = (m: number) => (m >= 120 ? `${Math.round(m / 60)} 小时` : `${m} 分钟`);
  return left >= 0 ? `${label}还剩 ${span(left)}` : `${label}已过 ${span(-left)}`;
}

/**
 * Follows the unit's event stream (`GET /api/field/events`) while the page is open: `onChange`
 * for every change of one of the unit's orders; `onReconnect` refetches what a break missed.
 */
export function useFieldEvents(onChange: (data: unknown) => void, onReconnect: () => Promise<unknown>): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const handlers = useRef({ onChange, onReconnect });
  useEffect(() => {
    handlers.current = { onChange, onReconnect };
  });
  const signedIn = agentSession.token() !== null;
  useEffect(() => {
    if (!signedIn) return;
    const stream = openStream({
      path: '/api/field/events',
      baseUrl: BIANMIN_API_BASE,
      token: () => agentSession.token(),
      events: [WorkOrderEventName.changed, WorkOrderEventName.escalated],
      onStatus: setStatus,
      onEvent: (_name, data) => handlers.current.onChange(data),
      beforeReconnect: () => handlers.current.onReconnect(),
    });
    return () => stream.close();
  }, [signedIn]);
  return status;
}
