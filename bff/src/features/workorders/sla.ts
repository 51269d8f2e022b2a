import {
  noVisitTypes,
  slotPartHours,
  beijingMidnight,
  type SlotPart,
  type WorkOrderPriority,
  type WorkOrderType,
} from '@bianmin/shared';
import type { Config } from '../../config';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 24 * HOUR;

/** A type's priority tier and time limits in seconds (arrival null: done without a visit). */
export interface TypeSla {
  priority: WorkOrderPriority;
  contact: number;
  arrival: number | null;
  completion: number;
}

/**
 * Default tiers and limits per type, after the utilities' own service promises: a fault that
 * leaves a home without power, water or gas is contacted within 10 minutes and reached within
 * 45; routine visits within days. WORKORDER_SLA_JSON overrides any of them.
 */
export const DEFAULT_WORKORDER_SLA: Record<WorkOrderType, TypeSla> = {
  emergency_repair: { priority: 'emergency', contact: 10 * MINUTE, arrival: 45 * MINUTE, completion: 4 * HOUR },
  repair: { priority: 'high', contact: 30 * MINUTE, arrival: DAY, completion: 3 * DAY },
  complaint: { priority: 'high', contact: 2 * HOUR, arrival: null, completion: 2 * DAY },
  safety_check: { priority: 'normal', contact: DAY, arrival: 3 * DAY, completion: 3 * DAY },
  ignition: { priority: 'normal', contact: DAY, arrival: 3 * DAY, completion: 3 * DAY },
  pipe_change: { priority: 'normal', contact: DAY, arrival: 5 * DAY, completion: 10 * DAY },
  meter: { priority: 'normal', contact: DAY, arrival: 3 * DAY, completion: 5 * DAY },
  installation: { priority: 'normal', contact: DAY, arrival: 5 * DAY, completion: 15 * DAY },
  account_change: { priority: 'normal', contact: DAY, arrival: null, completion: 5 * DAY },
  inquiry: { priority: 'normal', contact: 4 * HOUR, arrival: null, completion: DAY },
};

/** The tier and limits of a type: the configured values over the defaults. */
export function typeSla(overrides: Config['workorders']['slaOverrides'], type: WorkOrderType): TypeSla {
  const base = DEFAULT_WORKORDER_SLA[type];
  const own = overrides[type] ?? {};
  return {
    priority: own.priority ?? base.priority,
    contact: own.contact ?? base.contact,
    arrival: noVisitTypes.includes(type) ? null : (own.arrival ?? base.arrival),
    completion: own.completion ?? base.completion,
  };
}

/** Whether someone goes there (已出发, 已到达, the arrival limit). */
export function needsVisit(type: WorkOrderType): boolean {
  return !noVisitTypes.includes(type);
}

/** When a booked half day starts and ends. */
export function slotWindow(slot: { day: string; part: SlotPart }): { from: Date; to: Date } {
  const midnight = beijingMidnight(slot.day).getTime();
  const hours = slotPartHours[slot.part];
  return { from: new Date(midnight + hours.from * HOUR * 1000), to: new Date(midnight + hours.to * HOUR * 1000) };
}

/**
 * The deadlines of an order dispatched at `at`: the type's limits from then. A booked slot is the
 * promise itself: arrival by its end. A preferred time moves arrival no earlier than its end.
 * Completion comes no earlier than two hours after arrival.
 */
export function deadlinesFrom(
  sla: TypeSla,
  at: Date,
  wanted: { slot?: { day: string; part: SlotPart } | null; preferredTime?: { to: Date } | null },
): { contactDueAt: Date; arrivalDueAt: Date | null; completionDueAt: Date } {
  const t = at.getTime();
  const byLimit = sla.arrival === null ? null : t + sla.arrival * 1000;
  const arrival =
    byLimit === null
      ? null
      : wanted.slot
        ? slotWindow(wanted.slot).to.getTime()
        : Math.max(byLimit, wanted.preferredTime?.to.getTime() ?? 0);
  const completion = Math.max(t + sla.completion * 1000, arrival === null ? 0 : arrival + 2 * HOUR * 1000);
  return {
    contactDueAt: new Date(t + sla.contact * 1000),
    arrivalDueAt: arrival === null ? null : new Date(arrival),
    completionDueAt: new Date(completion),
  };
}

/**
 * When a passed limit goes on to the supervisors: after `percent` of the limit more (at least 10
 * minutes more).
 */
export function supervisorAt(due: Date, dispatchedAt: Date, percent: number): Date {
  const limit = Math.max(0, due.getTime() - dispatchedAt.getTime());
  const extra = Math.max((limit * percent) / 100, 10 * MINUTE * 1000);
  return new Date(due.getTime() + extra);
}
