import { beijingDay, beijingHour, beijingMidnight, DAY_MS, HOUR_MS } from '@bianmin/shared';
import type { Models } from '../../db/models';
import { inTurns, isDuplicateKey } from '../../db/query';
import type { Clock } from '../../lib/clock';
import { randomId } from '../../lib/ids';
import {
  reportTimes,
  type HelpDayMarkRecord,
  type HelpDayRollupRecord,
  type HelpDaySumRecord,
  type HelpRequestRecord,
} from './model';
import { addParts, partOf, ROW_PROJECTION, type DayPart, type Row } from './rollup';

/**
 * The report hours a request counts in (`YYYY-MM-DDTHH`): the hour it was created and the hour
 * it was resolved; the days instead for a request of an older version not yet given its hours.
 */
export const slotsOf = (
  doc: Partial<Pick<HelpRequestRecord, 'createdDay' | 'resolvedDay' | 'createdHour' | 'resolvedHour'>>,
) => [doc.createdHour ?? doc.createdDay, doc.resolvedHour ?? doc.resolvedDay].filter((s): s is string => !!s);

/**
 * Marks report figures out of date after a write of requests counted in them: each of `slots`
 * is an hour (`YYYY-MM-DDTHH`) or, for all of it, a day (`YYYY-MM-DD`).
 */
export async function markStale(models: Models, clock: Clock, slots: Iterable<string>): Promise<void> {
  const at = clock.now();
  await Promise.all(
    [...new Set(slots)].map((slot) =>
      models.HelpDayMark.create({ _id: randomId(), day: slot.slice(0, 10), hour: slot.length > 10 ? slot : null, at }),
    ),
  );
}

/** A stretch of time `[start, end)` (epoch ms, within one Beijing day) and its figures. */
export type Piece = DayPart & { start: number; end: number };

/** A day's figures by Beijing hour (`00`…`23`), only of the hours that have any. */
type Hours = Record<string, DayPart>;

const BACKFILLED = 'help-rollups:hours-backfilled';
const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));
const ALL_HOURS: ReadonlySet<string> = new Set(HOURS);
/** A day with more hours than this to read is read whole (two equality reads, not two an hour). */
const BY_HOUR_UP_TO = 8;
/** A report with more equality reads than this to make reads its span in one read instead. */
const READS_UP_TO = 24;

/** The Beijing hour of the day an instant falls in (`00`…`23`). */
const hourOf = (at: Date | number) => beijingHour(at).slice(11);

/** The newest of a day's rollup versions or sums (by the time its computation began, then by id). */
function newest<T extends { _id: string; computedAt: Date }>(versions: T[]): T | undefined {
  return versions.reduce<T | undefined>((best, v) => {
    if (!best) return v;
    const d = v.computedAt.getTime() - best.computedAt.getTime();
    return d > 0 || (d === 0 && v._id > best._id) ? v : best;
  }, undefined);
}

/**
 * The hour figures a day's newest rollup holds: none without a rollup (no request was ever
 * written in it), null for a version of an older release (the whole day in one, no hours).
 */
const storedOf = (version: HelpDayRollupRecord | undefined): Hours | null =>
  version ? ((version.hours as Hours | null | undefined) ?? null) : {};

/** The marked hours of each day (a mark without an hour marks all of them). */
function staleOf(marks: HelpDayMarkRecord[]): Map<string, Set<string>> {
  const stale = new Map<string, Set<string>>();
  for (const m of marks) {
    const hours = stale.get(m.day) ?? new Set<string>();
    for (const h of m.hour ? [m.hour.slice(11)] : HOURS) hours.add(h);
    stale.set(m.day, hours);
  }
  return stale;
}

/** The figures of `created` and `resolved` hour by hour, of the hours that have any. */
function byHour(created: Row[], resolved: Row[]): Hours {
  const rows = new Map<string, [Row[], Row[]]>();
  const add = (at: Date, r: Row, side: 0 | 1) => {
    const entry = rows.get(hourOf(at)) ?? [[], []];
    entry[side].push(r);
    rows.set(hourOf(at), entry);
  };
  for (const r of created) add(r.createdAt, r, 0);
  for (const r of resolved) if (r.resolvedAt) add(r.resolvedAt, r, 1);
  return Object.fromEntries([...rows].map(([h, [c, d]]) => [h, partOf(c, d)]));
}

/** Of `rows` (created, resolved), those whose time of creation / resolution falls in `hours`. */
const inHours = ([created, resolved]: [Row[], Row[]], hours: ReadonlySet<string>): [Row[], Row[]] => [
  created.filter((r) => hours.has(hourOf(r.createdAt))),
  resolved.filter((r) => r.resolvedAt && hours.has(hourOf(r.resolvedAt))),
];

const readsOf = (hours: ReadonlySet<string>) => (hours.size > BY_HOUR_UP_TO ? 2 : 2 * hours.size);

/**
 * The rollups of help requests: one small document of report figures per Beijing day, kept hour
 * by hour, so a report reads a document a day instead of every request of its period (issue 15).
 * Every write of a request marks its hours (help/core.ts); `settle` (a job of the one runner)
 * recomputes only the marked hours of a day from their requests, by equality reads on
 * `createdHour` / `resolvedHour`, so a day being written costs a re-read of an hour's requests,
 * not the day's; the report computes an hour that is still marked from the requests, so it never
 * lags behind a write.
 */
export function createRollups({ models, clock }: { models: Models; clock: Clock }) {
  const rowsWhere = (created: object, resolved: object) =>
    Promise.all([
      models.HelpRequest.find(created, ROW_PROJECTION).lean<Row[]>(),
      models.HelpRequest.find(resolved, ROW_PROJECTION).lean<Row[]>(),
    ]);

  /** The requests created and resolved in `hours` of `day`: hour by hour, or the day's when many. */
  async function rowsOf(day: string, hours: ReadonlySet<string>): Promise<[Row[], Row[]]> {
    if (hours.size > BY_HOUR_UP_TO) return inHours(await rowsWhere({ createdDay: day }, { resolvedDay: day }), hours);
    const got = await Promise.all(
      [...hours].map((h) => rowsWhere({ createdHour: `${day}T${h}` }, { resolvedHour: `${day}T${h}` })),
    );
    return [got.flatMap((g) => g[0]), got.flatMap((g) => g[1])];
  }

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

  const versionsOf = (day: string) => models.HelpDayRollup.find({ day }, { part: 0 }).lean<HelpDayRollupRecord[]>();

  /**
   * Writes a new version of `day`'s rollup with the figures of `marked` hours read again (all
   * of them for a day of an older release) and the other hours kept, then drops the older
   * versions. An hour that a dropped version read later than the one kept (a slower computation
   * of other hours won) is marked again, so no newer figure is lost.
   */
  async function compute(day: string, marked: ReadonlySet<string> = ALL_HOURS): Promise<void> {
    // taken before reading the requests, so a computation that read later carries a later time;
    // and after every version written so far, so two in the same millisecond still have an order
    const prior = newest(await versionsOf(day));
    const computedAt = new Date(Math.max(clock.now().getTime(), (prior?.computedAt.getTime() ?? 0) + 1));
    const stored = storedOf(prior);
    const hours = stored ? marked : ALL_HOURS;
    const kept = Object.entries(stored ?? {}).filter(([h]) => !hours.has(h));
    const readAt = (prior?.hourAt ?? {}) as Record<string, number>;
    const figures: Hours = { ...Object.fromEntries(kept), ...byHour(...(await rowsOf(day, hours))) };
    const _id = `${day}|${computedAt.toISOString()}|${randomId(6)}`;
    await models.HelpDayRollup.create({
      _id,
      day,
      computedAt,
      hours: figures,
      hourAt: { ...readAt, ...Object.fromEntries([...hours].map((h) => [h, computedAt.getTime()])) },
    });
    // before any version is dropped and the day's marks deleted: a day with no mark has the sum
    // of its newest version
    await models.HelpDaySum.create({ _id, day, computedAt, whole: addParts(Object.values(figures)) });
    const versions = await versionsOf(day);
    const keep = newest(versions);
    const keptAt = (keep?.hourAt ?? {}) as Record<string, number>;
    const dropped = versions.filter((v) => v._id !== keep?._id);
    const lost = dropped.flatMap((v) =>
      Object.entries((v.hourAt ?? {}) as Record<string, number>)
        .filter(([h, at]) => at > (keptAt[h] ?? 0))
        .map(([h]) => `${day}T${h}`),
    );
    await markStale(models, clock, lost);
    await Promise.all(
      dropped.map(async (v) => {
        await models.HelpDaySum.deleteOne({ _id: v._id });
        await models.HelpDayRollup.deleteOne({ _id: v._id });
      }),
    );
  }

  return {
    compute,

    /**
     * Recomputes the hours marked out of date (up to `limit` marks a run), then deletes exactly
     * the marks it read: a write after the read leaves its own mark for the next run. Answers
     * the number of days recomputed.
     */
    async settle(limit = 5000): Promise<number> {
      const marks = await models.HelpDayMark.find({}, { day: 1, hour: 1 }).limit(limit).lean<HelpDayMarkRecord[]>();
      const stale = staleOf(marks);
      await inTurns([...stale], 4, async ([day, hours]) => {
        await compute(day, hours);
        const ids = marks.filter((m) => m.day === day).map((m) => m._id);
        await inTurns(ids, 20, (_id) => models.HelpDayMark.deleteOne({ _id }));
      });
      return stale.size;
    },

    /**
     * Once per database: gives requests written before the hourly rollups their days and hours
     * and marks those days whole (one full read of the collection; later starts see the key and
     * skip it).
     */
    async backfill(): Promise<number> {
      if (await models.Once.exists({ _id: BACKFILLED })) return 0;
      const docs = await models.HelpRequest.find({ createdHour: null }, { createdAt: 1, resolvedAt: 1 }).lean();
      const days = new Set<string>();
      await inTurns(docs, 50, async (doc) => {
        const set = reportTimes({ createdAt: doc.createdAt, resolvedAt: doc.resolvedAt });
        for (const d of [set.createdDay, set.resolvedDay]) if (d) days.add(d);
        await models.HelpRequest.updateOne({ _id: doc._id }, { $set: set });
      });
      await markStale(models, clock, days);
      await models.Once.create({ _id: BACKFILLED, at: clock.now() }).catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err;
      });
      return docs.length;
    },

    /**
     * The figures of `days`, split at the times in `cuts` that fall inside them: the hours of
     * each stretch from the day's newest rollup, except the hours still marked out of date and
     * the hour a cut falls inside, which are computed from their requests (read only).
     */
    async pieces(days: readonly string[], cuts: readonly number[]): Promise<Piece[]> {
      const stale = staleOf(await models.HelpDayMark.find({}, { day: 1, hour: 1 }).lean<HelpDayMarkRecord[]>());
      const plans = await Promise.all(
        [...new Set(days)].map(async (day) => {
          const start = beijingMidnight(day).getTime();
          const inside = [...new Set(cuts.filter((c) => c > start && c < start + DAY_MS))].sort((a, b) => a - b);
          const split = inside.filter((c) => c % HOUR_MS !== 0).map(hourOf);
          const marked = new Set([...(stale.get(day) ?? []), ...split]);
          // a day read whole (nothing marked, no cut inside) takes its newest version's sum, a
          // small document; a day of an older release has versions without sums
          if (marked.size === 0 && inside.length === 0) {
            const sum = newest(await models.HelpDaySum.find({ day }).lean<HelpDaySumRecord[]>());
            if (sum) return { day, start, inside, whole: sum.whole as DayPart, stored: {}, live: new Set<string>() };
          }
          const stored = storedOf(newest(await versionsOf(day)));
          const live = stored ? marked : ALL_HOURS;
          return { day, start, inside, whole: null, stored: stored ?? {}, live };
        }),
      );
      const reading = plans.filter((p) => p.live.size > 0);
      const across =
        reading.reduce((n, p) => n + readsOf(p.live), 0) > READS_UP_TO
          ? await rowsAcross(reading.map((p) => p.day))
          : null;
      const pieces = await Promise.all(
        plans.map(async ({ day, start, inside, whole, stored, live }) => {
          if (whole) return [{ start, end: start + DAY_MS, ...whole }];
          const [created, resolved] =
            live.size === 0 ? [[], []] : across ? inHours(across(day), live) : await rowsOf(day, live);
          const bounds = [start, ...inside, start + DAY_MS];
          const inStretch = (at: Date | null | undefined, a: number, b: number) =>
            Boolean(at && at.getTime() >= a && at.getTime() < b);
          return bounds.slice(1).map((b, i): Piece => {
            const a = bounds[i] ?? start;
            const kept = HOURS.flatMap((h, k) => {
              const at = start + k * HOUR_MS;
              const part = stored[h];
              return part && !live.has(h) && at >= a && at < b ? [part] : [];
            });
            const fresh = partOf(
              created.filter((r) => inStretch(r.createdAt, a, b)),
              resolved.filter((r) => inStretch(r.resolvedAt, a, b)),
            );
            return { start: a, end: b, ...addParts([fresh, ...kept]) };
          });
        }),
      );
      return pieces.flat();
    },
  };
}

export type Rollups = ReturnType<typeof createRollups>;
