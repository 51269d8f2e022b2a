import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createLogger } from '../lib/logger';
import { createTestApp, type TestApp } from '../testing/app';
import { DEMO_PASSWORD, DEMO_STAFF, seedDemo } from './demo';
import { Assessment, beijingDay, Bulletin, HelpReport, unitOpenStatuses } from '@bianmin/shared';
import { HELP_HISTORY_KEY } from './help-history';
import { DEMO_UNIT_STAFF, DEMO_UNITS } from './workorders';

describe('demo seed', () => {
  const supervisor = async () =>
    (
      (await t.http.post('/api/agent/login').send({ username: 'super01', password: DEMO_PASSWORD }).expect(200))
        .body as { token: string }
    ).token;
  let t: TestApp;
  const logger = createLogger('silent');
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates the demo agents, supervisor and 回访员, who can log in with the demo password', async () => {
    await seedDemo({ models: t.models, config: t.config, logger });
    for (const staff of DEMO_STAFF) {
      const res = await t.http
        .post('/api/agent/login')
        .send({ username: staff.username, password: DEMO_PASSWORD })
        .expect(200);
      expect(res.body.agent.role).toBe(staff.role);
    }
    expect(DEMO_STAFF.map((s) => s.username)).toEqual(['agent01', 'agent02', 'agent03', 'super01', 'followup01']);
  });

  it('seeds a unit per utility in 东城区 and 西城区, two field members and a coordinator each, who can log in', async () => {
    await seedDemo({ models: t.models, config: t.config, logger });
    const units = await t.models.Unit.find({}).lean();
    for (const utility of ['power', 'water', 'gas'])
      expect(
        units
          .filter((u) => u.utility === utility)
          .map((u) => u.district)
          .sort(),
      ).toEqual(['东城区', '西城区']);
    for (const unit of units) {
      expect(unit.members.filter((m) => m.role === 'field')).toHaveLength(2);
      expect(unit.members.filter((m) => m.role === 'coordinator')).toHaveLength(1);
      expect(unit.members.every((m) => /^1[3-9]\d{9}$/.test(m.phone ?? ''))).toBe(true);
    }
    const east = units.find((u) => u.name === '东城供电所');
    expect(east?.members.map((m) => m.name)).toEqual(['张建国', '李文', '王工']);
    for (const username of ['field01', 'coord01']) {
      const res = await t.http.post('/api/agent/login').send({ username, password: DEMO_PASSWORD }).expect(200);
      expect(res.body.agent.role).toBe(username.startsWith('field') ? 'field' : 'coordinator');
    }
  });

  it('seeds a year of finished help requests, varied enough to fill every chart', async () => {
    await seedDemo({ models: t.models, config: t.config, logger });
    const history = await t.models.HelpRequest.find({ createKey: { $regex: `^${HELP_HISTORY_KEY}` } }).lean();
    expect(history.length).toBeGreaterThan(500);
    expect(new Set(history.map((r) => beijingDay(r.createdAt).slice(0, 7))).size).toBeGreaterThanOrEqual(12);
    expect(new Set(history.map((r) => r.category)).size).toBe(7);
    expect(new Set(history.map((r) => r.district)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(history.map((r) => r.resolvedTeam)).size).toBe(3);
    // nothing left open: the live queue is the demo user's own
    expect(history.every((r) => r.status === 'closed' && r.createdAt.getTime() <= Date.now())).toBe(true);
    const answered = history.filter((r) => r.survey);
    expect(new Set(answered.map((r) => r.survey?.satisfaction))).toEqual(new Set(['good', 'average', 'poor']));

    const sup = await supervisor();
    const to = new Date(Date.now() + 1000);
    const from = new Date(to.getTime() - 365 * 86_400_000);
    const res = await t.http
      .get('/api/agent/reports')
      .query({ from: from.toISOString(), to: to.toISOString() })
      .set('Authorization', `Bearer ${sup}`)
      .expect(200);
    const report = HelpReport.parse(res.body);
    expect(report.total).toBe(history.length);
    expect(report.trend.step).toBe('week');
    expect(report.trend.points.filter((p) => p.count > 0).length).toBeGreaterThanOrEqual(50);
    expect(report.byCategory.every((c) => c.count > 0)).toBe(true);
    expect(report.byHour.filter((h) => h.count > 0).length).toBeGreaterThanOrEqual(18);
    expect(report.satisfaction.byTeam.every((team) => team.rate !== null && team.rate < 1)).toBe(true);
    expect(report.firstResponse.medianSeconds).toBeGreaterThan(0);

    // the case library starts with cases of finished requests, which an agent finds beside a new one
    const cases = await t.models.Case.find({}).lean();
    expect(cases.length).toBeGreaterThanOrEqual(5);
    const kept = new Map(history.map((r) => [String(r._id), r]));
    for (const c of cases) expect(kept.get(c.helpId)).toMatchObject({ category: c.category, district: c.district });
  });

  it('seeds a year of work orders at every unit, done and under way, that 单位考核 counts', async () => {
    await seedDemo({ models: t.models, config: t.config, logger });
    const orders = await t.models.WorkOrder.find({}, { unitId: 1, status: 1, createdAt: 1, n: 1 }).lean();
    expect(orders.length).toBeGreaterThan(300);
    const units = await t.models.Unit.find({}).lean();
    for (const unit of units) expect(orders.filter((o) => o.unitId === String(unit._id)).length).toBeGreaterThan(40);
    expect(orders.filter((o) => o.status === 'closed').length / orders.length).toBeGreaterThan(0.9);
    expect(orders.some((o) => unitOpenStatuses.includes(o.status))).toBe(true);
    // every order is the projection of its steps
    expect(await t.models.WorkOrderStep.countDocuments()).toBe(orders.reduce((n, o) => n + o.n, 0));
    for (const action of ['returned', 'check_returned', 'rated'] as const)
      expect(await t.models.WorkOrderStep.countDocuments({ action })).toBeGreaterThan(3);

    const sup = await supervisor();
    const res = await t.http
      .get('/api/agent/assessment')
      .query({ period: 'quarter' })
      .set('Authorization', `Bearer ${sup}`)
      .expect(200);
    const assessment = Assessment.parse(res.body);
    for (const row of assessment.units) {
      for (const figures of [row.current, row.previous]) {
        expect(figures.orders).toBeGreaterThan(0);
        expect(figures.completionOnTime.rate).not.toBeNull();
        expect(figures.satisfaction.rate).not.toBeNull();
      }
    }
    expect(new Set(assessment.units.map((u) => u.current.score)).size).toBeGreaterThan(1);
  });

  it('seeds two years of follow-ups, so the year’s 回访简报 shows every unit beside last year', async () => {
    await seedDemo({ models: t.models, config: t.config, logger });
    const sup = await supervisor();
    const res = await t.http
      .get('/api/agent/followups/bulletin')
      .query({ period: 'year' })
      .set('Authorization', `Bearer ${sup}`)
      .expect(200);
    const b = Bulletin.parse(res.body);
    expect(b.rows.map((r) => r.team).sort()).toEqual(DEMO_UNITS.map((u) => u.name).sort());
    for (const row of b.rows) {
      expect(row.visited).toBeGreaterThan(100);
      expect(row.lastYearVisited).toBeGreaterThan(row.visited * 0.5);
      expect(row.rate).toBeGreaterThan(0.98);
      expect(row.counts.none).toBeGreaterThan(0);
    }
    expect(b.total.trendText).not.toBe('');
    // the past days are summed: only today is read from its counts
    expect(await t.models.FollowupDaySum.countDocuments()).toBeGreaterThan(365);
  });

  it('can run again without duplicating or overwriting anything', async () => {
    await t.models.Agent.updateOne({ username: 'agent01' }, { $set: { displayName: '改过的名字' } });
    const before = {
      help: await t.models.HelpRequest.countDocuments(),
      orders: await t.models.WorkOrder.countDocuments(),
      steps: await t.models.WorkOrderStep.countDocuments(),
      cases: await t.models.Case.countDocuments(),
      followups: await t.models.FollowupCount.countDocuments(),
    };
    await seedDemo({ models: t.models, config: t.config, logger });
    expect({
      help: await t.models.HelpRequest.countDocuments(),
      orders: await t.models.WorkOrder.countDocuments(),
      steps: await t.models.WorkOrderStep.countDocuments(),
      cases: await t.models.Case.countDocuments(),
      followups: await t.models.FollowupCount.countDocuments(),
    }).toEqual(before);
    expect(await t.models.Agent.countDocuments()).toBe(DEMO_STAFF.length + DEMO_UNIT_STAFF.length);
    expect(await t.models.Unit.countDocuments()).toBe(DEMO_UNITS.length);
    expect((await t.models.Agent.findOne({ username: 'agent01' }).lean())?.displayName).toBe('改过的名字');
  });

  it('refuses to run in production', async () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40), MONGODB_URI: 'mongodb://x' });
    await expect(seedDemo({ models: t.models, config, logger })).rejects.toThrow(/production/);
  });
});
