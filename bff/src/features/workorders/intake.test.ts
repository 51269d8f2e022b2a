import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResidentWorkOrder, SlotList, StaffWorkOrder } from '@bianmin/shared';
import { woTestApp, type WoTestApp } from './test-helpers';

/** 报修 and 预约 as they arrive: the place, the phone, the slots of a visit, the limits. */
describe('reports and appointments from residents', () => {
  let t: WoTestApp;
  let supervisor: Awaited<ReturnType<WoTestApp['staff']>>;

  beforeAll(async () => {
    // 2026-01-05 10:00 in Beijing
    t = await woTestApp({ env: { WORKORDER_SLOT_CAPACITY: '1', WORKORDER_CREATE_PER_HOUR: '4' } });
    await t.unit('东城供电所', 'power', '东城区', ['dongcheng-1']);
    await t.unit('燃气西城抢修班', 'gas', '西城区', ['xicheng-1']);
    supervisor = await t.staff('intake-super', 'supervisor');
  });
  afterAll(() => t.close());

  const post = (token: string, body: object) => t.http.post('/api/workorders').set(t.bearer(token)).send(body);
  const staffView = async (id: string) =>
    StaffWorkOrder.parse(
      (await t.http.get(`/api/agent/workorders/${id}`).set(t.bearer(supervisor.token)).expect(200)).body,
    );

  it('takes a written address when there is no account, and sends it to the unit of that district', async () => {
    const token = await t.resident();
    const res = await post(token, {
      problem: 'power_voltage',
      address: { district: '东城区', street: '东华门街道', detail: '南池子大街 8 号 2 单元' },
      location: { lat: 39.91, lng: 116.4 },
    }).expect(201);
    const order = ResidentWorkOrder.parse(res.body.order);
    expect(order).toMatchObject({
      status: 'dispatched',
      unit: { name: '东城供电所' },
      address: '北京市东城区东华门街道南池子大街 8 号 2 单元',
    });
    expect((await staffView(order.id)).location).toEqual({ lat: 39.91, lng: 116.4 });
  });

  it('asks for a phone when the profile has none, and refuses an account she has not bound or of another utility', async () => {
    const noPhone = await t.residentToken();
    const refused = await post(noPhone, {
      problem: 'power_voltage',
      address: { district: '东城区', detail: '某小区 1 号' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'WO_PHONE_REQUIRED', message: '请留下手机号，师傅好联系您。' });
    await post(noPhone, {
      problem: 'power_voltage',
      address: { district: '东城区', detail: '某小区 1 号' },
      phone: '13711112222',
    }).expect(201);

    const owner = await t.resident();
    const water = await t.bindAccount(owner, 'water', '东城区', 'dongcheng-1');
    const mismatch = await post(owner, { problem: 'power_voltage', accountId: water });
    expect(mismatch.body.error.code).toBe('WO_ACCOUNT_MISMATCH');
    const stranger = await t.resident('13700006666');
    const notHers = await post(stranger, { problem: 'water_quality', accountId: water });
    expect(notHers.status).toBe(404);
  });

  it('leaves a report no unit covers for a dispatcher, and sends it on once a unit exists', async () => {
    const token = await t.resident();
    const id = (
      await post(token, { problem: 'water_quality', address: { district: '海淀区', detail: '某小区 3 号' } }).expect(
        201,
      )
    ).body.order.id as string;
    expect((await staffView(id)).status).toBe('pending_dispatch');
    await t.unit('自来水海淀营业所', 'water', '海淀区');
    await t.tick();
    expect(await staffView(id)).toMatchObject({ status: 'dispatched', unit: { name: '自来水海淀营业所' } });
  });

  it('books 点火 in a half day with a place left, moves the arrival limit to its end, and refuses a full or past one', async () => {
    const token = await t.resident();
    const accountId = await t.bindAccount(token, 'gas', '西城区', 'xicheng-1');
    const noSlot = await post(token, { problem: 'gas_ignition', accountId });
    expect(noSlot.status).toBe(400);
    expect(JSON.stringify(noSlot.body.error.details)).toContain('请选一个上门时间');

    const slots = SlotList.parse(
      (
        await t.http
          .get(`/api/workorders/slots?problem=gas_ignition&accountId=${accountId}`)
          .set(t.bearer(token))
          .expect(200)
      ).body,
    );
    // 10:00 in Beijing: today's morning has begun, its afternoon is still open
    expect(slots.days[0]).toEqual({ day: '2026-01-05', parts: [{ part: 'afternoon', left: 1 }] });
    const booked = ResidentWorkOrder.parse(
      (
        await post(token, { problem: 'gas_ignition', accountId, slot: { day: '2026-01-06', part: 'morning' } }).expect(
          201,
        )
      ).body.order,
    );
    expect(booked.slot).toEqual({ day: '2026-01-06', part: 'morning', text: '1月6日 上午 9:00–12:00' });
    // the visit's end: 12:00 in Beijing
    expect((await staffView(booked.id)).due.arrival).toBe('2026-01-06T04:00:00.000Z');

    const again = await t.http
      .get(`/api/workorders/slots?problem=gas_ignition&accountId=${accountId}`)
      .set(t.bearer(token));
    expect(SlotList.parse(again.body).days.find((d) => d.day === '2026-01-06')?.parts).toContainEqual({
      part: 'morning',
      left: 0,
    });
    const other = await t.resident('13700004444');
    const otherAccount = await t.bindAccount(other, 'gas', '西城区', 'xicheng-1');
    const taken = await post(other, {
      problem: 'gas_ignition',
      accountId: otherAccount,
      slot: { day: '2026-01-06', part: 'morning' },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('WO_SLOT_FULL');
    const past = await post(other, {
      problem: 'gas_ignition',
      accountId: otherAccount,
      slot: { day: '2026-01-05', part: 'morning' },
    });
    expect(past.body.error.code).toBe('WO_SLOT_INVALID');
    const slotsForRepair = await t.http
      .get('/api/workorders/slots?problem=gas_stove&district=西城区')
      .set(t.bearer(other));
    expect(slotsForRepair.body.error.code).toBe('WO_SLOT_INVALID');
  });

  it('refuses a burst of reports from one resident with a calm 429, but not a retry of one', async () => {
    const token = await t.resident();
    const body = { problem: 'power_voltage', address: { district: '东城区', detail: '某小区 9 号' } };
    for (let i = 0; i < 4; i++) await post(token, body).expect(201);
    const burst = await post(token, body);
    expect(burst.status).toBe(429);
    expect(burst.body.error).toMatchObject({
      code: 'WO_RATE_LIMITED',
      message: '您的报修已经收到了，请稍等，我们马上安排。',
    });
    const other = await t.resident();
    const first = await post(other, { ...body, clientKey: 'burst-0123456789abcdef' }).expect(201);
    for (let i = 0; i < 5; i++) {
      const retry = await post(other, { ...body, clientKey: 'burst-0123456789abcdef' }).expect(201);
      expect(retry.body.order.id).toBe(first.body.order.id);
    }
  });
});
