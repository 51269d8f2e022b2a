import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Case, HelpCases, StaffWorkOrder } from '@bianmin/shared';
import { woTestApp, type WoTestApp } from '../workorders/test-helpers';

/**
 * A finished complaint work order (a complaint heard in a 回访 call goes to the complaint desk as
 * one) kept as a case, and found beside the next complaint order of its district.
 */
describe('cases from complaint work orders (案例库)', () => {
  let t: WoTestApp;
  let unitId: string;
  let agent: Awaited<ReturnType<WoTestApp['staff']>>;
  let coord: Awaited<ReturnType<WoTestApp['member']>>;
  let field: Awaited<ReturnType<WoTestApp['member']>>;

  beforeAll(async () => {
    t = await woTestApp();
    unitId = await t.unit('东城供电所', 'power', '东城区', ['dongcheng-1']);
    coord = await t.member(unitId, 'oc-coord', 'coordinator', '王工', '13911112222');
    field = await t.member(unitId, 'oc-field', 'field', '张建国', '13812345678');
    agent = await t.staff('oc-agent', 'agent', '李晓梅');
  });
  afterAll(() => t.close());

  /** An order of `type` opened at the desk in `district`, sent to the unit. */
  async function open(type: 'complaint' | 'repair', district: string, description: string) {
    const res = await t.http
      .post('/api/agent/workorders')
      .set(t.bearer(coord.token))
      .send({
        type,
        utility: 'power',
        address: { district, detail: '南池子大街 8 号' },
        residentName: '张阿姨',
        residentPhone: '13700001234',
        description,
        unitId,
      })
      .expect(201);
    return StaffWorkOrder.parse(res.body).id;
  }
  const step = (id: string, path: string, body: object = {}) =>
    t.http.post(`/api/field/orders/${id}/${path}`).set(t.bearer(field.token)).send(body).expect(200);
  /** Taken, the resident called (and visited, for a repair), 回单 and 对单 passed, as the field app and the desk do it. */
  async function finish(id: string, visit = false) {
    await t.http
      .post(`/api/field/orders/${id}/assign`)
      .set(t.bearer(coord.token))
      .send({ memberId: field.id })
      .expect(200);
    await step(id, 'accept');
    for (const s of visit ? ['contacted', 'on_the_way', 'arrived'] : ['contacted'])
      await step(id, 'progress', { step: s });
    await step(id, 'complete', { summary: '核对了电表读数，多收的电费退回', cause: 'other' });
    await t.http
      .post(`/api/agent/workorders/${id}/check`)
      .set(t.bearer(coord.token))
      .send({ accept: true })
      .expect(200);
  }
  const keep = (orderId: string) =>
    t.http.post('/api/agent/cases').set(t.bearer(agent.token)).send({
      orderId,
      cause: '抄表时看错了一位数',
      fix: '重新抄表，退回多收的电费',
      lesson: '读数比上月高一倍以上，先核对再出账',
    });
  const beside = async (orderId: string) =>
    HelpCases.parse(
      (await t.http.get(`/api/agent/workorders/${orderId}/cases`).set(t.bearer(agent.token)).expect(200)).body,
    );

  it('keeps a checked complaint order as a case, once, and shows it beside the next complaint there', async () => {
    const id = await open('complaint', '东城区', '回访时说：电费比上月多了一倍，怀疑抄错了');
    expect((await keep(id).expect(409)).body.error.code).toBe('CASE_ORDER_NOT_DONE');
    await finish(id);
    const kept = Case.parse((await keep(id).expect(201)).body);
    const order = StaffWorkOrder.parse(
      (await t.http.get(`/api/agent/workorders/${id}`).set(t.bearer(agent.token)).expect(200)).body,
    );
    expect(kept).toMatchObject({
      helpId: null,
      orderId: id,
      orderNo: order.no,
      category: 'complaint',
      utility: 'power',
      district: '东城区',
      problem: '回访时说：电费比上月多了一倍，怀疑抄错了',
      createdByName: '李晓梅',
    });
    const again = await keep(id).expect(409);
    expect(again.body.error).toMatchObject({ code: 'CASE_EXISTS', message: '已经存为案例了，不用再存。' });
    expect((await beside(id)).own?.id).toBe(kept.id);

    const next = await open('complaint', '东城区', '电费突然变高');
    const cases = await beside(next);
    expect(cases.own).toBeNull();
    expect(cases.items.map((c) => [c.id, c.sameDistrict])).toEqual([[kept.id, true]]);
    // and in the library, by category and district
    const library = await t.http
      .get('/api/agent/cases')
      .query({ category: 'complaint', district: '东城区' })
      .set(t.bearer(agent.token))
      .expect(200);
    expect((library.body as { items: Array<{ id: string }> }).items.map((c) => c.id)).toContain(kept.id);
  });

  it('keeps only complaint orders; names neither or both sources as a bad request; 404 for no such order', async () => {
    const repair = await open('repair', '东城区', '楼道灯不亮');
    await finish(repair, true);
    expect((await keep(repair).expect(409)).body.error.code).toBe('CASE_ORDER_NOT_COMPLAINT');
    expect(await beside(repair)).toEqual({ items: [], total: 0, own: null });
    const words = { cause: '原因', fix: '办法', lesson: '经验' };
    for (const body of [words, { ...words, orderId: repair, helpId: 'a'.repeat(24) }]) {
      const res = await t.http.post('/api/agent/cases').set(t.bearer(agent.token)).send(body).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    await keep('f'.repeat(24)).expect(404);
    await t.http
      .get(`/api/agent/workorders/${'f'.repeat(24)}/cases`)
      .set(t.bearer(agent.token))
      .expect(404);
  });
});
