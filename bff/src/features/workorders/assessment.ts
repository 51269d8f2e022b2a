import {
  addDays,
  addMonths,
  beijingDay,
  beijingMidnight,
  beijingParts,
  dayText,
  periodText,
  type Assessment,
  type AssessmentFigures,
  type AssessmentPeriod,
  type Rate,
} from '@bianmin/shared';
import { toUnitBrief } from '../units/service';
import type { WorkOrderDeps } from './core';
import type { WorkOrderStepRecord } from './model';
import type { StepDetail } from './view';

/** A Beijing calendar range, `to` inclusive. */
interface Range {
  from: string;
  to: string;
  label: string;
}

/** The period of `kind` containing `day`, and the one before it. */
export function periodsOf(kind: AssessmentPeriod, day: string): { current: Range; previous: Range } {
  const month = day.slice(0, 7);
  const lastOfMonth = (m: string) => addDays(`${addMonths(m, 1)}-01`, -1);
  if (kind === 'week') {
    const from = addDays(day, 1 - beijingParts(beijingMidnight(day)).weekday);
    const week = (f: string): Range => ({
      from: f,
      to: addDays(f, 6),
      label: `${dayText(f)}–${dayText(addDays(f, 6))}`,
    });
    return { current: week(from), previous: week(addDays(from, -7)) };
  }
  if (kind === 'month') {
    const range = (m: string): Range => ({ from: `${m}-01`, to: lastOfMonth(m), label: periodText(m) });
    return { current: range(month), previous: range(addMonths(month, -1)) };
  }
  const monthIndex = Number(month.slice(5, 7)) - 1;
  const first = addMonths(month, -(monthIndex % 3));
  const quarter = (m: string): Range => ({
    from: `${m}-01`,
    to: lastOfMonth(addMonths(m, 2)),
    label: `${m.slice(0, 4)}年第${Math.floor((Number(m.slice(5, 7)) - 1) / 3) + 1}季度`,
  });
  return { current: quarter(first), previous: quarter(addMonths(first, -3)) };
}

/** One order's time at one unit: from its dispatch there to the next dispatch (or now). */
interface Stint {
  unitId: string;
  member: { id: string; name: string } | null;
  steps: WorkOrderStepRecord[];
  due: { contact: Date | null; arrival: Date | null; completion: Date | null };
  /** When the stint ended (a 退单, a new dispatch) or now. */
  end: Date;
}

const dateOf = (v: unknown): Date | null => (v instanceof Date ? v : typeof v === 'string' ? new Date(v) : null);

function stintsOf(steps: WorkOrderStepRecord[], now: Date): Stint[] {
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
        end: now,
      };
      stints.push(current);
      continue;
    }
    if (!current) continue;
    current.steps.push(step);
    if (step.action === 'accepted' && step.actorId) current.member = { id: step.actorId, name: step.actorName ?? '' };
    if (step.action === 'returned') {
      current.end = step.at;
      current = null;
    }
  }
  return stints;
}

const rate = (count: number, of: number): Rate => ({ count, of, rate: of === 0 ? null : count / of });

/** An on-time rate: decided once the step happened or the limit passed before the stint ended. */
function onTime(stints: Stint[], clock: 'contact' | 'arrival' | 'completion'): Rate {
  const actions = { contact: ['contacted', 'arrived', 'completed'], arrival: ['arrived'], completion: ['completed'] }[
    clock
  ];
  let count = 0;
  let of = 0;
  for (const s of stints) {
    const due = s.due[clock];
    if (!due) continue;
    const done = s.steps.find((st) => actions.includes(st.action));
    if (!done && s.end.getTime() <= due.getTime()) continue;
    of += 1;
    if (done && done.at.getTime() <= due.getTime()) count += 1;
  }
  return rate(count, of);
}

/** The figures of a set of stints. */
export function figuresOf(stints: Stint[]): AssessmentFigures {
  const returned = stints.filter((s) => s.steps.some((st) => st.action === 'returned')).length;
  const checked = stints.filter((s) =>
    s.steps.some((st) => st.action === 'check_accepted' || st.action === 'check_returned'),
  );
  const returnedAtCheck = checked.filter((s) => s.steps.some((st) => st.action === 'check_returned')).length;
  const ratings = stints.flatMap((s) =>
    s.steps.filter((st) => st.action === 'rated').map((st) => (st.detail as StepDetail).satisfaction),
  );
  const figures = {
    orders: stints.length,
    contactOnTime: onTime(stints, 'contact'),
    arrivalOnTime: onTime(stints, 'arrival'),
    completionOnTime: onTime(stints, 'completion'),
    returned: rate(returned, stints.length),
    returnedAtCheck: rate(returnedAtCheck, checked.length),
    satisfaction: rate(ratings.filter((r) => r === 'good').length, ratings.length),
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

/** Ranks by score (unmeasured last), then by orders. */
function ranked<T extends { current: AssessmentFigures }>(rows: T[]): Array<T & { rank: number }> {
  const sorted = [...rows].sort(
    (a, b) => (b.current.score ?? -1) - (a.current.score ?? -1) || b.current.orders - a.current.orders,
  );
  return sorted.map((row, i) => ({ ...row, rank: i + 1 }));
}

/**
 * Unit assessment (考核) from the raw steps: every order dispatched to a unit in the period is
 * one stint there, followed to its end even after the period (a late 回单 still counts late).
 * Members are credited with the stints they accepted.
 */
export function createAssessment(deps: WorkOrderDeps) {
  const { models, clock, units } = deps;

  /**
   * The stints that began in each range. One read of the steps since the earliest range: every
   * step of a stint comes at or after its dispatch. (The embedded FerretDB reads the whole
   * collection for any query but an `_id`, so one read beats a query per order by far; on
   * MongoDB the `at` index serves it.)
   */
  async function stintsIn(ranges: Range[]): Promise<Stint[][]> {
    const bounds = ranges.map((r) => ({
      from: beijingMidnight(r.from).getTime(),
      to: beijingMidnight(addDays(r.to, 1)).getTime(),
    }));
    const since = new Date(Math.min(...bounds.map((b) => b.from)));
    const steps = await models.WorkOrderStep.find({ at: { $gte: since } }).lean<WorkOrderStepRecord[]>();
    const byOrder = new Map<string, WorkOrderStepRecord[]>();
    for (const step of steps) byOrder.set(step.orderId, [...(byOrder.get(step.orderId) ?? []), step]);
    const now = clock.now();
    const all = [...byOrder.values()].flatMap((list) =>
      stintsOf(
        [...list].sort((a, b) => a.n - b.n),
        now,
      ),
    );
    return bounds.map((b) =>
      all.filter((s) => {
        const at = s.steps[0]?.at.getTime() ?? 0;
        return at >= b.from && at < b.to;
      }),
    );
  }

  return async function assess(kind: AssessmentPeriod, day = beijingDay(clock.now())): Promise<Assessment> {
    const { current, previous } = periodsOf(kind, day);
    const [[now = [], before = []], all] = await Promise.all([stintsIn([current, previous]), units.list()]);
    const rows = all.map((unit) => {
      const id = String(unit._id);
      const mine = now.filter((s) => s.unitId === id);
      const theirs = before.filter((s) => s.unitId === id);
      const people = new Map(unit.members.filter((m) => m.role !== 'grid').map((m) => [m.agentId, m.name]));
      for (const s of [...mine, ...theirs]) if (s.member) people.set(s.member.id, s.member.name);
      const members = [...people].map(([memberId, name]) => ({
        member: { id: memberId, name },
        current: figuresOf(mine.filter((s) => s.member?.id === memberId)),
        previous: figuresOf(theirs.filter((s) => s.member?.id === memberId)),
      }));
      return {
        unit: toUnitBrief(unit),
        current: figuresOf(mine),
        previous: figuresOf(theirs),
        members: ranked(members),
      };
    });
    return { period: kind, current, previous, units: ranked(rows) };
  };
}
