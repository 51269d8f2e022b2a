import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FromHelpDraft, ResidentWorkOrder, StaffWorkOrder, WorkOrderStaffEvent } from '@bianmin/shared';
import { listen, openStream } from '../help/test-helpers';
import { woTestApp, type WoTestApp } from './test-helpers';

/**
 * Live: the resident's timeline and the field app follow every step as it happens, each seeing
 * only its own; an order made from a help request reports its progress on that help stream too.
 */
/** Only ends a test that hangs: the events come as soon as the poller fans them out. */
const BOUND = 30_000;

describe('work orders live, and 转工单 from a help request', () => {
  let t: WoTestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let unitId: string;
  let member: Awaited<ReturnType<WoTestApp['member']>>;
  let other: Awaited<ReturnType<WoTestApp['member']>>;

  beforeAll(async () => {
    t = await woTestApp({ env: { HELP_EVENTS_POLL_MS: '50' } });
    t.services.help.live.poller.start();
    server = await listen(t.app);
    unitId = await t.unit('东城供电所', 'power', '东城区', ['dongcheng-1']);
    const west = await t.unit('西城供电所', 'power', '西城区', ['xicheng-1']);
    member = await t.member(unitId, 'live-field01', 'field', '张建国', '13812345678');
    other = await t.member(west, 'live-field03', 'field', '赵强', '13812340003');
  });
  afterAll(async () => {
    t.services.help.live.poller.stop();
    await server.close();
    await t.close();
  });

  it("moves the resident's timeline and her unit's field app with every step, and no one else's", async () => {
    const resident = await t.resident();
    const stranger = await t.resident('13700007777');
    const accountId = await t.bindAccount(resident, 'power', '东城区', 'dongcheng-1');
    const mineField = openStream(`${server.url}/api/field/events?access_token=${member.token}`);
    const otherField = openStream(`${server.url}/api/field/events?access_token=${other.token}`);
    expect(await mineField.opened).toBe(200);
    expect(await otherField.opened).toBe(200);
    const id = await t.report(resident, { problem: 'power_outage', accountId });
    const timeline = openStream(`${server.url}/api/workorders/${id}/events?access_token=${resident}`);
    expect(await timeline.opened).toBe(200);
    const refused = openStream(`${server.url}/api/workorders/${id}/events?access_token=${stranger}`);
    expect(await refused.opened).toBe(404);

    await t.http.post(`/api/field/orders/${id}/accept`).set(t.bearer(member.token)).expect(200);
    const accepted = await timeline.next(
      (e) => e.event === 'workorder.status' && ResidentWorkOrder.parse(e.data).status === 'accepted',
      BOUND,
    );
    expect(ResidentWorkOrder.parse(accepted.data).worker?.phone).toBe('13812345678');
    await t.http
      .post(`/api/field/orders/${id}/progress`)
      .set(t.bearer(member.token))
      .send({ step: 'arrived' })
      .expect(200);
    const arrived = await timeline.next(
      (e) => e.event === 'workorder.status' && ResidentWorkOrder.parse(e.data).status === 'arrived',
      BOUND,
    );
    expect(ResidentWorkOrder.parse(arrived.data).timeline.at(-1)?.text).toBe('张师傅已到达');
    await mineField.next(
      (e) => e.event === 'workorder.changed' && WorkOrderStaffEvent.parse(e.data).order.status === 'arrived',
      BOUND,
    );
    timeline.close();
    mineField.close();
    otherField.close();
    expect(otherField.events.filter((e) => JSON.stringify(e.data).includes(id))).toEqual([]);
  });

  it('turns a help request into an order with nothing re-entered, once, and tells the help stream', async () => {
    const resident = await t.resident('13700008888');
    const accountId = await t.bindAccount(resident, 'power', '东城区', 'dongcheng-1');
    const help = await t.http
      .post('/api/help')
      .set(t.bearer(resident))
      .send({ category: 'outage', text: '楼道和家里都没电', context: { accountId } })
      .expect(201);
    const helpId = help.body.help.id as string;
    const agent = await t.staff('live-agent', 'agent');

    const draft = FromHelpDraft.parse(
      (await t.http.get(`/api/agent/workorders/from-help/${helpId}`).set(t.bearer(agent.token)).expect(200)).body,
    );
    expect(draft).toMatchObject({
      utility: 'power',
      district: '东城区',
      type: 'emergency_repair',
      problem: 'power_outage',
      suggestedUnit: { id: unitId, name: '东城供电所' },
      existing: [],
    });

    const helpStream = openStream(`${server.url}/api/help/${helpId}/events?access_token=${resident}`);
    expect(await helpStream.opened).toBe(200);
    const made = await Promise.all(
      [1, 2].map(() =>
        t.http
          .post(`/api/agent/workorders/from-help/${helpId}`)
          .set(t.bearer(agent.token))
          .send({ type: 'emergency_repair', note: '居民家有老人' }),
      ),
    );
    expect(made.map((r) => r.status)).toEqual([201, 201]);
    const order = StaffWorkOrder.parse(made[0]?.body);
    expect(StaffWorkOrder.parse(made[1]?.body).id).toBe(order.id);
    expect(order).toMatchObject({
      source: 'help',
      helpId,
      status: 'dispatched',
      unit: { name: '东城供电所' },
      description: '楼道和家里都没电\n居民家有老人',
      resident: { phoneMasked: '137****8888' },
      dispatcher: { id: agent.id },
    });
    // the resident sees it among her orders for that help request, and on the help stream
    const list = await t.http.get(`/api/workorders?helpId=${helpId}`).set(t.bearer(resident)).expect(200);
    expect(list.body.items.map((o: { id: string }) => o.id)).toEqual([order.id]);
    await t.http.post(`/api/field/orders/${order.id}/accept`).set(t.bearer(member.token)).expect(200);
    const progress = await helpStream.next(
      (e) => e.event === 'workorder.status' && ResidentWorkOrder.parse(e.data).status === 'accepted',
      BOUND,
    );
    expect(ResidentWorkOrder.parse(progress.data).id).toBe(order.id);
    helpStream.close();
  });
});
