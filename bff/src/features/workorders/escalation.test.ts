import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffWorkOrder, WorkOrderEscalationList } from '@bianmin/shared';
import { woTestApp, type WoTestApp } from './test-helpers';

const MINUTE = 60_000;

/**
 * Time limits on a manual clock: a passed limit alerts the unit's coordinator at once (level 1)
 * and the supervisors after half the limit more (level 2), once each, whatever the number of
 * ticks; a met limit never escalates; WORKORDER_SLA_JSON changes tiers and limits.
 */
describe('time limits and escalation', () => {
  let t: WoTestApp;
  let unitId: string;
  let member: Awaited<ReturnType<WoTestApp['member']>>;
  let coord: Awaited<ReturnType<WoTestApp['member']>>;
  let otherCoord: Awaited<ReturnType<WoTestApp['member']>>;
  let supervisor: Awaited<ReturnType<WoTestApp['staff']>>;
  let resident: string;
  let accountId: string;

  beforeAll(async () => {
    t = await woTestApp({
      env: {
        WORKORDER_SLA_JSON: JSON.stringify({ inquiry: { priority: 'high', contact: 600 }, repair: { arrival: 7200 } }),
      },
    });
    unitId = await t.unit('东城供电所', 'power', '东城区', ['dongcheng-1']);
    const other = await t.unit('西城供电所', 'power', '西城区');
    member = await t.member(unitId, 'esc-field01', 'field', '张建国', '13812345678');
    coord = await t.member(unitId, 'esc-coord01', 'coordinator', '王工', '13811110000');
    otherCoord = await t.member(other, 'esc-coord02', 'coordinator', '孙工', '13811110002');
    supervisor = await t.staff('esc-super', 'supervisor');
    resident = await t.resident();
    accountId = await t.bindAccount(resident, 'power', '东城区', 'dongcheng-1');
  });
  afterAll(() => t.close());

  const escalations = async (token: string) =>
    WorkOrderEscalationList.parse(
      (await t.http.get('/api/agent/workorders/escalations').set(t.bearer(token)).expect(200)).body,
    ).items;
  const order = async (id: string) =>
    StaffWorkOrder.parse(
      (await t.http.get(`/api/agent/workorders/${id}`).set(t.bearer(supervisor.token)).expect(200)).body,
    );

  it('alerts the coordinator when 10 minutes pass without contact, then the supervisors, once each', async () => {
    const id = await t.report(resident, { problem: 'power_outage', accountId });
    const dispatched = await order(id);
    expect(Date.parse(dispatched.due.contact ?? '') - Date.parse(dispatched.createdAt)).toBe(10 * MINUTE);
    expect(Date.parse(dispatched.due.arrival ?? '') - Date.parse(dispatched.createdAt)).toBe(45 * MINUTE);

    t.clock.advance(10 * MINUTE - 1000);
    await t.tick();
    expect((await order(id)).escalationLevel).toBe(0);

    t.clock.advance(1000);
    await t.tick();
    await t.tick();
    let seen = await escalations(coord.token);
    expect(seen.filter((e) => e.orderId === id)).toEqual([
      expect.objectContaining({ clock: 'contact', level: 1, text: expect.stringContaining('联系时限已过') }),
    ]);
    expect((await escalations(otherCoord.token)).some((e) => e.orderId === id)).toBe(false);

    // level 2 after half the limit more, but not before (at least 10 minutes more)
    t.clock.advance(10 * MINUTE - 1000);
    await t.tick();
    expect((await order(id)).escalationLevel).toBe(1);
    t.clock.advance(1000);
    await t.tick();
    await t.tick();
    seen = (await escalations(supervisor.token)).filter((e) => e.orderId === id && e.clock === 'contact');
    expect(seen.map((e) => e.level).sort()).toEqual([1, 2]);
    const steps = (await order(id)).steps.filter((s) => s.action === 'escalated');
    expect(steps.map((s) => s.text)).toEqual(['联系时限已过，督办客服工程师', '联系时限已过，上报班长']);
  });

  it('never escalates a limit that was met, and escalates the next one when it passes', async () => {
    const id = await t.report(resident, { problem: 'power_sparks', accountId });
    await t.http.post(`/api/field/orders/${id}/accept`).set(t.bearer(member.token)).expect(200);
    t.clock.advance(5 * MINUTE);
    await t.http
      .post(`/api/field/orders/${id}/progress`)
      .set(t.bearer(member.token))
      .send({ step: 'contacted' })
      .expect(200);
    t.clock.advance(41 * MINUTE);
    await t.tick();
    const esc = (await escalations(coord.token)).filter((e) => e.orderId === id);
    expect(esc.map((e) => [e.clock, e.level])).toEqual([['arrival', 1]]);
  });

  it('takes tiers and limits from WORKORDER_SLA_JSON over the defaults', async () => {
    const inquiry = await t.http
      .post('/api/agent/workorders')
      .set(t.bearer(coord.token))
      .send({
        type: 'inquiry',
        utility: 'power',
        accountId,
        residentName: '张先生',
        residentPhone: '13700001234',
        description: '问一下峰谷电价',
      })
      .expect(201);
    const created = StaffWorkOrder.parse(inquiry.body);
    expect(created.priority).toBe('high');
    expect(Date.parse(created.due.contact ?? '') - Date.parse(created.createdAt)).toBe(10 * MINUTE);
    // no visit for an inquiry: no arrival limit
    expect(created.due.arrival).toBeNull();
    const repair = StaffWorkOrder.parse(
      (
        await t.http
          .get(`/api/agent/workorders/${await t.report(resident, { problem: 'power_voltage', accountId })}`)
          .set(t.bearer(supervisor.token))
          .expect(200)
      ).body,
    );
    expect(Date.parse(repair.due.arrival ?? '') - Date.parse(repair.createdAt)).toBe(2 * 3600_000);
  });

  it('starts the limits anew after a 退单 and a new dispatch', async () => {
    const id = await t.report(resident, { problem: 'power_outage', accountId });
    t.clock.advance(11 * MINUTE);
    await t.tick();
    expect((await order(id)).escalationLevel).toBe(1);
    await t.http
      .post(`/api/field/orders/${id}/return`)
      .set(t.bearer(coord.token))
      .send({ reason: '不在我们片区' })
      .expect(200);
    t.clock.advance(60 * MINUTE);
    await t.tick();
    const agent = await t.staff('esc-agent', 'agent');
    const again = StaffWorkOrder.parse(
      (
        await t.http
          .post(`/api/agent/workorders/${id}/dispatch`)
          .set(t.bearer(agent.token))
          .send({ unitId })
          .expect(200)
      ).body,
    );
    expect(again).toMatchObject({ status: 'dispatched', escalationLevel: 0, dispatcher: { name: 'esc-agent' } });
    expect(Date.parse(again.due.contact ?? '')).toBe(t.clock.now().getTime() + 10 * MINUTE);
    t.clock.advance(10 * MINUTE);
    await t.tick();
    const contact = (await escalations(supervisor.token)).filter((e) => e.orderId === id && e.clock === 'contact');
    expect(contact.map((e) => e.level)).toEqual([1, 1]);
  });

  it('closes a checked order the resident did not rate after WORKORDER_RATING_DAYS', async () => {
    // sessions ran out while the clock moved on: sign in afresh
    const [fresh, m, c] = [
      await t.resident(),
      await t.staff(member.username, 'field'),
      await t.staff(coord.username, 'coordinator'),
    ];
    member = { ...member, token: m.token };
    coord = { ...coord, token: c.token };
    supervisor = await t.staff(supervisor.username, 'supervisor');
    const id = await t.report(fresh, {
      problem: 'power_voltage',
      accountId: await t.bindAccount(fresh, 'power', '东城区', 'dongcheng-1'),
    });
    await t.http.post(`/api/field/orders/${id}/accept`).set(t.bearer(member.token)).expect(200);
    await t.http
      .post(`/api/field/orders/${id}/progress`)
      .set(t.bearer(member.token))
      .send({ step: 'arrived' })
      .expect(200);
    await t.http
      .post(`/api/field/orders/${id}/complete`)
      .set(t.bearer(member.token))
      .send({ summary: '紧固接线', cause: 'line' })
      .expect(200);
    await t.http
      .post(`/api/agent/workorders/${id}/check`)
      .set(t.bearer(coord.token))
      .send({ accept: true })
      .expect(200);
    t.clock.advance(t.config.workorders.ratingDays * 24 * 3600_000 - 1000);
    await t.tick();
    expect((await t.models.WorkOrder.findById(id).lean())?.status).toBe('checked');
    // unrated orders are looked for once a minute: closed by the first look after the limit
    t.clock.advance(60_000);
    await t.tick();
    supervisor = await t.staff(supervisor.username, 'supervisor');
    const closed = await order(id);
    expect(closed.status).toBe('closed');
    expect(closed.steps.at(-1)?.text).toBe('居民未评价，自动结单');
  });
});
