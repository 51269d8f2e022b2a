import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationList } from '@bianmin/shared';
import { woTestApp, type WoTestApp } from '../workorders/test-helpers';

/** Where things happen, a message is written: an agent's answer, a work order's steps, an outage notice. */
describe('messages (消息) from the features where things happen', () => {
  let t: WoTestApp;
  let unitId: string;

  beforeAll(async () => {
    t = await woTestApp();
    unitId = await t.unit('东城供电所', 'power', '东城区', ['dongcheng-1']);
  });
  afterAll(() => t.close());

  const list = async (token: string) =>
    NotificationList.parse((await t.http.get('/api/notifications').set(t.bearer(token)).expect(200)).body).items;

  it('tells her once when an agent answers her help request', async () => {
    const token = await t.resident();
    const help = await t.http.post('/api/help').set(t.bearer(token)).send({}).expect(201);
    const id = (help.body as { help: { id: string } }).help.id;
    const agent = await t.staff('ntf-agent01', 'agent', '王芳');
    await t.http.post(`/api/agent/help/${id}/claim`).set(t.bearer(agent.token)).expect(200);
    for (const text of ['您好，我是客服王芳，请问电费哪里有疑问？', '还在吗？'])
      await t.http.post(`/api/agent/help/${id}/messages`).set(t.bearer(agent.token)).send({ text }).expect(200);
    const answered = (await list(token)).filter((n) => n.reason === 'helpAnswered');
    expect(answered).toHaveLength(1);
    expect(answered[0]).toMatchObject({
      title: '客服回复了您的求助',
      page: `pages/help/index?id=${id}`,
      read: false,
    });
    expect(answered[0]?.body).toMatch(/^王芳：您好/);
  });

  it('tells her of the steps of her 报修 she waits for: taken, on the way, arrived', async () => {
    const token = await t.resident();
    const accountId = await t.bindAccount(token, 'power', '东城区', 'dongcheng-1');
    const id = await t.report(token, { problem: 'power_outage', accountId, description: '整栋楼都没电' });
    const coord = await t.member(unitId, 'ntf-coord01', 'coordinator', '王工', '13911112222');
    const zhang = await t.member(unitId, 'ntf-field01', 'field', '张建国', '13812345678');
    const field = (who: { token: string }, path: string, body: object = {}) =>
      t.http.post(`/api/field/orders/${id}/${path}`).set(t.bearer(who.token)).send(body).expect(200);
    await field(coord, 'assign', { memberId: zhang.id });
    await field(zhang, 'accept');
    await field(zhang, 'progress', { step: 'contacted' });
    await field(zhang, 'progress', { step: 'on_the_way' });
    await field(zhang, 'progress', { step: 'arrived' });
    const steps = (await list(token)).filter((n) => n.reason === 'workOrderStep');
    expect(steps.map((n) => n.title).sort()).toEqual([
      '报修进度：师傅已出发',
      '报修进度：师傅已到达',
      '报修进度：师傅已接单',
    ]);
    expect(steps.every((n) => n.page === `packages/repair/order/index?id=${id}`)).toBe(true);
  });

  it('tells the residents with an account of that utility in the district of a new outage notice', async () => {
    const east = await t.resident();
    await t.bindAccount(east, 'water', '东城区');
    const eastPower = await t.resident();
    await t.bindAccount(eastPower, 'power', '东城区');
    const west = await t.resident();
    await t.bindAccount(west, 'water', '西城区');
    const supervisor = await t.staff('ntf-super01', 'supervisor');
    await t.http
      .post('/api/agent/notices')
      .set(t.bearer(supervisor.token))
      .send({
        utility: 'water',
        kind: 'planned',
        district: '东城区',
        description: '管道检修',
        startsAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString(),
        endsAt: new Date(t.clock.now().getTime() + 86_400_000 + 6 * 3600_000).toISOString(),
      })
      .expect(201);
    const told = (await list(east)).filter((n) => n.reason === 'outage');
    expect(told).toHaveLength(1);
    expect(told[0]?.title).toBe('东城区计划停水');
    expect(told[0]?.body).toMatch(/^东城区计划停水：1月6日 10:00 至 16:00/);
    expect((await list(eastPower)).filter((n) => n.reason === 'outage')).toEqual([]);
    expect((await list(west)).filter((n) => n.reason === 'outage')).toEqual([]);
  });
});
