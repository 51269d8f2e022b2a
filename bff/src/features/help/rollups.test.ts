import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, HelpReport } from '@bianmin/shared';
import type { HelpDayRollupRecord, HelpDaySumRecord } from './model';
import { markStale } from './rollups';
import { helpTestApp } from './test-helpers';

type T = Awaited<ReturnType<typeof helpTestApp>>;

// the Beijing week of 5 January 2026, whole days: every day of it is read from its rollup
const from = '2026-01-04T16:00:00.000Z';
const to = '2026-01-11T16:00:00.000Z';
// the previous week and the hotspots' fortnight start on 28 December
const DAYS = Array.from({ length: 15 }, (_, i) => addDays('2025-12-28', i));

describe('daily rollups of help requests', () => {
  let t: T;
  const rollups = () => t.services.help.service.rollups;
  // staff sign-ins last a shift, and the clock moves days: the supervisor signs in for each look
  const report = async () => {
    const sup = await t.staffToken('rollup-sup', 'supervisor');
    const res = await t.http.get('/api/agent/reports').query({ from, to }).set(t.bearer(sup)).expect(200);
    return HelpReport.parse(res.body);
  };

  /**
   * After a write: the report from settled rollups equals the report computed from the
   * requests themselves (every day marked, so every day is read from the requests).
   */
  async function matchesScan(after: string) {
    await rollups().settle();
    expect(await t.models.HelpDayMark.countDocuments(), after).toBe(0);
    const rolled = await report();
    await markStale(t.models, t.clock, DAYS);
    const scanned = await report();
    expect(rolled, after).toEqual(scanned);
    await rollups().settle();
  }

  beforeAll(async () => {
    t = await helpTestApp({ env: { SESSION_TTL_MINUTES: '43200' } });
    await t.agent('rollup-sup', { role: 'supervisor' });
  });
  afterAll(() => t.close());

  it('equals a computation from the requests after every kind of write', async () => {
    t.clock.set('2026-01-06T01:00:00.000Z');
    // 'away': not given work automatically, but her workbench is open (transfers go to her)
    const one = await t.agent('rollup-one', { team: '一组', capacity: 10, presence: 'away' });
    const two = await t.agent('rollup-two', { team: '二组', capacity: 10, presence: 'away' });
    const account = await t.account('g-east', '东城区');
    const resident = await t.resident();
    await t.bind(resident, account);
    const agent = (token: string, id: string, path: string, send: object = {}) =>
      t.http.post(`/api/agent/help/${id}/${path}`).set(t.bearer(token)).send(send).expect(200);
    const mine = (id: string, path: string, send: object = {}) =>
      t.http.post(`/api/help/${id}/${path}`).set(t.bearer(resident)).send(send);

    const id = await t.createHelp(resident, { category: 'bill_question', context: { accountId: account } });
    await matchesScan('create');
    await mine(id, 'details', { category: 'complaint' }).expect(200);
    await matchesScan('category changed (and priority with it)');
    t.clock.advance(30_000);
    await agent(one.token, id, 'claim');
    await matchesScan('claim');
    t.clock.advance(400_000);
    await agent(one.token, id, 'messages', { text: '您好' });
    await matchesScan('first response, late');
    await agent(one.token, id, 'status', { status: 'waiting_on_resident' });
    await matchesScan('paused');
    t.clock.advance(600_000);
    await mine(id, 'messages', { text: '好的' }).expect(201);
    await matchesScan('resumed by the resident');
    await t.seen(two.id);
    await agent(one.token, id, 'transfer', { toAgentId: two.id, reason: '换人' });
    await matchesScan('transfer');
    // resolved the next day: created and resolved days differ
    t.clock.set('2026-01-07T02:00:00.000Z');
    one.token = await t.staffToken('rollup-one');
    two.token = await t.staffToken('rollup-two');
    await agent(two.token, id, 'resolve', { summary: '已处理' });
    await matchesScan('resolve');
    await mine(id, 'survey', { onTime: false, satisfaction: 'poor' }).expect(200);
    await matchesScan('survey');

    const cancelled = await t.createHelp(resident, {});
    await matchesScan('create without a reason');
    await mine(cancelled, 'cancel').expect(200);
    await matchesScan('cancel');

    const waiting = await t.createHelp(resident, { category: 'outage' });
    await matchesScan('create, danger');
    // no write: its first-response deadline passes, judged by the report's clock
    t.clock.advance(30 * 60_000);
    await matchesScan('deadline passed');
    await t.services.help.tick();
    await matchesScan('the tick (call-back, escalation)');
    await t.seen(one.id);
    await t.http
      .post(`/api/agent/help/${waiting}/reassign`)
      .set(t.bearer(await t.staffToken('rollup-sup', 'supervisor')))
      .send({ toAgentId: one.id, reason: '班长指派' })
      .expect(200);
    await matchesScan('reassign');
    const called = await t.createHelp(resident, { category: 'payment_failed' });
    await mine(called, 'callback', { phone: '13800138001' }).expect(200);
    await matchesScan('call-back asked');
    // days later the resolved request is closed by the tick
    t.clock.set('2026-01-10T02:00:00.000Z');
    await t.services.help.tick();
    await matchesScan('auto-close');

    const final = await report();
    expect(final.total).toBe(4);
    expect(final.satisfaction).toMatchObject({ surveyed: 1, poor: 1 });
    expect(final.sla.firstResponse.total).toBeGreaterThan(1);
    // twenty looks, each reading every request twice on FerretDB over SQLite: minutes on a busy machine
  }, 300_000);

  it('counts a request written a moment ago, before the rollup job has run', async () => {
    await rollups().settle();
    const before = (await report()).total;
    t.clock.set('2026-01-08T03:00:00.000Z');
    const resident = await t.resident();
    await t.createHelp(resident, { category: 'other' });
    expect(await t.models.HelpDayMark.countDocuments()).toBeGreaterThan(0);
    expect((await report()).total).toBe(before + 1);
    await rollups().settle();
    expect((await report()).total).toBe(before + 1);
  });

  it('never lets an older computation written last win over a newer one', async () => {
    t.clock.set('2026-01-09T03:00:00.000Z');
    const day = '2026-01-09';
    const resident = await t.resident();
    await t.createHelp(resident, { category: 'other' });
    await rollups().settle();
    const older = await t.models.HelpDayRollup.findOne({ day }).lean<HelpDayRollupRecord>();
    const olderSum = await t.models.HelpDaySum.findOne({ day }).lean<HelpDaySumRecord>();
    // 03:00 UTC is 11:00 in Beijing
    expect(older?.hours).toMatchObject({ '11': { created: { total: 1 } } });

    t.clock.advance(1000);
    await t.createHelp(resident, { category: 'other' });
    await rollups().settle();
    // a leader that lost its slot finishes the computation it began before the second request
    const late = `${day}|${older?.computedAt.toISOString()}|late`;
    await t.models.HelpDayRollup.create({ ...older, _id: late });
    await t.models.HelpDaySum.create({ ...olderSum, _id: late });
    expect(await t.models.HelpDayRollup.countDocuments({ day })).toBe(2);

    const days = (await report()).trend.points.find((p) => p.day === day);
    expect(days?.count).toBe(2);
    // the next computation of the day drops the stale version
    await rollups().compute(day);
    expect(await t.models.HelpDayRollup.countDocuments({ day })).toBe(1);
    expect(await t.models.HelpDaySum.countDocuments({ day })).toBe(1);
  });
});
