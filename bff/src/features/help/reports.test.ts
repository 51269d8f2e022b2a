import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDay, durationBucket, FollowupPage, HelpReport, type HelpCategory } from '@bianmin/shared';
import { helpTestApp } from './test-helpers';

type T = Awaited<ReturnType<typeof helpTestApp>>;

interface Spec {
  category: HelpCategory | null;
  district: string | null;
  /** Seconds to the first reply, or null for none. */
  respond: number | null;
  /** Seconds waiting on the resident (SLA paused), after the reply. */
  pause?: number;
  /** Seconds from creation to resolution (wall time), or null. */
  resolve: number | null;
  survey?: 'good' | 'average' | 'poor';
  by: 'pool' | 'grid';
}

// SLA seconds of the defaults: first response and resolution by priority
const SLA = { danger: [60, 7200], elderly: [120, 28800], complaint: [300, 86400], normal: [300, 86400] } as const;
const priorityOf = (c: HelpCategory | null) =>
  c === 'gas_smell' || c === 'outage' ? 'danger' : c === 'complaint' ? 'complaint' : 'normal';

const SPECS: Spec[] = [
  { category: 'complaint', district: '东城区', respond: 30, resolve: 600, survey: 'poor', by: 'pool' },
  { category: 'bill_question', district: '西城区', respond: 200, resolve: 4000, survey: 'good', by: 'grid' },
  { category: null, district: null, respond: null, resolve: null, by: 'pool' },
  { category: 'payment_failed', district: '东城区', respond: 10, resolve: 100, by: 'pool' },
  { category: 'gas_smell', district: '朝阳区', respond: 90, resolve: 8000, survey: 'average', by: 'grid' },
  { category: 'complaint', district: '西城区', respond: 60, pause: 1000, resolve: 2000, survey: 'good', by: 'pool' },
  { category: 'complaint', district: '东城区', respond: 400, resolve: 40_000, by: 'pool' },
];

/** Nearest rank, to the precision the contract states (`durationBucket`). */
function nearestRank(values: number[], p: number): number | null {
  const sorted = values.map(durationBucket).sort((a, b) => a - b);
  return sorted.length ? (sorted[Math.ceil(p * sorted.length) - 1] ?? null) : null;
}

describe('GET /api/agent/reports', () => {
  let t: T;
  let sup: string;
  const created: Array<{ id: string; at: Date; spec: Spec; resident: string }> = [];
  const from = '2026-01-05T00:00:00.000Z';
  const to = '2026-01-12T00:00:00.000Z';

  beforeAll(async () => {
    t = await helpTestApp({
      env: { SESSION_TTL_MINUTES: '43200', STAFF_SESSION_TTL_MINUTES: '1440', FOLLOWUP_SHARES_JSON: '{"default":0.5}' },
    });
    sup = (await t.agent('report-sup', { role: 'supervisor' })).token;
    const pool = await t.agent('report-pool', { team: '综合服务组', capacity: 50 });
    const grid = await t.agent('report-grid', { team: '网格客户经理组', capacity: 50 });
    const accounts = new Map<string, string>();
    for (const d of ['东城区', '西城区', '朝阳区']) accounts.set(d, await t.account(`g-${d}`, d));

    // one request of the previous period, resolved and answered "poor"
    t.clock.set('2026-01-01T03:00:00.000Z');
    const old = await t.resident();
    await t.bind(old, accounts.get('东城区') ?? '');
    const oldId = await t.createHelp(old, { category: 'complaint', context: { accountId: accounts.get('东城区') } });
    await t.http.post(`/api/agent/help/${oldId}/claim`).set(t.bearer(pool.token)).expect(200);
    await t.http
      .post(`/api/agent/help/${oldId}/resolve`)
      .set(t.bearer(pool.token))
      .send({ summary: '已处理' })
      .expect(200);
    await t.http
      .post(`/api/help/${oldId}/survey`)
      .set(t.bearer(old))
      .send({ onTime: false, satisfaction: 'poor' })
      .expect(200);

    t.clock.set('2026-01-05T01:10:00.000Z');
    // staff logins last a shift: sign in again in the new week
    sup = await t.staffToken('report-sup', 'supervisor');
    pool.token = await t.staffToken('report-pool');
    grid.token = await t.staffToken('report-grid');
    for (const spec of SPECS) {
      t.clock.advance(3600_000 + 7 * 60_000);
      const resident = await t.resident();
      if (spec.district) await t.bind(resident, accounts.get(spec.district) ?? '');
      const at = t.clock.now();
      const body = {
        ...(spec.category ? { category: spec.category } : {}),
        ...(spec.district ? { context: { accountId: accounts.get(spec.district) } } : {}),
      };
      const id = await t.createHelp(resident, body);
      created.push({ id, at, spec, resident });
      const agent = spec.by === 'pool' ? pool : grid;
      const act = (path: string, send: object = {}) =>
        t.http.post(`/api/agent/help/${id}/${path}`).set(t.bearer(agent.token)).send(send).expect(200);
      const until = (seconds: number) => t.clock.set(new Date(at.getTime() + seconds * 1000));
      if (spec.respond === null) continue;
      await act('claim');
      until(spec.respond);
      await act('messages', { text: '您好' });
      if (spec.pause) {
        await act('status', { status: 'waiting_on_resident' });
        t.clock.advance(spec.pause * 1000);
        await t.http.post(`/api/help/${id}/messages`).set(t.bearer(resident)).send({ text: '好的' }).expect(201);
      }
      if (spec.resolve === null) continue;
      until(spec.resolve);
      await act('resolve', { summary: '已解决' });
      if (spec.survey) {
        await t.http
          .post(`/api/help/${id}/survey`)
          .set(t.bearer(resident))
          .send({ onTime: true, satisfaction: spec.survey })
          .expect(200);
      }
    }
  }, 60_000);
  afterAll(() => t.close());

  it('matches the figures computed from the seeded timeline', async () => {
    const res = await t.http.get('/api/agent/reports').query({ from, to }).set(t.bearer(sup)).expect(200);
    const report = HelpReport.parse(res.body);
    const inPeriod = created;

    expect(report.total).toBe(inPeriod.length);
    for (const c of ['complaint', 'bill_question', 'payment_failed', 'gas_smell', 'outage', 'other', 'none']) {
      const expected = inPeriod.filter((r) => (r.spec.category ?? 'none') === c).length;
      expect(report.byCategory.find((b) => b.key === c)?.count).toBe(expected);
    }
    expect(report.byPriority.find((p) => p.key === 'danger')?.count).toBe(1);
    const districts = Object.fromEntries(report.byDistrict.map((d) => [d.key, d.count]));
    expect(districts).toEqual({ 东城区: 3, 西城区: 2, 朝阳区: 1, 未知: 1 });
    for (const r of inPeriod) {
      const hour = (r.at.getUTCHours() + 8) % 24;
      expect(report.byHour[hour]?.count).toBe(inPeriod.filter((x) => (x.at.getUTCHours() + 8) % 24 === hour).length);
    }

    const responded = inPeriod.filter((r) => r.spec.respond !== null).map((r) => r.spec.respond ?? 0);
    expect(report.firstResponse).toEqual({
      count: responded.length,
      medianSeconds: nearestRank(responded, 0.5),
      p90Seconds: nearestRank(responded, 0.9),
    });
    const resolvedSpecs = inPeriod.filter((r) => r.spec.resolve !== null).map((r) => r.spec);
    const business = resolvedSpecs.map((s) => (s.resolve ?? 0) - (s.pause ?? 0));
    expect(report.resolution).toEqual({
      count: business.length,
      medianSeconds: nearestRank(business, 0.5),
      p90Seconds: nearestRank(business, 0.9),
    });

    // first response: every request here is decided (answered, or its deadline long passed)
    const frMet = inPeriod.filter(
      (r) => r.spec.respond !== null && r.spec.respond <= SLA[priorityOf(r.spec.category)][0],
    ).length;
    expect(report.sla.firstResponse).toMatchObject({ met: frMet, total: inPeriod.length });
    const resMet = resolvedSpecs.filter(
      (s) => (s.resolve ?? 0) - (s.pause ?? 0) <= SLA[priorityOf(s.category)][1],
    ).length;
    expect(report.sla.resolution).toMatchObject({ met: resMet, total: resolvedSpecs.length });

    const answers = resolvedSpecs.map((s) => s.survey);
    const unhappy = answers.filter((a) => a === 'average' || a === 'poor').length;
    expect(report.satisfaction).toMatchObject({
      surveyed: resolvedSpecs.length,
      answered: answers.filter(Boolean).length,
      rate: 1 - unhappy / resolvedSpecs.length,
    });
    const gridSpecs = resolvedSpecs.filter((s) => s.by === 'grid');
    const gridUnhappy = gridSpecs.filter((s) => s.survey === 'average' || s.survey === 'poor').length;
    expect(report.satisfaction.byTeam.find((b) => b.team === '网格客户经理组')).toMatchObject({
      surveyed: gridSpecs.length,
      rate: 1 - gridUnhappy / gridSpecs.length,
    });
    expect(report.satisfaction.previous).toMatchObject({ surveyed: 1, poor: 1, rate: 0 });

    expect(report.satisfaction.byTeam.find((b) => b.team === '综合服务组')?.previous).toMatchObject({
      surveyed: 1,
      poor: 1,
      rate: 0,
    });
    expect(report.satisfaction.byTeam.find((b) => b.team === '网格客户经理组')?.previous).toMatchObject({
      surveyed: 0,
      rate: null,
    });

    // the trend: one point per Beijing day the period touches, counts from the timeline above
    const day = (at: Date) => beijingDay(at);
    expect(report.trend.step).toBe('day');
    expect(report.trend.points.map((p) => p.day)).toEqual(
      Array.from({ length: 8 }, (_, i) => `2026-01-${String(5 + i).padStart(2, '0')}`),
    );
    expect(report.trend.points[0]?.label).toBe('1月5日');
    for (const point of report.trend.points) {
      expect(point.count).toBe(inPeriod.filter((r) => day(r.at) === point.day).length);
      const resolvedHere = inPeriod.filter(
        (r) => r.spec.resolve !== null && day(new Date(r.at.getTime() + r.spec.resolve * 1000)) === point.day,
      );
      expect(point.resolved).toBe(resolvedHere.length);
      const unhappyHere = resolvedHere.filter((r) => r.spec.survey === 'average' || r.spec.survey === 'poor').length;
      expect(point.satisfaction).toBe(resolvedHere.length ? 1 - unhappyHere / resolvedHere.length : null);
    }
    expect(report.trend.points.reduce((n, p) => n + p.count, 0)).toBe(report.total);

    // 接通率, 办结率, 投诉率 over the requests created in the period
    expect(report.rates.answered).toEqual({ count: frMet, total: 7, rate: frMet / 7 });
    expect(report.rates.resolved).toEqual({ count: resolvedSpecs.length, total: 7, rate: resolvedSpecs.length / 7 });
    expect(report.rates.complaints).toEqual({ count: 3, total: 7, rate: 3 / 7 });
    // 同类投诉重复发生: the first 东城区 complaint follows the old one on the same account (1 January),
    // the last follows the first; the 西城区 complaint has no earlier complaint there
    expect(report.repeats.count).toBe(2);
    expect(report.repeats.top.map((r) => [r.category, r.count])).toEqual([
      ['complaint', 1],
      ['complaint', 1],
    ]);
    expect(report.repeats.top[0]?.label).toMatch(/东城区.*投诉/);
    // today, hour by hour up to now
    const today = beijingDay(t.clock.now());
    expect(report.today.day).toBe(today);
    expect(report.today.hours).toHaveLength(((t.clock.now().getUTCHours() + 8) % 24) + 1);
    expect(report.today.hours.reduce((n, h) => n + h.created, 0)).toBe(
      inPeriod.filter((r) => day(r.at) === today).length,
    );

    const complaintsEast = report.hotspots.districts.find((d) => d.key === '东城区');
    expect(complaintsEast).toMatchObject({ thisWeek: 2, lastWeek: 1 });
    expect(report.hotspots.categories[0]).toMatchObject({ key: 'complaint', thisWeek: 3, lastWeek: 1 });
  });

  it('steps a period longer than a month by weeks', async () => {
    const res = await t.http
      .get('/api/agent/reports')
      .query({ from: '2025-12-01T00:00:00.000Z', to })
      .set(t.bearer(sup))
      .expect(200);
    const { trend, total } = HelpReport.parse(res.body);
    expect(trend.step).toBe('week');
    expect(trend.points.map((p) => p.day)).toEqual([
      '2025-12-01',
      '2025-12-08',
      '2025-12-15',
      '2025-12-22',
      '2025-12-29',
      '2026-01-05',
      // `to` is 08:00 on 12 January in Beijing, so that week is touched too
      '2026-01-12',
    ]);
    expect(trend.points[0]?.label).toBe('12月1日起');
    // the old request of 1 January and the seven of the week of 5 January
    expect(trend.points.map((p) => p.count)).toEqual([0, 0, 0, 0, 1, total - 1, 0]);
  });

  it('refuses a period that ends before it starts', async () => {
    await t.http.get('/api/agent/reports').query({ from: to, to: from }).set(t.bearer(sup)).expect(400);
  });

  it('lists every complaint and failed payment for follow-up, and a deterministic share of the rest', async () => {
    const list = FollowupPage.parse(
      (await t.http.get('/api/agent/followups?state=all&pageSize=100').set(t.bearer(sup)).expect(200)).body,
    );
    expect(list.total).toBe(list.items.length);
    const listed = new Set(list.items.map((f) => f.sourceId));
    for (const r of created.filter((c) => c.spec.resolve !== null)) {
      const always = r.spec.category === 'complaint' || r.spec.category === 'payment_failed';
      const fraction = createHash('sha256').update(r.id).digest().readUInt32BE(0) / 2 ** 32;
      expect(listed.has(r.id)).toBe(always || fraction < 0.5);
    }
    const open = list.items.find((f) => f.result === null);
    expect(open).toBeDefined();
    const done = await t.http
      .post(`/api/agent/followups/${open?.id}`)
      .set(t.bearer(sup))
      .send({ onTime: true, level: 'good', suggestion: '电话回访满意' })
      .expect(200);
    expect(done.body.result).toMatchObject({ level: 'good', by: { displayName: 'report-sup' } });
    const again = await t.http
      .post(`/api/agent/followups/${open?.id}`)
      .set(t.bearer(sup))
      .send({ level: 'none', noRating: 'unreachable' })
      .expect(409);
    expect(again.body.error.code).toBe('FOLLOWUP_DONE');
  });

  it('takes the survey once, and only after resolution', async () => {
    const answered = created.find((c) => c.spec.survey);
    const unresolved = created.find((c) => c.spec.resolve === null);
    const survey = (c: (typeof created)[number] | undefined) =>
      t.http
        .post(`/api/help/${c?.id}/survey`)
        .set(t.bearer(c?.resident ?? ''))
        .send({ onTime: true, satisfaction: 'good' });
    expect((await survey(answered).expect(409)).body.error.code).toBe('HELP_SURVEY_ANSWERED');
    expect((await survey(unresolved).expect(409)).body.error.code).toBe('HELP_SURVEY_NOT_OPEN');
    const own = await t.http
      .get(`/api/help/${answered?.id}`)
      .set(t.bearer(answered?.resident ?? ''))
      .expect(200);
    expect(own.body).toMatchObject({
      status: 'closed',
      survey: { state: 'answered', satisfaction: answered?.spec.survey },
    });
  });
});
