import { beijingDay, type AssessmentFigures, type Rate } from '@bianmin/shared';
import type { WorkOrderStepRecord } from './model';
import type { StepDetail } from './view';

/**
 * The parts of 单位考核 that do not depend on the period: an order's time at one unit (a stint)
 * and what it counts, summed per unit and member so a day of stints is one small document.
 */

/** One order's time at one unit: from its dispatch there to the next dispatch (or now). */
export interface Stint {
  unitId: string;
  member: { id: string; name: string } | null;
  steps: WorkOrderStepRecord[];
  due: Record<Clock, Date | null>;
  /** When a 退单 ended it; null while it runs (its end is "now"). */
  returnedAt: Date | null;
}

export const clocks = ['contact', 'arrival', 'completion'] as const;
type Clock = (typeof clocks)[number];
/** The steps that keep each time limit. */
const KEEPS: Record<Clock, readonly string[]> = {
  contact: ['contacted', 'arrived', 'completed'],
  arrival: ['arrived'],
  completion: ['completed'],
};

/** What an order's step belongs to: the Beijing day of the dispatch that began its stint. */
export function stintDayOf(
  action: string,
  at: Date,
  order: { stintDay?: string | null; dispatchedAt?: Date | null } | null,
): string | null {
  if (action === 'dispatched') return beijingDay(at);
  return order?.stintDay ?? (order?.dispatchedAt ? beijingDay(order.dispatchedAt) : null);
}

const dateOf = (v: unknown): Date | null => (v instanceof Date ? v : typeof v === 'string' ? new Date(v) : null);

/** The stints of one order, from its steps in order. */
export function stintsOf(steps: readonly WorkOrderStepRecord[]): Stint[] {
  const stints: Stint[] = [];
  let current: Stint | null = null;
  for (const step of steps) {
    if (step.action === 'dispatched') {
      const set = (step.set ?? {}) as Record<string, unknown>;
      current = {
        unitId: step.toUnitId ?? '',
        member: null,
        steps: [step],
        due: {
          contact: dateOf(set.contactDueAt),
          arrival: dateOf(set.arrivalDueAt),
          completion: dateOf(set.completionDueAt),
        },
        returnedAt: null,
      };
      stints.push(current);
      continue;
    }
    if (!current) continue;
    current.steps.push(step);
    if (step.action === 'accepted' && step.actorId) current.member = { id: step.actorId, name: step.actorName ?? '' };
    if (step.action === 'returned') {
      current.returnedAt = step.at;
      current = null;
    }
  }
  return stints;
}

/** The stints of `steps` of many orders, each order's steps taken in their order. */
export function stintsOfSteps(steps: readonly WorkOrderStepRecord[]): Stint[] {
  const byOrder = new Map<string, WorkOrderStepRecord[]>();
  for (const step of steps) {
    const list = byOrder.get(step.orderId);
    if (list) list.push(step);
    else byOrder.set(step.orderId, [step]);
  }
  return [...byOrder.values()].flatMap((list) => stintsOf([...list].sort((a, b) => a.n - b.n)));
}

/** The counts of a set of stints; each rate is a count of its `of`. */
export interface Tally {
  orders: number;
  contact: [number, number];
  arrival: [number, number];
  completion: [number, number];
  returned: number;
  checked: number;
  returnedAtCheck: number;
  rated: number;
  good: number;
}

export const emptyTally = (): Tally => ({
  orders: 0,
  contact: [0, 0],
  arrival: [0, 0],
  completion: [0, 0],
  returned: 0,
  checked: 0,
  returnedAtCheck: 0,
  rated: 0,
  good: 0,
});

export function addTally(into: Tally, t: Tally): Tally {
  into.orders += t.orders;
  for (const c of clocks) {
    into[c][0] += t[c][0];
    into[c][1] += t[c][1];
  }
  into.returned += t.returned;
  into.checked += t.checked;
  into.returnedAtCheck += t.returnedAtCheck;
  into.rated += t.rated;
  into.good += t.good;
  return into;
}

/** A time limit of a running stint not kept yet and not yet passed: late once `due` has. */
export interface Pending {
  unitId: string;
  memberId: string | null;
  clock: Clock;
  due: number;
}

/**
 * What one stint counts as of `now`: a time limit is decided once its step happened, or once
 * the limit passed before the stint ended (a late 回单 still counts late); a running stint's
 * limit that has not passed yet is `pending`: it counts late from the moment it passes unless
 * a step comes first (and a step makes the stint counted again).
 */
export function countStint(s: Stint, now: number): { tally: Tally; pending: Pending[] } {
  const tally = emptyTally();
  const pending: Pending[] = [];
  tally.orders = 1;
  for (const clock of clocks) {
    const due = s.due[clock];
    if (!due) continue;
    const done = s.steps.find((st) => KEEPS[clock].includes(st.action));
    const end = s.returnedAt?.getTime() ?? now;
    if (!done && end <= due.getTime()) {
      if (!s.returnedAt) pending.push({ unitId: s.unitId, memberId: s.member?.id ?? null, clock, due: due.getTime() });
      continue;
    }
    tally[clock][1] = 1;
    if (done && done.at.getTime() <= due.getTime()) tally[clock][0] = 1;
  }
  tally.returned = s.steps.some((st) => st.action === 'returned') ? 1 : 0;
  tally.checked = s.steps.some((st) => st.action === 'check_accepted' || st.action === 'check_returned') ? 1 : 0;
  tally.returnedAtCheck = s.steps.some((st) => st.action === 'check_returned') ? 1 : 0;
  for (const st of s.steps) {
    if (st.action !== 'rated') continue;
    tally.rated += 1;
    if ((st.detail as StepDetail).satisfaction === 'good') tally.good += 1;
  }
  return { tally, pending };
}

/** The limits of `pending` that have passed by `now`, counted late into `into`. */
export function addPassed(into: Tally, pending: readonly Pending[], now: number): Tally {
  for (const p of pending) if (p.due < now) into[p.clock][1] += 1;
  return into;
}

const rate = (count: number, of: number): Rate => ({ count, of, rate: of === 0 ? null : count / of });

/** The figures of a tally, and their score: the mean of the measured rates, in points. */
export function figuresOf(t: Tally): AssessmentFigures {
  const figures = {
    orders: t.orders,
    contactOnTime: rate(...t.contact),
    arrivalOnTime: rate(...t.arrival),
    completionOnTime: rate(...t.completion),
    returned: rate(t.returned, t.orders),
    returnedAtCheck: rate(t.returnedAtCheck, t.checked),
    satisfaction: rate(t.good, t.rated),
  };
  const parts = [
    figures.contactOnTime.rate,
    figures.arrivalOnTime.rate,
    figures.completionOnTime.rate,
    figures.returned.rate === null ? null : 1 - figures.returned.rate,
    figures.returnedAtCheck.rate === null ? null : 1 - figures.returnedAtCheck.rate,
    figures.satisfaction.rate,
  ].filter((r): r is number => r !== null);
  const score = parts.length === 0 ? null : Math.round((parts.reduce((a, b) => a + b, 0) / parts.length) * 1000) / 10;
  return { ...figures, score };
}
