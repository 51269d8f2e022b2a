import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints, fillPath, type Endpoint } from '@bianmin/shared';
import { woTestApp, type WoTestApp } from './test-helpers';

/**
 * Access on every work-order route of the contract: whoever may not see an order gets the same
 * 404 as for one that does not exist, and the order does not change. New routes with an `:id`
 * must be given a sample body here, so the check covers them from the start.
 */

/** A body each route would accept from someone allowed (so only access can refuse it). */
const SAMPLE_BODIES: Record<string, object | undefined> = {
  getWorkOrder: undefined,
  rateWorkOrder: { satisfaction: 'good' },
  workOrderEvents: undefined,
  getPhoto: undefined,
  getFieldOrder: undefined,
  acceptFieldOrder: {},
  assignFieldOrder: { memberId: '0'.repeat(24) },
  progressFieldOrder: { step: 'contacted' },
  completeFieldOrder: { summary: '修好了', cause: 'equipment' },
  unableFieldOrder: { reason: '缺少配件', newTime: '2026-02-01T02:00:00.000Z' },
  returnFieldOrder: { reason: '不归我们管' },
  getDeskOrder: undefined,
  dispatchOrder: { unitId: '0'.repeat(24) },
  checkOrder: { accept: true },
  linkOrder: { noticeId: '0'.repeat(24) },
  helpOrderDraft: undefined,
  orderFromHelp: { type: 'repair' },
  orderCases: undefined,
};

/** The routes of work orders and their photos that address one document. */
const byId = (Object.entries(endpoints) as Array<[string, Endpoint]>).filter(
  ([, e]) => e.path.includes('/:id') && /^\/api\/(workorders|field|photos|agent\/workorders)\//.test(e.path),
);

describe('access to work orders on every route', () => {
  let t: WoTestApp;
  let orderId: string;
  let photoId: string;
  let fieldPhoto: string;
  const who: Record<string, { token: string }> = {};

  beforeAll(async () => {
    t = await woTestApp();
    const mine = await t.unit('东城供电所', 'power', '东城区', ['dongcheng-1']);
    const other = await t.unit('西城供电所', 'power', '西城区', ['xicheng-1']);
    who.member = await t.member(mine, 'acc-field01', 'field', '张建国', '13812345678');
    who.coordinator = await t.member(mine, 'acc-coord01', 'coordinator', '王工', '13811110000');
    who.otherMember = await t.member(other, 'acc-field03', 'field', '赵强', '13812340003');
    who.otherCoordinator = await t.member(other, 'acc-coord02', 'coordinator', '孙工', '13811110002');
    who.unitless = await t.staff('acc-field-none', 'field');
    who.agent = await t.staff('acc-agent', 'agent');
    who.supervisor = await t.staff('acc-super', 'supervisor');
    who.owner = { token: await t.resident() };
    who.otherResident = { token: await t.resident('13700009999') };
    const accountId = await t.bindAccount(who.owner.token, 'power', '东城区', 'dongcheng-1');
    photoId = await t.photo(who.owner.token);
    orderId = await t.report(who.owner.token, { problem: 'power_voltage', accountId, photoIds: [photoId] });
    await t.http.post(`/api/field/orders/${orderId}/accept`).set(t.bearer(who.member.token)).expect(200);
    await t.http
      .post(`/api/field/orders/${orderId}/progress`)
      .set(t.bearer(who.member.token))
      .send({ step: 'arrived' })
      .expect(200);
    fieldPhoto = await t.photo(who.member.token);
    await t.http
      .post(`/api/field/orders/${orderId}/complete`)
      .set(t.bearer(who.member.token))
      .send({ summary: '修好了', cause: 'equipment', photoIds: [fieldPhoto] })
      .expect(200);
  });
  afterAll(() => t.close());

  it('has a sample body for every work-order route that addresses one document', () => {
    expect(byId.map(([name]) => name).filter((name) => !(name in SAMPLE_BODIES))).toEqual([]);
  });

  /** Who must be refused by each access kind: signed in with the right role, but not entitled. */
  const OUTSIDERS: Partial<Record<Endpoint['access'], string[]>> = {
    resident: ['otherResident'],
    unit: ['otherMember', 'otherCoordinator', 'unitless'],
    coordinator: ['otherCoordinator'],
    dispatcher: ['otherCoordinator'],
  };

  it('answers 404 to everyone not entitled, on every route with an :id, and changes nothing', async () => {
    const before = await t.models.WorkOrderStep.countDocuments({ orderId });
    const leaks: string[] = [];
    for (const [name, e] of byId) {
      for (const outsider of OUTSIDERS[e.access] ?? []) {
        const id = name === 'getPhoto' ? photoId : orderId;
        const method = e.method.toLowerCase() as 'get' | 'post';
        let req = t.http[method](fillPath(e.path, { id })).set(t.bearer(who[outsider]?.token ?? ''));
        if (e.method !== 'GET') req = req.send(SAMPLE_BODIES[name] ?? {});
        const res = await req;
        if (res.status !== 404 || (res.body as { error?: { code?: string } }).error?.code !== 'NOT_FOUND')
          leaks.push(`${name} as ${outsider} → ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(await t.models.WorkOrderStep.countDocuments({ orderId })).toBe(before);
  });

  it('keeps the order out of every list of those not entitled', async () => {
    const seen: string[] = [];
    const look = async (label: string, token: string, path: string) => {
      const res = await t.http.get(path).set(t.bearer(token)).expect(200);
      if (JSON.stringify(res.body).includes(orderId)) seen.push(label);
    };
    for (const scope of ['mine', 'unit', 'done']) {
      await look(`otherMember ${scope}`, who.otherMember?.token ?? '', `/api/field/orders?scope=${scope}`);
      await look(`otherCoordinator ${scope}`, who.otherCoordinator?.token ?? '', `/api/field/orders?scope=${scope}`);
      await look(`unitless ${scope}`, who.unitless?.token ?? '', `/api/field/orders?scope=${scope}`);
    }
    for (const state of ['dispatch', 'check', 'open', 'done'])
      await look(
        `otherCoordinator desk ${state}`,
        who.otherCoordinator?.token ?? '',
        `/api/agent/workorders?state=${state}`,
      );
    await look('otherResident', who.otherResident?.token ?? '', '/api/workorders');
    await look('otherCoordinator escalations', who.otherCoordinator?.token ?? '', '/api/agent/workorders/escalations');
    expect(seen).toEqual([]);
    // and those entitled do see it
    await t.http
      .get(`/api/agent/workorders?state=check`)
      .set(t.bearer(who.coordinator?.token ?? ''))
      .expect(200)
      .then((r) => expect(JSON.stringify(r.body)).toContain(orderId));
  });

  it('serves a photo to the resident, the unit it is at and agents; to anyone else 404', async () => {
    const status = async (token: string, id: string) =>
      (await t.http.get(`/api/photos/${id}`).set(t.bearer(token))).status;
    for (const id of [photoId, fieldPhoto]) {
      for (const ok of ['owner', 'member', 'coordinator', 'agent', 'supervisor'])
        expect(await status(who[ok]?.token ?? '', id), ok).toBe(200);
      for (const no of ['otherResident', 'otherMember', 'otherCoordinator', 'unitless'])
        expect(await status(who[no]?.token ?? '', id), no).toBe(404);
    }
    // a photo not attached to any order: its uploader only
    const loose = await t.photo(who.owner?.token ?? '');
    expect(await status(who.owner?.token ?? '', loose)).toBe(200);
    expect(await status(who.agent?.token ?? '', loose)).toBe(404);
    expect(await status(who.member?.token ?? '', loose)).toBe(404);
    // <Image src> carries the token in the query
    const res = await t.http.get(`/api/photos/${photoId}?access_token=${who.owner?.token ?? ''}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
  });

  it('keeps field staff and coordinators out of the help workbench, and residents out of the field app', async () => {
    for (const role of ['member', 'coordinator']) {
      await t.http
        .get('/api/agent/queue')
        .set(t.bearer(who[role]?.token ?? ''))
        .expect(403);
      await t.http
        .get('/api/agent/me')
        .set(t.bearer(who[role]?.token ?? ''))
        .expect(403);
    }
    await t.http
      .get('/api/field/orders')
      .set(t.bearer(who.owner?.token ?? ''))
      .expect(403);
    await t.http
      .get('/api/field/orders')
      .set(t.bearer(who.agent?.token ?? ''))
      .expect(403);
    await t.http
      .get('/api/agent/units')
      .set(t.bearer(who.member?.token ?? ''))
      .expect(403);
  });
});
