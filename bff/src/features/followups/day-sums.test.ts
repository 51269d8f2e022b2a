import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Bulletin, RegisterServicesResult, type FollowupLevel } from '@bianmin/shared';
import { followupTestApp, type FollowupTestApp } from './test-helpers';

const TEAM = '营业3所';
const A = '2026-03-10';
const B = '2026-03-11';

/**
 * The bulletin's day sums (day-sums.ts): a day summed is read from its sum, a day recorded
 * since (today, a late record) from its counts, so the bulletin is never behind a record.
 */
describe('回访简报 from day sums', () => {
  let t: FollowupTestApp;
  let unitId: string;
  let ref = 0;

  beforeAll(async () => {
    t = await followupTestApp({ env: { FOLLOWUP_SHARES_JSON: '{"default":1}' } });
    unitId = await t.unit(TEAM, 'gas', '东城区');
  });
  afterAll(() => t.close());

  /** The 回访员's token, signed in at the clock's time (the clock jumps days here). */
  const token = async () => (await t.followupStaff()).token;

  /** Records one follow-up of each of `levels` at 10:00 Beijing on `day`. */
  async function recordOn(day: string, levels: FollowupLevel[]) {
    t.clock.set(`${day}T02:00:00.000Z`);
    const servedAt = new Date(t.clock.now().getTime() - 3600_000).toISOString();
    const items = levels.map(() => ({
      ref: `ds-${ref++}`,
      business: 'account_change',
      servedAt,
      residentName: '李秀兰',
      phone: '13600001111',
      district: '东城区',
    }));
    const fu = await token();
    const res = await t.http
      .post('/api/agent/followups/services')
      .set(t.bearer(fu))
      .send({ unitId, items })
      .expect(200);
    const tasks = RegisterServicesResult.parse(res.body).tasks;
    for (const [i, task] of tasks.entries()) {
      const level = levels[i] ?? 'good';
      await t.http
        .post(`/api/agent/followups/${task.followupId}`)
        .set(t.bearer(fu))
        .send(level === 'none' ? { level, noRating: 'unreachable' } : { onTime: true, level })
        .expect(200);
    }
  }

  /** The month's bulletin of `day` for the team: 回访户数 and the counts, this year and last. */
  async function month(day: string) {
    const res = await t.http
      .get('/api/agent/followups/bulletin')
      .query({ period: 'month', date: day })
      .set(t.bearer(await token()))
      .expect(200);
    const row = Bulletin.parse(res.body).rows.find((r) => r.team === TEAM);
    return { visited: row?.visited ?? 0, fair: row?.counts.fair ?? 0, lastYear: row?.lastYearVisited ?? 0 };
  }

  it('counts the days an older release recorded (no marks, a month key beside the day) once', async () => {
    const old = (key: string, n: number) => ({
      _id: `${key}|old-${n}`,
      key,
      team: TEAM,
      business: 'meter',
      visited: 1,
      good: 1,
    });
    await t.models.FollowupCount.insertMany([
      old('2025-03-10', 1),
      old('2025-03', 1),
      old('2025-03-12', 2),
      old('2025-03', 2),
    ]);
    t.clock.set(`${B}T02:00:00.000Z`);
    expect((await month(B)).lastYear).toBe(2);
    await t.services.followups.daySums.settle();
    expect(await t.models.FollowupDaySum.countDocuments({ month: '2025-03' })).toBe(2);
    expect((await month(B)).lastYear).toBe(2);
  });

  it('sums the days before today, reads today from its counts, and is never behind a record', async () => {
    await recordOn(A, ['good', 'good', 'fair']);
    await recordOn(B, ['excellent', 'none']);
    expect(await month(B)).toMatchObject({ visited: 5, fair: 1 });
    // today (B) is still being recorded: only A is summed
    expect(await t.services.followups.daySums.settle()).toBe(1);
    expect(await t.models.FollowupDaySum.exists({ _id: A })).toBeTruthy();
    expect(await t.models.FollowupDaySum.exists({ _id: B })).toBeNull();
    expect(await month(B)).toMatchObject({ visited: 5, fair: 1 });

    // a follow-up counted under A after its sum (a record finished late): A is read again
    await recordOn(A, ['fail']);
    t.clock.set(`${B}T03:00:00.000Z`);
    expect(await month(B)).toMatchObject({ visited: 6, fair: 1 });
    expect(await t.services.followups.daySums.settle()).toBe(1);
    expect(await month(B)).toMatchObject({ visited: 6 });
  });

  it('reads a fresh sum, not the counts behind it', async () => {
    t.clock.set(`${B}T03:00:00.000Z`);
    await t.services.followups.daySums.settle();
    // a count taken away behind the bulletin's back (never done by the app) is not seen: the sum is read
    const one = await t.models.FollowupCount.findOne({ key: A }).lean();
    if (!one) throw new Error('no count of A');
    await t.models.FollowupCount.deleteOne({ _id: one._id });
    expect((await month(B)).visited).toBe(6);
    await t.models.FollowupCount.create(one);
  });

  it('loses no follow-up recorded while its day is being summed', async () => {
    t.clock.set(`${B}T04:00:00.000Z`);
    const before = (await month(B)).visited;
    await recordOn(A, ['good']); // A changed: the next settle sums it again
    t.clock.set(`${B}T04:00:00.000Z`);
    const find = t.models.FollowupCount.find.bind(t.models.FollowupCount);
    let recorded = false;
    // right after the sum has read the day's counts, and before it writes them, one more record
    const spy = vi.spyOn(t.models.FollowupCount, 'find').mockImplementation(((filter: { key?: string }) => ({
      lean: async () => {
        const docs = await find(filter).lean();
        if (!recorded && filter.key === A) {
          recorded = true;
          await recordOn(A, ['pass']);
          t.clock.set(`${B}T04:00:00.000Z`);
        }
        return docs;
      },
    })) as never);
    try {
      await t.services.followups.daySums.settle();
    } finally {
      spy.mockRestore();
    }
    expect(recorded).toBe(true);
    expect((await month(B)).visited).toBe(before + 2);
    await t.services.followups.daySums.settle();
    expect((await month(B)).visited).toBe(before + 2);
  });
});
