import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { beijingMidnight, cityDistricts, DAY_MS, helpCategoryValues, HOUR_MS } from '@bianmin/shared';
import { reportTimes, type HelpDayMarkRecord, type HelpDayRollupRecord, type HelpRequestRecord } from './model';
import { addParts, partOf, ROW_PROJECTION, type DayPart, type Row } from './rollup';
import { createRollups, markStale, slotsOf } from './rollups';
import { helpTestApp } from './test-helpers';

type T = Awaited<ReturnType<typeof helpTestApp>>;

// two Beijing days; requests of the second may be resolved on the third
const DAY = '2026-03-10';
const NEXT = '2026-03-11';
const START = beijingMidnight(DAY).getTime();
const TEAMS = ['一组', '二组', null];
const STATUSES = ['waiting', 'assigned', 'in_progress', 'resolved', 'closed'] as const;

interface Spec {
  /** Seconds after the first day's midnight (two days' worth). */
  at: number;
  category: number;
  district: number;
  /** Seconds to the first reply, or null. */
  respond: number | null;
  /** Seconds from creation to resolution, or null (still running, or paused when `paused`). */
  resolve: number | null;
  paused: boolean;
  team: number;
  survey: number | null;
}

/** A request created in `hour` (after the first day's midnight), answered and resolved unless told. */
const specAt = (hour: number, fields: Partial<Spec> = {}): Spec => ({
  at: hour * 3600 + 120,
  category: 1,
  district: 0,
  respond: 30,
  resolve: 600,
  paused: false,
  team: 0,
  survey: null,
  ...fields,
});

let serial = 0;
/** A request as the app stores it (through the model, so its days and hours are filled). */
function requestOf(s: Spec): Record<string, unknown> {
  const createdAt = new Date(START + s.at * 1000);
  const category = helpCategoryValues[s.category % helpCategoryValues.length] ?? null;
  const resolvedAt = s.resolve === null ? null : new Date(createdAt.getTime() + s.resolve * 1000);
  serial += 1;
  return {
    createKey: `hours-test:${serial}`,
    userId: `hours-resident-${serial % 4}`,
    residentName: '居民',
    elder: false,
    category: s.category === 0 ? null : category,
    priority: category === 'complaint' ? 'complaint' : 'normal',
    rank: 2,
    status: resolvedAt ? 'resolved' : (STATUSES[s.team % 3] ?? 'waiting'),
    district: cityDistricts[s.district % cityDistricts.length] ?? null,
    offeredTo: 'pool',
    firstResponseAt: s.respond === null ? null : new Date(createdAt.getTime() + s.respond * 1000),
    firstResponseDueAt: new Date(createdAt.getTime() + 300_000),
    resolutionDueAt: new Date(createdAt.getTime() + 86_400_000),
    resolvedAt,
    pausedAt: !resolvedAt && s.paused ? createdAt : null,
    resolvedTeam: resolvedAt ? TEAMS[s.team % TEAMS.length] : null,
    surveyAskedAt: resolvedAt && s.survey !== null ? resolvedAt : null,
    survey:
      resolvedAt && s.survey !== null
        ? { onTime: true, satisfaction: (['good', 'average', 'poor'] as const)[s.survey % 3] }
        : null,
    createdAt,
    updatedAt: createdAt,
  };
}

/** Deadlines are lists in any order; the rest of a part compares as it is. */
const canonical = (p: DayPart): DayPart => ({
  ...p,
  created: {
    ...p.created,
    firstDue: [...p.created.firstDue].sort((a, b) => a - b),
    resolutionDue: [...p.created.resolutionDue].sort((a, b) => a - b),
  },
});

describe('hourly rollups of help requests', () => {
  let t: T;
  const rollups = () => createRollups({ models: t.models, clock: t.clock });
  const marks = () => t.models.HelpDayMark.find({}, { day: 1, hour: 1 }).lean<HelpDayMarkRecord[]>();
  const version = async (day: string) => t.models.HelpDayRollup.findOne({ day }).lean<HelpDayRollupRecord>();
  const hoursOf = (v: HelpDayRollupRecord | null) => (v?.hours ?? {}) as Record<string, DayPart>;

  /** A change written straight to the database, marked as `mutate` and `publish` mark it. */
  async function write(id: unknown, set: Record<string, unknown>) {
    const before = await t.models.HelpRequest.findById(id).lean<HelpRequestRecord>();
    const times = 'resolvedAt' in set ? reportTimes({ resolvedAt: set.resolvedAt as Date | null }) : {};
    await t.models.HelpRequest.updateOne({ _id: id }, { $set: { ...set, ...times } });
    const after = await t.models.HelpRequest.findById(id).lean<HelpRequestRecord>();
    await markStale(t.models, t.clock, [...slotsOf(before ?? {}), ...slotsOf(after ?? {})]);
  }

  beforeAll(async () => {
    t = await helpTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    t.clock.set('2026-03-12T06:00:00.000Z');
    await Promise.all([
      t.models.HelpRequest.deleteMany({}),
      t.models.HelpDayMark.deleteMany({}),
      t.models.HelpDayRollup.deleteMany({}),
      t.models.HelpDaySum.deleteMany({}),
    ]);
  });

  it('marks only the hours a write of a request counts in', async () => {
    t.clock.set('2026-03-10T02:10:00.000Z'); // 10:10 in Beijing
    const agent = await t.agent('hours-one', { capacity: 5 });
    const resident = await t.resident();
    await t.createHelp(resident, { category: 'other' });
    expect((await marks()).map((m) => [m.day, m.hour])).toEqual([[DAY, `${DAY}T10`]]);
    await rollups().settle();
    expect(await marks()).toEqual([]);

    const id = await t.createHelp(resident, { category: 'bill_question' });
    await rollups().settle();
    t.clock.advance(2 * HOUR_MS + 5 * 60_000); // 12:15
    agent.token = await t.staffToken('hours-one');
    await t.claimAndResolve(agent.token, id);
    // the hour it was created in (its first reply and its resolution change it) and the hour resolved
    expect([...new Set((await marks()).map((m) => m.hour))].sort()).toEqual([`${DAY}T10`, `${DAY}T12`]);
  });

  it('recomputes only the marked hours of a day, reading those hours alone', async () => {
    const spec = (hour: number, category: number) => specAt(hour, { category });
    const [nine] = await t.models.HelpRequest.insertMany([requestOf(spec(9, 1)), requestOf(spec(10, 1))]);
    await t.models.HelpRequest.insertMany([requestOf(spec(11, 1))]);
    await markStale(t.models, t.clock, [DAY]);
    await rollups().settle();
    const before = hoursOf(await version(DAY));
    expect(Object.keys(before).sort()).toEqual(['09', '10', '11']);

    // changed behind the rollups' back (no mark): the next settle must leave 09 as it was
    await t.models.HelpRequest.updateOne({ _id: nine?._id }, { $set: { category: 'complaint' } });
    await t.models.HelpRequest.insertMany([requestOf(spec(10, 2))]);
    await markStale(t.models, t.clock, [`${DAY}T10`]);
    const find = vi.spyOn(t.models.HelpRequest, 'find');
    t.clock.advance(1000);
    await rollups().settle();
    const filters = find.mock.calls.map((c) => c[0] as object);
    find.mockRestore();
    expect(filters).toEqual([{ createdHour: `${DAY}T10` }, { resolvedHour: `${DAY}T10` }]);

    const after = hoursOf(await version(DAY));
    expect(after['09']).toEqual(before['09']);
    expect(after['11']).toEqual(before['11']);
    expect(after['10']?.created.total).toBe(2);
    expect(await t.models.HelpDayRollup.countDocuments({ day: DAY })).toBe(1);
  });

  it('marks an hour again when a version read later is dropped for a newer one without it', async () => {
    const spec = specAt(9, { resolve: null, team: 1 });
    await t.models.HelpRequest.insertMany([requestOf(spec)]);
    await markStale(t.models, t.clock, [DAY]);
    await rollups().settle();
    const stale = await version(DAY);

    // hour 09 is read again (a second request in it); just after its version is written, a
    // slower computation of another hour, begun from the older version at a later time, lands
    t.clock.advance(1000);
    await t.models.HelpRequest.insertMany([requestOf(spec)]);
    const create = t.models.HelpDayRollup.create.bind(t.models.HelpDayRollup);
    vi.spyOn(t.models.HelpDayRollup, 'create').mockImplementationOnce((async (doc: object) => {
      const made = await create(doc);
      await create({ ...stale, _id: `${DAY}|late`, computedAt: new Date(t.clock.now().getTime() + 5000) });
      return made;
    }) as never);
    await rollups().compute(DAY, new Set(['09']));
    vi.restoreAllMocks();
    expect(hoursOf(await version(DAY))['09']?.created.total).toBe(1);
    expect((await marks()).map((m) => m.hour)).toEqual([`${DAY}T09`]);
    // the report counts it live meanwhile, and the next settle puts it back
    const [whole] = await rollups().pieces([DAY], []);
    expect(whole?.created.total).toBe(2);
    await rollups().settle();
    expect(hoursOf(await version(DAY))['09']?.created.total).toBe(2);
  });

  it('reads a day of an older release (its figures whole, no hours) whole until it is recomputed', async () => {
    const spec = specAt(8, { category: 2, district: 1, respond: 10, resolve: 90, survey: 0 });
    await t.models.HelpRequest.insertMany([requestOf(spec), requestOf({ ...spec, at: 20 * 3600 })]);
    const rows = await t.models.HelpRequest.find({}, ROW_PROJECTION).lean<Row[]>();
    await t.models.HelpDayRollup.create({
      _id: `${DAY}|old`,
      day: DAY,
      computedAt: t.clock.now(),
      part: partOf(rows, rows),
    });
    const cut = START + 12 * HOUR_MS;
    const pieces = await rollups().pieces([DAY], [cut]);
    expect(pieces.map((p) => p.created.total)).toEqual([1, 1]);
    await markStale(t.models, t.clock, [`${DAY}T08`]);
    await rollups().settle();
    expect(Object.keys(hoursOf(await version(DAY))).sort()).toEqual(['08', '20']);
  });

  it('gives requests of an older version their hours once, marking their days whole', async () => {
    const [doc] = await t.models.HelpRequest.insertMany([requestOf(specAt(23, { resolve: 7200 }))]);
    await t.models.HelpRequest.updateOne({ _id: doc?._id }, { $unset: { createdHour: 1, resolvedHour: 1 } });
    await t.models.Once.deleteOne({ _id: 'help-rollups:hours-backfilled' });
    expect(await rollups().backfill()).toBe(1);
    const got = await t.models.HelpRequest.findById(doc?._id).lean<HelpRequestRecord>();
    expect([got?.createdHour, got?.resolvedHour]).toEqual([`${DAY}T23`, `${NEXT}T01`]);
    expect((await marks()).map((m) => [m.day, m.hour]).sort()).toEqual([
      [DAY, null],
      [NEXT, null],
    ]);
    expect(await rollups().backfill()).toBe(0);
  });

  const specArb = fc.record({
    at: fc.integer({ min: 0, max: 2 * 86_400 - 1 }),
    category: fc.integer({ min: 0, max: 6 }),
    district: fc.integer({ min: 0, max: 3 }),
    respond: fc.option(fc.integer({ min: 1, max: 900 })),
    resolve: fc.option(fc.integer({ min: 901, max: 30_000 })),
    paused: fc.boolean(),
    team: fc.integer({ min: 0, max: 5 }),
    survey: fc.option(fc.integer({ min: 0, max: 2 })),
  });
  const writeArb = fc.record({
    which: fc.nat(),
    kind: fc.constantFrom('resolve', 'reopen', 'category', 'survey'),
    seconds: fc.integer({ min: 1, max: 20_000 }),
  });

  it('reports from rollups and live hours what a computation from all the requests reports', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(specArb, { minLength: 1, maxLength: 25 }),
        fc.array(writeArb, { maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 2 * 86_400 - 1 }), { maxLength: 3 }),
        fc.boolean(),
        async (specs, writes, cutSeconds, settleFirst) => {
          await Promise.all([
            t.models.HelpRequest.deleteMany({}),
            t.models.HelpDayMark.deleteMany({}),
            t.models.HelpDayRollup.deleteMany({}),
            t.models.HelpDaySum.deleteMany({}),
          ]);
          const docs = await t.models.HelpRequest.insertMany(specs.map(requestOf));
          await markStale(t.models, t.clock, [DAY, NEXT, '2026-03-12']);
          if (settleFirst) await rollups().settle();
          for (const w of writes) {
            const doc = docs[w.which % docs.length];
            const spec = specs[w.which % docs.length];
            if (!doc || !spec) continue;
            const resolvedAt = new Date(START + (spec.at + w.seconds) * 1000);
            const set =
              w.kind === 'resolve'
                ? { status: 'resolved', resolvedAt, resolvedTeam: '二组' }
                : w.kind === 'reopen'
                  ? { status: 'in_progress', resolvedAt: null }
                  : w.kind === 'category'
                    ? { category: 'complaint', district: '东城区' }
                    : { surveyAskedAt: resolvedAt, survey: { onTime: false, satisfaction: 'poor' } };
            t.clock.advance(1000);
            await write(doc._id, set);
          }
          const cuts = cutSeconds.map((s) => START + s * 1000);
          const rows = await t.models.HelpRequest.find({}, ROW_PROJECTION).lean<Row[]>();
          const bounds = [...new Set([START, ...cuts, START + DAY_MS, START + 2 * DAY_MS])].sort((a, b) => a - b);
          const within = (at: Date | null | undefined, a: number, b: number) =>
            !!at && at.getTime() >= a && at.getTime() < b;
          // before the job has run (writes marked) and after it
          for (const round of ['marked', 'settled']) {
            if (round === 'settled') await rollups().settle();
            const pieces = await rollups().pieces([DAY, NEXT], cuts);
            for (const [i, b] of bounds.slice(1).entries()) {
              const a = bounds[i] ?? START;
              const got = addParts(pieces.filter((p) => p.start >= a && p.end <= b));
              const want = partOf(
                rows.filter((r) => within(r.createdAt, a, b)),
                rows.filter((r) => within(r.resolvedAt, a, b)),
              );
              expect(canonical(got), `${round}, [${a}, ${b})`).toEqual(canonical(want));
            }
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 240_000);
});
