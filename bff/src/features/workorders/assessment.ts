import {
  addDays,
  addMonths,
  beijingDay,
  beijingMidnight,
  beijingParts,
  monthDayText,
  periodText,
  type Assessment,
  type AssessmentFigures,
  type AssessmentPeriod,
} from '@bianmin/shared';
import { toUnitBrief } from '../units/service';
import type { WorkOrderDeps } from './core';
import { createStintDays, type MemberTally } from './stint-days';
import { addTally, emptyTally, figuresOf } from './stints';

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
      label: `${monthDayText(f)}–${monthDayText(addDays(f, 6))}`,
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

/** Ranks by score (unmeasured last), then by orders. */
function ranked<T extends { current: AssessmentFigures }>(rows: T[]): Array<T & { rank: number }> {
  const sorted = [...rows].sort(
    (a, b) => (b.current.score ?? -1) - (a.current.score ?? -1) || b.current.orders - a.current.orders,
  );
  return sorted.map((row, i) => ({ ...row, rank: i + 1 }));
}

/** The Beijing days of a range. */
function daysOf(range: Range): string[] {
  const days: string[] = [];
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) days.push(d);
  return days;
}

/** The figures of the rows `keep` selects. */
const figuresWhere = (rows: readonly MemberTally[], keep: (r: MemberTally) => boolean) =>
  figuresOf(rows.filter(keep).reduce((t, r) => addTally(t, r.tally), emptyTally()));

/**
 * Unit assessment (考核): every order dispatched to a unit in the period is one stint there,
 * followed to its end even after the period (a late 回单 still counts late). Members are credited
 * with the stints they accepted. Counted from the day sums of the stints (stint-days.ts).
 */
export function createAssessment(deps: WorkOrderDeps) {
  const { clock, units } = deps;
  const days = createStintDays(deps);

  async function assess(kind: AssessmentPeriod, day = beijingDay(clock.now())): Promise<Assessment> {
    const { current, previous } = periodsOf(kind, day);
    const [[now = [], before = []], all] = await Promise.all([
      days.tallies([daysOf(current), daysOf(previous)]),
      units.list(),
    ]);
    const rows = all.map((unit) => {
      const id = String(unit._id);
      const mine = now.filter((r) => r.unitId === id);
      const theirs = before.filter((r) => r.unitId === id);
      const people = new Map(unit.members.filter((m) => m.role !== 'grid').map((m) => [m.agentId, m.name]));
      for (const r of [...mine, ...theirs]) if (r.member?.name) people.set(r.member.id, r.member.name);
      const members = [...people].map(([memberId, name]) => ({
        member: { id: memberId, name },
        current: figuresWhere(mine, (r) => r.member?.id === memberId),
        previous: figuresWhere(theirs, (r) => r.member?.id === memberId),
      }));
      return {
        unit: toUnitBrief(unit),
        current: figuresWhere(mine, () => true),
        previous: figuresWhere(theirs, () => true),
        members: ranked(members),
      };
    });
    return { period: kind, current, previous, units: ranked(rows) };
  }
  return Object.assign(assess, { days });
}
