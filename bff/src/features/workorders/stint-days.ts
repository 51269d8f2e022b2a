import { addDays, beijingMonth } from '@bianmin/shared';
import type { Models } from '../../db/models';
import { eachOf, inTurns, isDuplicateKey, markAgain, putSum } from '../../db/query';
import type { Clock } from '../../lib/clock';
import type {
  WorkOrderDayMarkRecord,
  WorkOrderDaySumRecord,
  WorkOrderMonthSumRecord,
  WorkOrderStepRecord,
} from './model';
import {
  addPassed,
  addTally,
  clocks,
  countStint,
  emptyTally,
  stintDayOf,
  stintsOfSteps,
  type Pending,
  type Tally,
} from './stints';

/** The stints of a unit and member (null: not accepted by anyone) and what they count. */
export interface MemberTally {
  unitId: string;
  member: { id: string; name: string } | null;
  tally: Tally;
}

/** A day's counts as of some moment: per unit and member, and the time limits still pending. */
interface DayCount {
  rows: MemberTally[];
  pending: Pending[];
}

// stored compactly, a day being a few hundred rows (FerretDB keeps no array in an array):
// `n` is [orders, contact kept, contact of, arrival kept, arrival of, completion kept,
// completion of, returned, checked, returned at check, rated, good]; a pending limit's `c` is
// its clock's index and `d` its due time (epoch ms)
interface StoredRow {
  u: string;
  m: string;
  name: string;
  n: number[];
}
interface StoredPending {
  u: string;
  m: string;
  c: number;
  d: number;
}

const encodeRow = ({ unitId, member, tally: t }: MemberTally): StoredRow => ({
  u: unitId,
  m: member?.id ?? '',
  name: member?.name ?? '',
  n: [t.orders, ...t.contact, ...t.arrival, ...t.completion, t.returned, t.checked, t.returnedAtCheck, t.rated, t.good],
});

function decodeRow({ u, m, name, n }: StoredRow): MemberTally {
  const at = (i: number) => n[i] ?? 0;
  return {
    unitId: u,
    member: m ? { id: m, name } : null,
    tally: {
      orders: at(0),
      contact: [at(1), at(2)],
      arrival: [at(3), at(4)],
      completion: [at(5), at(6)],
      returned: at(7),
      checked: at(8),
      returnedAtCheck: at(9),
      rated: at(10),
      good: at(11),
    },
  };
}

const encodePending = (p: Pending): StoredPending => ({
  u: p.unitId,
  m: p.memberId ?? '',
  c: clocks.indexOf(p.clock),
  d: p.due,
});
const decodePending = ({ u, m, c, d }: StoredPending): Pending => ({
  unitId: u,
  memberId: m || null,
  clock: clocks[c] ?? 'contact',
  due: d,
});

const decode = (sum: { rows: unknown[]; pending: unknown[] }): DayCount => ({
  rows: (sum.rows as StoredRow[]).map(decodeRow),
  pending: (sum.pending as StoredPending[]).map(decodePending),
});

/** Whether a month sum's day tokens are exactly the month's marks now. */
function sameTokens(
  kept: Record<string, string> | undefined,
  marks: ReadonlyArray<{ _id: string; token: string }>,
  month: string,
): boolean {
  if (!kept) return false;
  const now = marks.filter((m) => m._id.startsWith(month));
  return now.length === Object.keys(kept).length && now.every((m) => kept[m._id] === m.token);
}

/** The Beijing days of a month (`YYYY-MM`). */
function daysIn(month: string): string[] {
  const days: string[] = [];
  for (let d = `${month}-01`; d.startsWith(month); d = addDays(d, 1)) days.push(d);
  return days;
}

const keyOf = (unitId: string, memberId: string | null | undefined) => `${unitId}|${memberId ?? ''}`;

/** Adds `rows` into `into` by unit and member. */
function addRows(into: Map<string, MemberTally>, rows: readonly MemberTally[]): void {
  for (const r of rows) {
    const key = keyOf(r.unitId, r.member?.id);
    const have = into.get(key);
    if (have) addTally(have.tally, r.tally);
    else into.set(key, { unitId: r.unitId, member: r.member, tally: addTally(emptyTally(), r.tally) });
  }
}

/** The count of a day's stints (all its steps) as of `now`. */
function countDay(steps: readonly WorkOrderStepRecord[], now: number): DayCount {
  const rows = new Map<string, MemberTally>();
  const pending: Pending[] = [];
  for (const s of stintsOfSteps(steps)) {
    const counted = countStint(s, now);
    addRows(rows, [{ unitId: s.unitId, member: s.member, tally: counted.tally }]);
    pending.push(...counted.pending);
  }
  return { rows: [...rows.values()], pending };
}

/** Marks `day`'s stints changed: its sum, if any, is stale from now on. */
export const markStintDay = (models: Models, clock: Clock, day: string): Promise<void> =>
  markAgain(models.WorkOrderDayMark, day, { month: day.slice(0, 7), at: clock.now() });

const BACKFILLED = 'workorder-days:stint-days';

/**
 * 单位考核's counts by the Beijing day a stint began (its dispatch). Every step of a stint is
 * stored under that day (`stintDay`) and gives the day's mark a new token once written (core.ts);
 * `settle` (a job of the one runner) counts each day whose mark changed into one small document,
 * under the token it read before reading the day's steps. A reader takes a day's sum when its
 * token is the mark's and the day's steps otherwise (one equality read): a quarter's assessment
 * reads two quarters of sums, not every step since the earlier quarter began, and is never
 * behind a step. A sum keeps the time limits still running when it was taken, so a limit that
 * passes later counts late without a recount.
 */
export function createStintDays({ models, clock }: { models: Models; clock: Clock }) {
  const stepsOf = (day: string) => models.WorkOrderStep.find({ stintDay: day }).lean<WorkOrderStepRecord[]>();
  let backfilled = false;

  /**
   * Once per database: gives steps written before `stintDay` existed their day, and marks the
   * days (one read of every step's number, time and action; later starts see the key and skip it).
   */
  async function backfill(): Promise<void> {
    if (backfilled) return;
    if (!(await models.Once.exists({ _id: BACKFILLED }))) {
      const steps = await models.WorkOrderStep.find({}, { orderId: 1, n: 1, at: 1, action: 1, stintDay: 1 }).lean<
        WorkOrderStepRecord[]
      >();
      const byOrder = new Map<string, WorkOrderStepRecord[]>();
      for (const s of steps) byOrder.set(s.orderId, [...(byOrder.get(s.orderId) ?? []), s]);
      const fixes: Array<{ _id: string; stintDay: string }> = [];
      const days = new Set<string>();
      for (const list of byOrder.values()) {
        let day: string | null = null;
        for (const s of list.sort((a, b) => a.n - b.n)) {
          if (s.action === 'dispatched') day = stintDayOf(s.action, s.at, null);
          if (!day) continue;
          if (s.stintDay !== day) fixes.push({ _id: s._id, stintDay: day });
          days.add(day);
        }
      }
      await inTurns(fixes, 50, ({ _id, stintDay }) => models.WorkOrderStep.updateOne({ _id }, { $set: { stintDay } }));
      await inTurns([...days], 20, (day) => markStintDay(models, clock, day));
      await models.Once.create({ _id: BACKFILLED, at: clock.now() }).catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err;
      });
    }
    backfilled = true;
  }

  /** Counts `day` under the token read first: a step after that read marks the day again. */
  async function fold(day: string): Promise<void> {
    const mark = await models.WorkOrderDayMark.findById(day).lean<WorkOrderDayMarkRecord>();
    if (!mark) return;
    const { rows, pending } = countDay(await stepsOf(day), clock.now().getTime());
    const sum = {
      _id: day,
      month: mark.month,
      token: mark.token,
      rows: rows.map(encodeRow),
      pending: pending.map(encodePending),
      computedAt: clock.now(),
    };
    // the mark says so unless a step marked the day again meanwhile (then it is counted again)
    if (await putSum(models.WorkOrderDaySum, day, sum))
      await models.WorkOrderDayMark.updateOne({ _id: day, token: mark.token }, { $set: { folded: mark.token } });
  }

  /**
   * Adds up `month`'s day sums into one document, under the day tokens they were taken under,
   * when every day of it with a mark has a fresh sum (otherwise the next run does it).
   */
  async function foldMonth(month: string): Promise<void> {
    const [marks, sums] = await Promise.all([
      models.WorkOrderDayMark.find({ month }, { token: 1 }).lean<WorkOrderDayMarkRecord[]>(),
      models.WorkOrderDaySum.find({ month }).lean<WorkOrderDaySumRecord[]>(),
    ]);
    const sumOf = new Map(sums.map((s) => [s._id, s]));
    if (marks.some((m) => sumOf.get(m._id)?.token !== m.token)) return;
    const rows = new Map<string, MemberTally>();
    const pending: Pending[] = [];
    for (const m of marks) {
      const day = decode(sumOf.get(m._id) ?? { rows: [], pending: [] });
      addRows(rows, day.rows);
      pending.push(...day.pending);
    }
    const sum = {
      _id: month,
      tokens: Object.fromEntries(marks.map((m) => [m._id, m.token])),
      rows: [...rows.values()].map(encodeRow),
      pending: pending.map(encodePending),
      computedAt: clock.now(),
    };
    if (await putSum(models.WorkOrderMonthSum, month, sum))
      await inTurns(marks, 8, (m) =>
        models.WorkOrderDayMark.updateOne({ _id: m._id, token: m.token }, { $set: { inMonth: m.token } }),
      );
  }

  return {
    backfill,

    /** For the one runner: counts every day with a step since its sum. Answers the days counted. */
    async settle(): Promise<number> {
      await backfill();
      // what to count again is read from the marks alone: they are small, the sums are not
      const marks = await models.WorkOrderDayMark.find({}, { month: 1, token: 1, folded: 1, inMonth: 1 }).lean<
        WorkOrderDayMarkRecord[]
      >();
      const stale = marks.filter((m) => m.folded !== m.token).map((m) => m._id);
      await inTurns(stale, 4, fold);
      // then each month that is over with a day changed since its sum (or that has none yet): a
      // month still running is never whole in a period, and is read from its days
      const current = beijingMonth(clock.now());
      const months = [...new Set(marks.filter((m) => m.inMonth !== m.token && m.month < current).map((m) => m.month))];
      await inTurns(months, 4, foldMonth);
      return stale.length;
    },

    /**
     * The counts of the stints that began on each list of days, per unit and member, as of now:
     * each day's sum while it is fresh (its pending limits counted late once passed), else the
     * day's steps.
     */
    async tallies(ranges: ReadonlyArray<readonly string[]>): Promise<MemberTally[][]> {
      await backfill();
      const now = clock.now().getTime();
      const allDays = new Set(ranges.flat());
      const months = [...new Set([...allDays].map((d) => d.slice(0, 7)))];
      const [marks, monthSums] = await Promise.all([
        eachOf(months, (month) =>
          models.WorkOrderDayMark.find({ month }, { token: 1 }).lean<WorkOrderDayMarkRecord[]>(),
        ),
        eachOf(months, (_id) => models.WorkOrderMonthSum.find({ _id }).lean<WorkOrderMonthSumRecord[]>()),
      ]);
      const tokens = new Map(marks.map((m) => [m._id, m.token]));
      // a month every range holds whole, whose sum is fresh, is read from its one document
      const whole = (month: string) =>
        ranges.every((days) => daysIn(month).every((d) => days.includes(d)) || !days.some((d) => d.startsWith(month)));
      const byMonth = new Map<string, DayCount>();
      for (const m of monthSums) {
        if (!whole(m._id) || !sameTokens(m.tokens as Record<string, string>, marks, m._id)) continue;
        byMonth.set(m._id, decode(m));
      }
      const dayMonths = months.filter((m) => !byMonth.has(m));
      const sums = await eachOf(dayMonths, (month) =>
        models.WorkOrderDaySum.find({ month }).lean<WorkOrderDaySumRecord[]>(),
      );
      const sumOf = new Map(sums.map((s) => [s._id, s]));
      const counts = new Map<string, DayCount>();
      const live: string[] = [];
      for (const day of allDays) {
        if (byMonth.has(day.slice(0, 7))) continue;
        const token = tokens.get(day);
        if (token === undefined) continue; // no stint began that day
        const sum = sumOf.get(day);
        if (sum?.token === token) counts.set(day, decode(sum));
        else live.push(day);
      }
      // a few at a time: before the first sums (a database just upgraded) every day is live
      await inTurns(live, 8, async (day) => counts.set(day, countDay(await stepsOf(day), now)));
      return ranges.map((days) => {
        const rows = new Map<string, MemberTally>();
        const parts = [
          ...[...byMonth].filter(([month]) => days.some((d) => d.startsWith(month))).map(([, c]) => c),
          ...days.flatMap((day) => counts.get(day) ?? []),
        ];
        for (const count of parts) {
          addRows(rows, count.rows);
          for (const p of count.pending) {
            // the limit's stint is counted in its row already (so the row's member has its
            // name): only the limit passed since is added
            const member = p.memberId ? { id: p.memberId, name: '' } : null;
            addRows(rows, [{ unitId: p.unitId, member, tally: addPassed(emptyTally(), [p], now) }]);
          }
        }
        return [...rows.values()];
      });
    },
  };
}

export type StintDays = ReturnType<typeof createStintDays>;
