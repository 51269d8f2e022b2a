import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bulletin, RegisterServicesResult, type FollowupLevel } from '@bianmin/shared';
import { projectRoot } from '../../config';
import { startEmbeddedDb, type EmbeddedDb } from '../../db/embedded';
import { followupTestApp, type FollowupTestApp } from './test-helpers';

/**
 * The paper's Table 1 (2009, two business offices) entered through the HTTP API: the offices'
 * business system registers its counter services (业务变更 at the 营业所), the 回访员 records
 * one follow-up per task, and the 2009 annual 回访简报 must print the table's rates beside 2008's.
 *
 * 营业1所's published counts (42 + 2427 + 4 + 306) add up to 2779, four more than its printed 回访户数
 * 2775. Here 回访户数 is the number of follow-ups recorded, so the test enters the counts as
 * printed and expects 2779 (and 6276 in total); 1 − 4/2779 and 1 − 4/2775 both round to 99.86%,
 * 1 − 7/6276 and 1 − 7/6272 both to 99.89%. 2008 is 655 follow-ups per office with 4 and 1
 * answers on the poor side: 99.39%, 99.85% and 99.62% in total (the fewest that give those).
 *
 * 8 586 follow-ups: the test runs on the embedded database on PostgreSQL, the one the benchmark
 * and large data use, where a write by `_id` is handed to storage (on SQLite FerretDB 1.24 reads
 * the collection for it, and the run takes half an hour).
 */
const YEAR_2009: Record<string, Partial<Record<FollowupLevel, number>>> = {
  营业1所: { excellent: 42, good: 2427, fair: 4, none: 306 },
  营业2所: { excellent: 51, good: 3111, fair: 3, none: 332 },
};
const YEAR_2008: Record<string, Partial<Record<FollowupLevel, number>>> = {
  营业1所: { good: 651, fair: 2, pass: 1, fail: 1 },
  营业2所: { good: 654, fail: 1 },
};
const PARALLEL = 6;

/** Runs `work` over `items`, `PARALLEL` at a time. */
async function inParallel<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

describe('回访简报 reproduces the paper’s Table 1 through the HTTP API', () => {
  let t: FollowupTestApp;
  let fu: Awaited<ReturnType<FollowupTestApp['followupStaff']>>;
  let db: EmbeddedDb;
  let dataDir: string;
  const units: Record<string, string> = {};

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bianmin-table1-'));
    await fs.chmod(dataDir, 0o755); // PostgreSQL runs as its own user
    const cacheDir = process.env.CACHE_DIR ?? path.join(projectRoot, '.cache');
    db = await startEmbeddedDb({ dataDir, cacheDir, backend: 'postgresql', preferFerretDb: true });
    // 业务变更 is not routine work (营业, 抄表 stay within 15–30%): this office follows up all of it
    t = await followupTestApp({ uri: db.uri, dbName: 'table1', env: { FOLLOWUP_SHARES_JSON: '{"default":1}' } });
    await db.afterIndexes();
    fu = await t.followupStaff();
    for (const name of Object.keys(YEAR_2009)) units[name] = await t.unit(name, 'gas', '东城区');
  });
  afterAll(async () => {
    await t.close();
    await db.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  /** Registers `n` services of `team` served an hour ago and records the levels on their tasks. */
  async function enter(year: number, table: Record<string, Partial<Record<FollowupLevel, number>>>) {
    t.clock.set(`${year}-06-15T02:00:00.000Z`);
    for (const [team, levels] of Object.entries(table)) {
      const answers = Object.entries(levels).flatMap(([level, n]) => Array<string>(n).fill(level));
      const servedAt = new Date(t.clock.now().getTime() - 3600_000).toISOString();
      const items = answers.map((_, i) => ({
        ref: `${year}-${i}`,
        business: 'account_change',
        servedAt,
        residentName: '李秀兰',
        phone: '13600001111',
        district: '东城区',
      }));
      const batches = Array.from({ length: Math.ceil(items.length / 100) }, (_, b) =>
        items.slice(b * 100, b * 100 + 100),
      );
      let mark = Date.now();
      const lap = (what: string) => {
        console.info(`${year} ${team} ${what}: ${Date.now() - mark} ms`);
        mark = Date.now();
      };
      const ids: string[] = [];
      await inParallel(batches, async (batch) => {
        const res = await t.http
          .post('/api/agent/followups/services')
          .set(t.bearer(fu.token))
          .send({ unitId: units[team], items: batch })
          .expect(200);
        const made = RegisterServicesResult.parse(res.body);
        expect(made.followups).toBe(batch.length);
        ids.push(...made.tasks.map((task) => task.followupId));
      });
      expect(new Set(ids).size).toBe(answers.length);
      lap('registered');
      await inParallel(
        ids.map((id, i) => ({ id, level: answers[i] ?? 'good' })),
        ({ id, level }) =>
          t.http
            .post(`/api/agent/followups/${id}`)
            .set(t.bearer(fu.token))
            .send(level === 'none' ? { level, noRating: 'unreachable' } : { onTime: true, level })
            .expect(200),
      );
      lap('recorded');
    }
  }

  it('prints 99.86%, 99.91%, 99.89% for 2009 beside 99.39%, 99.85%, 99.62% for 2008', async () => {
    const started = Date.now();
    await enter(2008, YEAR_2008);
    await enter(2009, YEAR_2009);
    const res = await t.http
      .get('/api/agent/followups/bulletin')
      .query({ period: 'year', date: '2009-12-31' })
      .set(t.bearer(fu.token))
      .expect(200);
    const b = Bulletin.parse(res.body);
    const line = (r: Bulletin['total']) => [
      r.team,
      r.visited,
      r.counts.excellent,
      r.counts.good,
      r.counts.fair,
      r.counts.pass,
      r.counts.fail,
      r.counts.none,
      r.rateText,
      r.lastYearRateText,
      r.trendText,
    ];
    expect([...b.rows.map(line), line(b.total)]).toEqual([
      ['营业1所', 2779, 42, 2427, 4, 0, 0, 306, '99.86%', '99.39%', '有所提高'],
      ['营业2所', 3497, 51, 3111, 3, 0, 0, 332, '99.91%', '99.85%', '有所提高'],
      ['合计', 6276, 93, 5538, 7, 0, 0, 638, '99.89%', '99.62%', '有所提高'],
    ]);
    expect(b.current).toMatchObject({ from: '2009-01-01', to: '2009-12-31', label: '2009年' });
    expect(b.lastYear.label).toBe('2008年');

    const csv = await t.http
      .get('/api/agent/followups/bulletin')
      .query({ period: 'year', date: '2009-12-31', format: 'csv' })
      .set(t.bearer(fu.token))
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const text = csv.text;
    expect(
      text.startsWith('\uFEFF班组,回访户数,优秀,良好,一般,合格,不合格,未评价,2009年满意率,2008年满意率,比较'),
    ).toBe(true);
    expect(text).toContain('营业1所,2779,42,2427,4,0,0,306,99.86%,99.39%,有所提高');
    expect(text).toContain('合计,6276,93,5538,7,0,0,638,99.89%,99.62%,有所提高');
    console.info(`Table 1 through HTTP: ${6276 + 1310} follow-ups in ${Date.now() - started} ms`);
  }, 900_000);
});
