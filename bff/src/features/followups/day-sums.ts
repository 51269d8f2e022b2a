import { beijingDay, followupLevelValues, type FollowupLevel } from '@bianmin/shared';
import { eachOf, inTurns, isDuplicateKey, markAgain, putSum } from '../../db/query';
import type { FollowupDeps } from './deps';
import type { FollowupCountMarkRecord, FollowupCountRecord, FollowupDaySumRecord } from './model';

/** What the bulletin counts of a team: 回访户数 and each level's follow-ups. */
export type Counts = Record<FollowupLevel, number> & { visited: number };
export const emptyCounts = (): Counts => ({ visited: 0, excellent: 0, good: 0, fair: 0, pass: 0, fail: 0, none: 0 });

export function addCounts(into: Counts, c: Partial<Counts>): void {
  into.visited += c.visited ?? 0;
  for (const level of followupLevelValues) into[level] += c[level] ?? 0;
}

type TeamCounts = Partial<Counts> & { team: string };

/** Adds `docs` (count documents or a sum's rows) into `byTeam`. */
function addByTeam(byTeam: Map<string, Counts>, docs: readonly TeamCounts[]): Map<string, Counts> {
  for (const d of docs) {
    const into = byTeam.get(d.team) ?? emptyCounts();
    addCounts(into, d);
    byTeam.set(d.team, into);
  }
  return byTeam;
}

/** A day's sum rows: its count documents added up per team. */
export const sumRows = (docs: readonly TeamCounts[]) =>
  [...addByTeam(new Map(), docs)].map(([team, c]) => ({ team, ...c }));

const BACKFILLED = 'followup-sums:days-marked';

/**
 * The bulletin's counts by Beijing day. A follow-up recorded inserts its count document under
 * its day and then gives the day's mark a new token; `settle` (a job of the one runner) sums
 * each day whose mark changed into one small document per day, under the token it read before
 * summing. A reader takes a day's sum when its token is the mark's, and otherwise the day's count
 * documents (today, or a day recorded since it was summed): a year's bulletin reads about 730
 * sums and today's counts, not two years of follow-ups, and is never behind a record.
 */
export function createDaySums({ models, clock }: Pick<FollowupDeps, 'models' | 'clock'>) {
  const countsOf = (day: string) => models.FollowupCount.find({ key: day }).lean<FollowupCountRecord[]>();
  const markDay = (day: string) =>
    markAgain(models.FollowupCountMark, day, { month: day.slice(0, 7), at: clock.now() });
  let backfilled = false;

  /**
   * Once per database: marks the days of count documents written before the marks existed, the
   * days without a mark (one read of the collection's keys; later calls see the key and skip it).
   */
  async function backfill(): Promise<void> {
    if (backfilled) return;
    if (!(await models.Once.exists({ _id: BACKFILLED }))) {
      const [keys, marked] = await Promise.all([
        models.FollowupCount.distinct('key'),
        models.FollowupCountMark.find({}, { _id: 1 }).lean<Array<{ _id: string }>>(),
      ]);
      const has = new Set(marked.map((m) => m._id));
      await inTurns(
        keys.map(String).filter((k) => k.length === 10 && !has.has(k)),
        20,
        markDay,
      );
      await models.Once.create({ _id: BACKFILLED, at: clock.now() }).catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err;
      });
    }
    backfilled = true;
  }

  /** Sums `day` under the token read first: a record after that read marks the day again. */
  async function fold(day: string): Promise<void> {
    const mark = await models.FollowupCountMark.findById(day).lean<FollowupCountMarkRecord>();
    if (!mark) return;
    const rows = sumRows(await countsOf(day));
    const sum = { _id: day, month: mark.month, token: mark.token, rows, computedAt: clock.now() };
    await putSum(models.FollowupDaySum, day, sum);
  }

  return {
    /** After a count of `at`'s day is inserted: the day's sum, if any, is stale. */
    mark: (at: Date): Promise<void> => markDay(beijingDay(at)),

    /**
     * For the one runner: sums every day recorded since its sum, but today (still being
     * recorded: the bulletin reads it from its counts). Answers the number of days summed.
     */
    async settle(): Promise<number> {
      await backfill();
      const [marks, sums] = await Promise.all([
        models.FollowupCountMark.find({}, { token: 1 }).lean<FollowupCountMarkRecord[]>(),
        models.FollowupDaySum.find({}, { token: 1 }).lean<FollowupDaySumRecord[]>(),
      ]);
      const summed = new Map(sums.map((s) => [s._id, s.token]));
      const today = beijingDay(clock.now());
      const stale = marks.filter((m) => m._id !== today && summed.get(m._id) !== m.token).map((m) => m._id);
      await inTurns(stale, 4, fold);
      return stale.length;
    },

    /** The counts of `days` per team: each day's sum while it is fresh, else its count documents. */
    async counts(days: readonly string[]): Promise<Map<string, Counts>> {
      await backfill();
      const months = [...new Set(days.map((d) => d.slice(0, 7)))];
      const [marks, sums] = await Promise.all([
        eachOf(months, (month) => models.FollowupCountMark.find({ month }).lean<FollowupCountMarkRecord[]>()),
        eachOf(months, (month) => models.FollowupDaySum.find({ month }).lean<FollowupDaySumRecord[]>()),
      ]);
      const tokens = new Map(marks.map((m) => [m._id, m.token]));
      const sumOf = new Map(sums.map((s) => [s._id, s]));
      const byTeam = new Map<string, Counts>();
      const live: string[] = [];
      for (const day of days) {
        const token = tokens.get(day);
        if (token === undefined) continue; // nothing recorded that day
        const sum = sumOf.get(day);
        if (sum?.token === token) addByTeam(byTeam, sum.rows as TeamCounts[]);
        else live.push(day);
      }
      // a few at a time: before its first sums (a database just upgraded) a year is all live
      await inTurns(live, 8, async (day) => addByTeam(byTeam, await countsOf(day)));
      return byTeam;
    },
  };
}

export type DaySums = ReturnType<typeof createDaySums>;
