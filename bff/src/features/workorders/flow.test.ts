import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResidentWorkOrder, StaffWorkOrder, StaffWorkOrderList } from '@bianmin/shared';
import { woTestApp, type WoTestApp } from './test-helpers';

const WEBHOOK = { HELP_WEBHOOK_URL: 'http://127.0.0.1:9/hook', HELP_WEBHOOK_SECRET: 'webhook-secret' };

describe('a 报修 travels to the unit and back: dispatch, 接单, steps, 回单, 对单, rating', () => {
  let t: WoTestApp;
  let unitId: string;
  let zhang: Awaited<ReturnType<WoTestApp['member']>>;
  let li: Awaited<ReturnType<WoTestApp['member']>>;
  let coord: Awaited<ReturnType<WoTestApp['member']>>;

  beforeAll(async () => {
    t = await woTestApp({ env: WEBHOOK });
    unitId = await t.unit('东城供电所', 'power', '东城区', ['dongcheng-1']);
    await t.unit('西城供电所', 'power', '西城区', ['xicheng-1']);
    zhang = await t.member(unitId, 'flow-field01', 'field', '张建国', '13812345678');
    li = await t.member(unitId, 'flow-field02', 'field', '李文', '13812340000');
    coord = await t.member(unitId, 'flow-coord01', 'coordinator', '王工', '13911112222');
  });
  afterAll(() => t.close());

  const resident = (token: string, id: string) =>
    t.http
      .get(`/api/workorders/${id}`)
      .set(t.bearer(token))
      .expect(200)
      .then((r) => ResidentWorkOrder.parse(r.body));
  const field = (token: string, path: string, body?: object) =>
    t.http
      .post(`/api/field/orders/${path}`)
      .set(t.bearer(token))
      .send(body ?? {});

  it('goes 已受理 → 已派给东城供电所 → 张师傅已接单 … → 请评价 → rated, with the phone in full only after 接单', async () => {
    const token = await t.resident();
    const accountId = await t.bindAccount(token, 'power', '东城区', 'dongcheng-1');
    const photo = await t.photo(token);
    const id = await t.report(token, {
      problem: 'power_outage',
      accountId,
      description: '整栋楼都没电',
      photoIds: [photo],
    });

    let order = await resident(token, id);
    expect(order).toMatchObject({
      type: 'emergency_repair',
      status: 'dispatched',
      danger: true,
      unit: { name: '东城供电所' },
    });
    expect(order.emergencyNumbers.length).toBeGreaterThan(0);
    expect(order.timeline.map((e) => e.text)).toEqual(['已受理', '已派给东城供电所']);
    expect(order.photos).toEqual([{ id: photo }]);

    // the coordinator gives it to 张建国; before he accepts, the resident sees his number masked
    const assigned = await field(coord.token, `${id}/assign`, { memberId: zhang.id }).expect(200);
    expect(StaffWorkOrder.parse(assigned.body).assignee?.name).toBe('张建国');
    order = await resident(token, id);
    expect(order.worker).toEqual({ name: '张师傅', phoneMasked: '138****5678', phone: null });
    expect(JSON.stringify(order)).not.toContain('13812345678');

    // someone else of the unit cannot take it; he can
    const taken = await field(li.token, `${id}/accept`).expect(409);
    expect(taken.body.error.code).toBe('WO_ALREADY_TAKEN');
    const accepted = StaffWorkOrder.parse((await field(zhang.token, `${id}/accept`).expect(200)).body);
    expect(accepted).toMatchObject({ status: 'accepted', resident: { phone: '13700001234' } });
    order = await resident(token, id);
    expect(order.worker).toEqual({ name: '张师傅', phoneMasked: '138****5678', phone: '13812345678' });
    expect(order.timeline.at(-1)?.text).toBe('张师傅已接单（电话 138****5678）');

    // a 回单 before arriving is refused; the steps in order
    const early = await field(zhang.token, `${id}/complete`, { summary: '更换保险', cause: 'equipment' }).expect(409);
    expect(early.body.error.code).toBe('WO_NEEDS_VISIT');
    await field(zhang.token, `${id}/progress`, { step: 'contacted' }).expect(200);
    await field(zhang.token, `${id}/progress`, { step: 'on_the_way' }).expect(200);
    await field(zhang.token, `${id}/progress`, { step: 'arrived' }).expect(200);
    const reportPhoto = await t.photo(zhang.token);
    const done = StaffWorkOrder.parse(
      (
        await field(zhang.token, `${id}/complete`, {
          summary: '更换了烧坏的保险',
          cause: 'equipment',
          photoIds: [reportPhoto],
        }).expect(200)
      ).body,
    );
    expect(done.status).toBe('completed');
    expect(done.report).toMatchObject({
      summary: '更换了烧坏的保险',
      causeText: '设备故障',
      photos: [{ id: reportPhoto }],
    });

    // not rateable before 对单; the coordinator checks and accepts; then she rates, once
    const soon = await t.http.post(`/api/workorders/${id}/rating`).set(t.bearer(token)).send({ satisfaction: 'good' });
    expect(soon.status).toBe(409);
    expect(soon.body.error.code).toBe('WO_NOT_RATEABLE');
    await t.http
      .post(`/api/agent/workorders/${id}/check`)
      .set(t.bearer(coord.token))
      .send({ accept: true })
      .expect(200);
    order = await resident(token, id);
    expect(order.rating.state).toBe('open');
    const rated = ResidentWorkOrder.parse(
      (
        await t.http
          .post(`/api/workorders/${id}/rating`)
          .set(t.bearer(token))
          .send({ satisfaction: 'good', comment: '来得很快' })
          .expect(200)
      ).body,
    );
    expect(rated.status).toBe('closed');
    expect(rated.timeline.map((e) => e.text)).toEqual([
      '已受理',
      '已派给东城供电所',
      '已安排张师傅',
      '张师傅已接单（电话 138****5678）',
      '张师傅已联系您',
      '张师傅已出发',
      '张师傅已到达',
      '已完成：更换了烧坏的保险',
      '已核对完成，请您评价',
      '您的评价：满意',
    ]);
    expect(rated.timeline.find((e) => e.action === 'completed')?.photos).toEqual([{ id: reportPhoto }]);
    const again = await t.http.post(`/api/workorders/${id}/rating`).set(t.bearer(token)).send({ satisfaction: 'poor' });
    expect(again.body.error.code).toBe('WO_RATED');
  });

  it('puts every step in the audit trail and on the webhook outbox under stable ids, in Chinese words', async () => {
    const token = await t.resident();
    const accountId = await t.bindAccount(token, 'power', '东城区', 'dongcheng-1');
    const id = await t.report(token, { problem: 'power_voltage', accountId });
    await field(zhang.token, `${id}/accept`).expect(200);
    await field(zhang.token, `${id}/progress`, { step: 'contacted', note: '约好下午去' }).expect(200);
    const desk = StaffWorkOrder.parse(
      (await t.http.get(`/api/agent/workorders/${id}`).set(t.bearer(coord.token)).expect(200)).body,
    );
    expect(desk.steps.map((s) => [s.n, s.action, s.text])).toEqual([
      [0, 'created', '居民报修：维修（电压不稳、灯忽明忽暗）'],
      [1, 'dispatched', '派给东城供电所'],
      [2, 'accepted', '张建国接单'],
      [3, 'contacted', '张建国已联系居民：约好下午去'],
    ]);
    const outbox = await t.models.Outbox.find({ _id: { $regex: `^workorder-${id}-` } })
      .sort({ _id: 1 })
      .lean();
    expect(outbox.map((m) => m._id)).toEqual([0, 1, 2, 3].map((n) => `workorder-${id}-${n}`));
    const last = JSON.parse(outbox.at(-1)?.body ?? '{}') as { data: Record<string, unknown> };
    expect(last.data).toMatchObject({
      orderId: id,
      step: 3,
      action: 'contacted',
      actionText: '联系居民',
      statusText: '已联系居民',
      typeText: '维修',
      text: '张建国已联系居民：约好下午去',
    });
  });

  it('lists a member her orders by due time, the coordinator the whole unit, and a 退单 goes back to the desk', async () => {
    const token = await t.resident();
    const accountId = await t.bindAccount(token, 'power', '东城区', 'dongcheng-1');
    const slow = await t.report(token, { problem: 'power_meter', accountId });
    const urgent = await t.report(token, { problem: 'power_sparks', accountId });
    const mine = StaffWorkOrderList.parse(
      (await t.http.get('/api/field/orders').set(t.bearer(li.token)).expect(200)).body,
    ).items.map((o) => o.id);
    expect(mine.indexOf(urgent)).toBeLessThan(mine.indexOf(slow));
    await field(li.token, `${slow}/accept`).expect(200);
    const returned = StaffWorkOrder.parse(
      (await field(li.token, `${slow}/return`, { reason: '不是我们的表，属于物业' }).expect(200)).body,
    );
    expect(returned).toMatchObject({
      status: 'returned',
      unit: null,
      lastReturn: { reason: '不是我们的表，属于物业' },
    });
    // it left the unit: its members no longer see it
    await t.http.get(`/api/field/orders/${slow}`).set(t.bearer(li.token)).expect(404);
    const agent = await t.staff('flow-agent', 'agent');
    const queue = StaffWorkOrderList.parse(
      (await t.http.get('/api/agent/workorders?state=dispatch').set(t.bearer(agent.token)).expect(200)).body,
    );
    expect(queue.items.map((o) => o.id)).toContain(slow);
    expect((await resident(token, slow)).timeline.at(-1)?.text).toBe('正在为您重新安排处理单位');
  });

  it('returns a 回单 at 对单 to the unit with a reason, and the member finishes it again', async () => {
    const token = await t.resident();
    const accountId = await t.bindAccount(token, 'power', '东城区', 'dongcheng-1');
    const id = await t.report(token, { problem: 'power_voltage', accountId });
    await field(li.token, `${id}/accept`).expect(200);
    await field(li.token, `${id}/progress`, { step: 'arrived' }).expect(200);
    await field(li.token, `${id}/complete`, { summary: '检查了线路', cause: 'no_fault' }).expect(200);
    const agent = await t.staff('flow-agent', 'agent');
    const noReason = await t.http
      .post(`/api/agent/workorders/${id}/check`)
      .set(t.bearer(agent.token))
      .send({ accept: false });
    expect(noReason.status).toBe(400);
    const back = StaffWorkOrder.parse(
      (
        await t.http
          .post(`/api/agent/workorders/${id}/check`)
          .set(t.bearer(agent.token))
          .send({ accept: false, reason: '居民说还是闪' })
          .expect(200)
      ).body,
    );
    expect(back).toMatchObject({ status: 'rework', lastCheck: { accepted: false, reason: '居民说还是闪' } });
    await field(li.token, `${id}/progress`, { step: 'arrived' }).expect(200);
    await field(li.token, `${id}/complete`, { summary: '更换了线路接头', cause: 'line' }).expect(200);
    const ok = await t.http.post(`/api/agent/workorders/${id}/check`).set(t.bearer(agent.token)).send({ accept: true });
    expect(ok.status).toBe(200);
    expect((await resident(token, id)).timeline.map((e) => e.text)).toContain('正在继续处理');
  });

  it('records 无法完成 with the reason and a new time, which must lie ahead', async () => {
    const token = await t.resident();
    const accountId = await t.bindAccount(token, 'power', '东城区', 'dongcheng-1');
    const id = await t.report(token, { problem: 'power_voltage', accountId });
    await field(li.token, `${id}/accept`).expect(200);
    const past = await field(li.token, `${id}/unable`, { reason: '缺少配件', newTime: '2026-01-01T02:00:00.000Z' });
    expect(past.body.error.code).toBe('WO_TIME_PASSED');
    const moved = StaffWorkOrder.parse(
      (await field(li.token, `${id}/unable`, { reason: '缺少配件', newTime: '2026-01-06T01:00:00.000Z' }).expect(200))
        .body,
    );
    expect(moved).toMatchObject({ status: 'rescheduled', unable: { reason: '缺少配件' } });
    expect((await resident(token, id)).timeline.at(-1)?.text).toBe('这次没能完成：缺少配件。改约到 1月6日 09:00');
  });
});
