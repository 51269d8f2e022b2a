import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentList, Notice, NoticeList, ResidentWorkOrder, StaffWorkOrder } from '@bianmin/shared';
import { woTestApp, type WoTestApp } from '../workorders/test-helpers';

const MINUTE = 60_000;

describe('outage notices and incidents', () => {
  let t: WoTestApp;
  let coord: Awaited<ReturnType<WoTestApp['member']>>;
  let agent: Awaited<ReturnType<WoTestApp['staff']>>;

  beforeAll(async () => {
    t = await woTestApp();
    const east = await t.unit('东城供电所', 'power', '东城区', ['dongcheng-1']);
    await t.unit('西城供电所', 'power', '西城区', ['xicheng-1']);
    await t.unit('自来水东城营业所', 'water', '东城区', ['dongcheng-1']);
    coord = await t.member(east, 'ntc-coord01', 'coordinator', '王工', '13811110000');
    agent = await t.staff('ntc-agent', 'agent');
  });
  afterAll(() => t.close());

  const publish = async (body: object) =>
    Notice.parse((await t.http.post('/api/agent/notices').set(t.bearer(coord.token)).send(body).expect(201)).body);

  it('shows a 东城区 notice on the home page of a resident with a 东城区 account, and tells her 报修 at once', async () => {
    const notice = await publish({
      utility: 'power',
      kind: 'fault',
      district: '东城区',
      streets: ['东华门街道'],
      description: '东华门一带线路故障，正在抢修。',
      startsAt: t.clock.now().toISOString(),
      endsAt: new Date(t.clock.now().getTime() + 3 * 3600_000).toISOString(),
    });
    expect(notice).toMatchObject({
      status: 'ongoing',
      title: '东城区故障停电',
      whenText: '预计 1月5日 13:00 恢复供电。',
    });
    const east = await t.resident();
    await t.bindAccount(east, 'water', '东城区', 'dongcheng-1');
    const west = await t.resident('13700002222');
    await t.bindAccount(west, 'power', '西城区', 'xicheng-1');
    const seen = NoticeList.parse((await t.http.get('/api/notices').set(t.bearer(east)).expect(200)).body);
    expect(seen.items.map((n) => n.id)).toEqual([notice.id]);
    expect((await t.http.get('/api/notices').set(t.bearer(west)).expect(200)).body.items).toEqual([]);

    const accountId = await t.bindAccount(east, 'power', '东城区', 'dongcheng-1');
    const res = await t.http
      .post('/api/workorders')
      .set(t.bearer(east))
      .send({ problem: 'power_outage', accountId })
      .expect(201);
    const order = ResidentWorkOrder.parse(res.body.order);
    expect(order.notice).toMatchObject({ id: notice.id, whenText: '预计 1月5日 13:00 恢复供电。' });
    // the help feature's way in: the notice of a district
    const found = await t.services.workorders.notices.forDistrict('东城区', 'power');
    expect(found.map((n) => String(n._id))).toEqual([notice.id]);
    expect(await t.services.workorders.notices.forDistrict('东城区', 'water')).toEqual([]);

    // restored: off the home page; staff still count its reports
    await t.http
      .post(`/api/agent/notices/${notice.id}`)
      .set(t.bearer(coord.token))
      .send({ status: 'restored' })
      .expect(200);
    expect((await t.http.get('/api/notices').set(t.bearer(east)).expect(200)).body.items).toEqual([]);
    const all = await t.http.get('/api/agent/notices?state=all').set(t.bearer(agent.token)).expect(200);
    expect(all.body.items.find((n: { id: string }) => n.id === notice.id)).toMatchObject({
      status: 'restored',
      orders: 1,
    });
  });

  it('refuses a notice from an agent (coordinators and supervisors publish) and a window that ends before it starts', async () => {
    const body = {
      utility: 'water',
      kind: 'planned',
      district: '东城区',
      description: '管道检修',
      startsAt: '2026-01-06T01:00:00.000Z',
    };
    await t.http.post('/api/agent/notices').set(t.bearer(agent.token)).send(body).expect(403);
    const bad = await t.http
      .post('/api/agent/notices')
      .set(t.bearer(coord.token))
      .send({ ...body, endsAt: '2026-01-06T00:00:00.000Z' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('恢复时间要晚于开始时间');
  });

  it('groups 20 outage reports in 30 minutes in one district into one incident, and later ones join it', async () => {
    const residents = await Promise.all([1, 2, 3, 4, 5].map((i) => t.resident(`1370000300${i}`)));
    const accounts = await Promise.all(residents.map((r) => t.bindAccount(r, 'water', '东城区', 'dongcheng-1')));
    const report = (i: number) =>
      t.report(residents[i % 5] ?? '', { problem: 'water_outage', accountId: accounts[i % 5] });
    const incidents = async () =>
      IncidentList.parse((await t.http.get('/api/agent/incidents').set(t.bearer(agent.token)).expect(200)).body).items;

    // an old report outside the window does not count
    await report(99);
    t.clock.advance(31 * MINUTE);
    const ids: string[] = [];
    for (let i = 0; i < 16; i++) {
      ids.push(await report(i));
      t.clock.advance(MINUTE);
    }
    expect(await incidents()).toEqual([]);
    // the last reports arrive together
    ids.push(...(await Promise.all([16, 17, 18, 19].map(report))));
    const first = await incidents();
    expect(first).toHaveLength(1);
    let incident = first[0];
    expect(incident).toMatchObject({
      utility: 'water',
      district: '东城区',
      status: 'open',
      orders: 20,
      title: '东城区停水：20 起报修',
    });
    expect([...(incident?.orderIds ?? [])].sort()).toEqual([...ids].sort());
    const later = await report(20);
    [incident] = await incidents();
    expect(incident?.orders).toBe(21);
    const staffView = StaffWorkOrder.parse(
      (await t.http.get(`/api/agent/workorders/${later}`).set(t.bearer(agent.token)).expect(200)).body,
    );
    expect(staffView.incidentId).toBe(incident?.id);

    // no report for 30 minutes: it closes, and the next report there starts anew
    t.clock.advance(30 * MINUTE);
    await t.tick();
    expect(await incidents()).toEqual([]);
    const fresh = StaffWorkOrder.parse(
      (
        await t.http
          .get(`/api/agent/workorders/${await report(21)}`)
          .set(t.bearer(agent.token))
          .expect(200)
      ).body,
    );
    expect(fresh.incidentId).toBeNull();
  });

  it('links an order to an incident or a notice by hand (关联工单), in its audit trail', async () => {
    const resident = await t.resident('13700004444');
    const accountId = await t.bindAccount(resident, 'water', '东城区', 'dongcheng-1');
    const id = await t.report(resident, { problem: 'water_pressure', accountId });
    // the incident of the last test, closed by now: a report can still be linked to it by hand
    const closed = await t.models.Incident.findOne({ district: '东城区' }).lean();
    const incident = { id: String(closed?._id) };
    const linked = StaffWorkOrder.parse(
      (
        await t.http
          .post(`/api/agent/workorders/${id}/link`)
          .set(t.bearer(agent.token))
          .send({ incidentId: incident.id })
          .expect(200)
      ).body,
    );
    expect(linked.incidentId).toBe(incident.id);
    expect(linked.steps.at(-1)).toMatchObject({ action: 'linked', text: '关联到东城区的报修事件' });
    const none = await t.http
      .post(`/api/agent/workorders/${id}/link`)
      .set(t.bearer(agent.token))
      .send({ noticeId: '0'.repeat(24) });
    expect(none.status).toBe(404);
  });
});
