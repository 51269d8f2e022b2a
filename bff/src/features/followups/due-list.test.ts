import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegisterServicesResult } from '@bianmin/shared';
import { SETTLE_MS } from './slots';
import { followupTestApp, type FollowupTestApp } from './test-helpers';

const HOUR = 3600_000;

describe('回访 due list by due hour: pages and totals from the hourly tallies, exact under parallel writes', () => {
  let t: FollowupTestApp;
  let fu: Awaited<ReturnType<FollowupTestApp['followupStaff']>>;
  const units: string[] = [];
  let refs = 0;

  beforeAll(async () => {
    // every registered service is followed up: the counts are the point here, not the sample
    t = await followupTestApp({ env: { FOLLOWUP_SHARES_JSON: '{"default":1}' } });
    fu = await t.followupStaff();
    units.push(await t.unit('营业一所', 'gas', '东城区'), await t.unit('营业二所', 'gas', '西城区'));
  });
  afterAll(() => t.close());

  const list = (query: Record<string, string | number> = {}) => t.followups(fu.token, query);

  /** Registers `n` services at unit `u`, served 1…n hours ago (several due days and hours). */
  async function register(u: number, n: number): Promise<string[]> {
    const now = t.clock.now().getTime();
    const items = Array.from({ length: n }, (_, i) => ({
      ref: `R${refs++}`,
      business: i % 3 ? 'account_change' : 'installation',
      servedAt: new Date(now - ((i * 7) % 100) * HOUR - 60_000).toISOString(),
      residentName: '李秀兰',
      phone: '13600001111',
      district: '东城区',
    }));
    const res = await t.http
      .post('/api/agent/followups/services')
      .set(t.bearer(fu.token))
      .send({ unitId: units[u], items })
      .expect(200);
    return RegisterServicesResult.parse(res.body).tasks.map((x) => x.followupId);
  }

  const record = (id: string) =>
    t.http.post(`/api/agent/followups/${id}`).set(t.bearer(fu.token)).send({ onTime: true, level: 'good' }).expect(200);

  it('says the exact total after parallel records, new tasks and lists, under every filter', async () => {
    const first = [...(await register(0, 60)), ...(await register(1, 30))];
    expect((await list()).total).toBe(90);
    // records of the oldest, new services at both units and lists, all at once
    await Promise.all([
      ...first.slice(0, 30).map(record),
      register(0, 25),
      register(1, 25),
      register(0, 20),
      list(),
      list({ team: '营业二所' }),
      list({ state: 'done' }),
    ]);
    const count = (filter: object) => t.models.FollowupTask.countDocuments(filter);
    expect((await list()).total).toBe(await count({ state: 'open' }));
    expect((await list()).total).toBe(160 - 30);
    expect((await list({ state: 'done' })).total).toBe(await count({ state: 'done' }));
    expect((await list({ state: 'all' })).total).toBe(160);
    expect((await list({ team: '营业二所' })).total).toBe(await count({ state: 'open', team: '营业二所' }));
    expect((await list({ business: 'installation' })).total).toBe(
      await count({ state: 'open', business: 'installation' }),
    );
    expect((await list({ team: '营业一所', business: 'account_change', state: 'done' })).total).toBe(
      await count({ state: 'done', team: '营业一所', business: 'account_change' }),
    );
  });

  it('walks every open task once over the pages, oldest due first, across due hours', async () => {
    const total = (await list()).total;
    const pages = await Promise.all(
      Array.from({ length: Math.ceil(total / 7) + 1 }, (_, i) => list({ pageSize: 7, page: i + 1 })),
    );
    const items = pages.flatMap((p) => p.items);
    expect(pages.every((p) => p.total === total)).toBe(true);
    expect(items).toHaveLength(total);
    expect(new Set(items.map((i) => i.id)).size).toBe(total);
    const due = items.map((i) => i.dueAt);
    expect([...due].sort()).toEqual(due);
    expect(new Set(due.map((d) => d.slice(0, 10))).size).toBeGreaterThan(2);
    expect(pages.at(-1)?.items).toEqual([]);
  });

  it('counts an hour again, in the background job, once a writer that marked it stopped before its write was counted', async () => {
    const before = (await list()).total;
    const [id] = await register(0, 1);
    const task = await t.models.FollowupTask.findById(id).lean();
    const slot = task?.dueSlot ?? '';
    // a writer marks the hour, a list counts it, then the write lands and the writer dies unmarked
    await t.services.followups.tally.mark([slot]);
    expect((await list()).total).toBe(before + 1);
    await t.models.FollowupTask.create({ ...task, _id: 'c0ffee00c0ffee00c0ffee00', sourceRef: 'LOST' });
    // within the settle time the tally stands; after it, the background job counts the hour again
    const job = t.services.followups.jobs()[0];
    await job?.run();
    expect((await list()).total).toBe(before + 1);
    t.clock.advance(SETTLE_MS + 1000);
    expect((await list()).total).toBe(before + 1);
    await job?.run();
    expect((await list()).total).toBe(before + 2);
    expect((await list()).total).toBe(await t.models.FollowupTask.countDocuments({ state: 'open' }));
  });
});
