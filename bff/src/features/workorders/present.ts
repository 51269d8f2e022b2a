import {
  emergencyNumbersFor,
  escalationLevelLabels,
  isFireRisk,
  slaClockLabels,
  WorkOrderEventName,
  type ResidentWorkOrder,
  type Role,
  type SlaClock,
  type StaffWorkOrder,
  type WorkOrderEscalation,
} from '@bianmin/shared';
import { toNoticeBrief } from '../notices/service';
import type { Publisher, WorkOrderDeps } from './core';
import type { WorkOrderRecord, WorkOrderStepRecord } from './model';
import { residentText, toResidentOrder, toStaffItem, toStaffOrder, webhookData, type StepDetail } from './view';

/** Who is looking at an order: decides whether the resident's number is shown in full. */
export interface Viewer {
  id: string;
  role: Role;
  /** The viewer's unit, for field staff and coordinators. */
  unitId: string | null;
}

/** A passed time limit as staff read it. */
export function toEscalation(
  e: { _id: string; orderId: string; clock: SlaClock; level: number; dueAt: Date; at: Date },
  order: WorkOrderRecord | null,
): WorkOrderEscalation {
  const level = e.level === 2 ? 2 : 1;
  const unit = order?.unitId && order.unitName ? { id: order.unitId, name: order.unitName } : null;
  return {
    id: e._id,
    orderId: e.orderId,
    no: order?.no ?? '',
    clock: e.clock,
    level,
    dueAt: e.dueAt.toISOString(),
    at: e.at.toISOString(),
    unit,
    assignee: order?.assigneeId && order.assigneeName ? { id: order.assigneeId, name: order.assigneeName } : null,
    status: order?.status ?? 'dispatched',
    text: `${unit?.name ?? ''} ${order?.no ?? ''} ${slaClockLabels[e.clock]}已过，已${escalationLevelLabels[level]}`.trim(),
  };
}

/** The escalation record of an `escalated` step (its id is per dispatch, clock and level). */
export function escalationOf(step: WorkOrderStepRecord, order: WorkOrderRecord) {
  const d = (step.detail ?? {}) as StepDetail;
  const clock = d.clock ?? 'completion';
  const level = d.level ?? 1;
  return {
    _id: `${step.orderId}:${order.dispatchN ?? 0}:${clock}:${level}`,
    orderId: step.orderId,
    clock,
    level,
    dueAt: new Date(d.dueAt ?? step.at),
    at: step.at,
    unitId: order.unitId ?? null,
  };
}

/**
 * Builds the views of orders (they need the steps, the unit and the notice) and publishes steps:
 * one live event per step under a stable key (the resident's timeline when she may see the step,
 * the staff's list item or escalation) and one webhook message under a stable id.
 */
export function createPresenter(deps: WorkOrderDeps, steps: (orderId: string) => Promise<WorkOrderStepRecord[]>) {
  const { units, notices, emergency, events, outbox } = deps;

  async function resident(order: WorkOrderRecord): Promise<ResidentWorkOrder> {
    const [list, unit, notice] = await Promise.all([
      steps(String(order._id)),
      units.get(order.unitId),
      notices.get(order.noticeId),
    ]);
    return toResidentOrder(order, list, {
      unit,
      notice: notice ? toNoticeBrief(notice) : null,
      emergencyNumbers: emergencyNumbersFor(emergency, {
        fire: isFireRisk(order.problem),
        utility: order.utility,
      }),
    });
  }

  async function staff(order: WorkOrderRecord, viewer: Viewer): Promise<StaffWorkOrder> {
    const showPhone =
      (Boolean(order.assigneeId) && viewer.id === order.assigneeId) ||
      (viewer.role === 'coordinator' && viewer.unitId !== null && viewer.unitId === order.unitId);
    return toStaffOrder(order, await steps(String(order._id)), showPhone);
  }

  const publisher: Publisher = {
    async publish(step, order, recovering) {
      const orderId = String(order._id);
      const key = `wo:${orderId}:${step.n}`;
      if (!recovering || !(await events.has(key))) {
        const unitIds = [...new Set([step.fromUnitId, step.toUnitId].filter((u): u is string => Boolean(u)))];
        const escalated = step.action === 'escalated';
        const seen = order.userId && residentText(step, order) !== null;
        await events.append({
          type: escalated ? WorkOrderEventName.escalated : WorkOrderEventName.changed,
          // the help conversation the order came from hears of its progress too
          helpId: order.helpId ?? null,
          userId: order.userId ?? null,
          staff: escalated
            ? { unitIds, escalation: toEscalation(escalationOf(step, order), order) }
            : { unitIds, order: toStaffItem(order) },
          residentType: WorkOrderEventName.status,
          resident: seen ? await resident(order) : null,
          key,
        });
      }
      await outbox.enqueue(`workorder-${orderId}-${step.n}`, 'workorder.step', webhookData(step, order));
    },
  };

  return { resident, staff, publisher };
}

export type Presenter = ReturnType<typeof createPresenter>;
