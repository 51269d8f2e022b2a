import { beijingDay, beijingMidnight, DAY_MS } from '@bianmin/shared';
import type { Models } from '../../db/models';
import { eachOf } from '../../db/query';
import type { Clock } from '../../lib/clock';
import { randomId } from '../../lib/ids';
import type { HelpDayMarkRecord, HelpDayRollupRecord, HelpRequestRecord } from './model';
import { emptyPart, partOf, ROW_PROJECTION, type DayPart, type Row } from './rollup';

/** The days a request counts in: the day it was created and the day it was resolved. */
export const daysOf = (doc: Partial<Pick<HelpRequestRecord, 'createdDay' | 'resolvedDay'>>) =>
  [doc.createdDay, doc.resolvedDay].filter((d): d is string => typeof d === 'string');

/** Marks `days` out of date (after a write of requests counted in them). */
export async function markDays(models: Models, clock: Clock, days: Iterable<string>): Promise<void> {
  const at = clock.now();
  await Promise.all([...new Set(days)].map((day) => models.HelpDayMark.create({ _id: randomId(), day, at })));
}

/** A stretch of time `[start, end)` (epoch ms, within one Beijing day) and its figures. */
export type Piece = DayPart & { start: number; end: number };

const BACKFILLED = 'help-rollups:days-backfilled';
/** Days out of date read one by one (two equality reads each) up to this many; more, in one read. */
const BY_DAY_UP_TO = 6;

/** Runs `fn` over `items`, `width` at a time. */
async function inTurns<T>(items: readonly T[], width: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(fn));
}

/** The newest of a day's rollup versions (by the time its computation began, then by id). */
function newest(versions: HelpDayRollupRecord[]): HelpDayRollupRecord | undefined {
  return versions.reduce<HelpDayRollupRecord | undefined>((best, v) => {
    if (!best) return v;
    const d = v.computedAt.getTime() - best.computedAt.getTime();
    return d > 0 || (d === 0 && v._id > best._id) ? v : best;
  }, undefined);
}

/**
 * The daily rollups of help requests: one small document of report figures per Beijing day, so
 * a report reads a document a day instead of every request of its period (issue 15). Every write
 * of a request marks its days (help/core.ts); `settle` (a job of the one runner) recomputes the
 * marked days from the requests by equality reads on `createdDay` / `resolvedDay`; the report
 * computes a day that is still marked from the requests, so it never lags behind a write.
 */
export function createRollups({ models, clock }: { models: Models; clock: Clock }) {
  const rowsOf = (day: string) =>
    Promise.all([
      models.HelpRequest.find({ createdDay: day }, ROW_PROJECTION).lean<Row[]>(),
      models.HelpRequest.find({ resolvedDay: day }, ROW_PROJECTION).lean<Row[]>(),
    ]);

  /**
   * The requests created or resolved in any of `days`, in one read, by day: when many days are
   * out of date at once (the demo's year just seeded, a backlog), one read of the span rather
   * than two per day (each a read of the whole collection on FerretDB over SQLite).
   */
  async function rowsAcross(days: readonly string[]) {
    const sorted = [...days].sort();
    const start = beijingMidnight(sorted[0] ?? '');
    const end = new Date(beijingMidnight(sorted[sorted.length - 1] ?? '').getTime() + DAY_MS);
    const rows = await models.HelpRequest.find(
      { $or: [{ createdAt: { $gte: start, $lt: end } }, { resolvedAt: { $gte: start, $lt: end } }] },
      ROW_PROJECTION,
    ).lean<Row[]>();
    const created = new Map<string, Row[]>();
    const resolved = new Map<string, Row[]>();
    const add = (map: Map<string, Row[]>, day: string, r: Row) => {
      const list = map.get(day);
      if (list) list.push(r);
      else map.set(day, [r]);
    };
    for (const r of rows) {
      add(created, beijingDay(r.createdAt), r);
      if (r.resolvedAt) add(resolved, beijingDay(r.resolvedAt), r);
    }
    return (day: string): [Row[], Row[]] => [created.get(day) ?? [], resolved.get(day) ?? []];
  }

  /** Writes a new version of `day`'s rollup and drops the older ones. */
  const versionsOf = (day: string) =>
    models.HelpDayRollup.find({ day }, { computedAt: 1, day: 1 }).lean<HelpDayRollupRecord[]>();

  async function compute(day: string): Promise<void> {
    // taken before reading the requests, so a computation that read later carries a later time;
    // and after every version written so far, so two in the same millisecond still have an order
    const prior = newest(await versionsOf(day));
    const computedAt = new Date(Math.max(clock.now().getTime(), (prior?.computedAt.getTime() ?? 0) + 1));
    const [created, resolved] = await rowsOf(day);
    const part = partOf(created, resolved);
    await models.HelpDayRollup.create({
      _id: `${day}|${computedAt.toISOString()}|${randomId(6)}`,
      day,
      computedAt,
      part,
    });
    const versions = await versionsOf(day);
    const keep = newest(versions);
    await Promise.all(
      versions.filter((v) => v._id !== keep?._id).map((v) => models.HelpDayRollup.deleteOne({ _id: v._id })),
    );
  }

  return {
    compute,

    /**
     * Recomputes the days marked out of date (up to `limit` marks a run), then deletes exactly
     * the marks it read: a write after the read leaves its own mark for the next run. Answers
     * the number of days recomputed.
     */
    async settle(limit = 5000): Promise<number> {
      const marks = await models.HelpDayMark.find({}, { day: 1 }).limit(limit).lean<HelpDayMarkRecord[]>();
      const byDay = new Map<string, string[]>();
      for (const m of marks) byDay.set(m.day, [...(byDay.get(m.day) ?? []), m._id]);
      await inTurns([...byDay], 4, async ([day, ids]) => {
        await compute(day);
        await inTurns(ids, 20, (_id) => models.HelpDayMark.deleteOne({ _id }));
      });
      return byDay.size;
    },

    /**
     * Once per database: gives requests written before the rollups their days and marks those
     * days (one full read of the collection; later starts see the key and skip it).
     */
    async backfill(): Promise<number> {
      if (await models.Once.exists({ _id: BACKFILLED })) return 0;
      const docs = await models.HelpRequest.find({ createdDay: null }, { createdAt: 1, resolvedAt: 1 }).lean();
      const days = new Set<string>();
      await inTurns(docs, 50, async (doc) => {
        const set = {
          createdDay: beijingDay(doc.createdAt),
          resolvedDay: doc.resolvedAt ? beijingDay(doc.resolvedAt) : null,
        };
        for (const d of daysOf(set)) days.add(d);
        await models.HelpRequest.updateOne({ _id: doc._id }, { $set: set });
      });
      await markDays(models, clock, days);
      await models.Once.create({ _id: BACKFILLED, at: clock.now() }).catch((err: unknown) => {
        if ((err as { code?: number }).code !== 11000) throw err;
      });
      return docs.length;
    },

    /**
     * The figures of `days`, each day whole from its newest rollup; a day still marked out of
     * date, or one that a time in `cuts` falls inside, is computed from its requests (read only),
     * split at those times.
     */
    async pieces(days: readonly string[], cuts: readonly number[]): Promise<Piece[]> {
      const marks = await models.HelpDayMark.find({}, { day: 1 }).lean<HelpDayMarkRecord[]>();
      const marked = new Set(marks.map((m) => m.day));
      const cutsIn = (start: number) =>
        [...new Set(cuts.filter((c) => c > start && c < start + DAY_MS))].sort((a, b) => a - b);
      const live = days.filter((day) => marked.has(day) || cutsIn(beijingMidnight(day).getTime()).length > 0);
      const across = live.length > BY_DAY_UP_TO ? await rowsAcross(live) : null;
      return eachOf(days, async (day) => {
        const start = beijingMidnight(day).getTime();
        const end = start + DAY_MS;
        const inside = cutsIn(start);
        if (!live.includes(day)) {
          const found = newest(await models.HelpDayRollup.find({ day }).lean<HelpDayRollupRecord[]>());
          return [{ start, end, ...((found?.part as DayPart | undefined) ?? emptyPart()) }];
        }
        const [created, resolved] = across ? across(day) : await rowsOf(day);
        const bounds = [start, ...inside, end];
        const inStretch = (at: Date | null | undefined, a: number, b: number) =>
          Boolean(at && at.getTime() >= a && at.getTime() < b);
        return bounds.slice(1).map((b, i) => {
          const a = bounds[i] ?? start;
          return {
            start: a,
            end: b,
            ...partOf(
              created.filter((r) => inStretch(r.createdAt, a, b)),
              resolved.filter((r) => inStretch(r.resolvedAt, a, b)),
            ),
          };
        });
      });
    },
  };
}

export type Rollups = ReturnType<typeof createRollups>;
