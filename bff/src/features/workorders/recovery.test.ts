import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stepId, RECOVER_AFTER_MS } from './core';
import type { WorkOrderStepRecord } from './model';
import { woTestApp, type WoTestApp } from './test-helpers';

const WEBHOOK = { HELP_WEBHOOK_URL: 'http://127.0.0.1:9/hook', HELP_WEBHOOK_SECRET: 'webhook-secret' };

/**
 * A writer that stopped half-way (killed, connection lost): after taking a step (its insert) and
 * before applying or publishing it. The next writer finishes the step before its own; the tick
 * applies and publishes it 15 s later, under the same stable ids, once.
 */
describe('steps a writer left half-way', () => {
  let t: WoTestApp;
  let members: Array<Awaited<ReturnType<WoTestApp['member']>>>;
  let resident: string;
  let accountId: string;

  beforeAll(async () => {
    t = await woTestApp({ env: WEBHOOK });
    const unitId = await t.unit('东城供电所', 'power', '东城区', ['dongcheng-1']);
    members = [
      await t.member(unitId, 'rec-field01', 'field', '张建国', '13812345678'),
      await t.member(unitId, 'rec-field02', 'field', '李文', '13812340000'),
    ];
    resident = await t.resident();
    accountId = await t.bindAccount(resident, 'power', '东城区', 'dongcheng-1');
  });
  afterAll(() => t.close());

  /** The 接单 step of member 0, taken and left there: what a crashed writer leaves. */
  async function leaveAccepted(orderId: string, apply: boolean): Promise<WorkOrderStepRecord> {
    const order = await t.models.WorkOrder.findById(orderId).lean();
    const m = members[0];
    const step: WorkOrderStepRecord = {
      _id: stepId(orderId, order?.n ?? 0),
      orderId,
      n: order?.n ?? 0,
      at: t.clock.now(),
      action: 'accepted',
      actorKind: 'field',
      actorId: m?.id ?? null,
      actorName: m?.name ?? null,
      from: order?.status ?? null,
      to: 'accepted',
      fromUnitId: order?.unitId ?? null,
      toUnitId: order?.unitId ?? null,
      detail: { memberId: m?.id, memberName: m?.name, memberPhone: '13812345678' },
      set: {
        status: 'accepted',
        assigneeId: m?.id,
        assigneeName: m?.name,
        assigneePhone: '13812345678',
        acceptedAt: t.clock.now(),
      },
      published: false,
    };
    await t.models.WorkOrderStep.create(step);
    if (apply) await t.services.workorders.core.apply(step);
    return step;
  }

  const published = async (orderId: string, n: number) => ({
    events: await t.models.Event.countDocuments({ key: `wo:${orderId}:${n}` }),
    webhook: await t.models.Outbox.countDocuments({ _id: `workorder-${orderId}-${n}` }),
  });

  it('lets the next writer finish a step taken but not applied before planning its own', async () => {
    const id = await t.report(resident, { problem: 'power_voltage', accountId });
    const step = await leaveAccepted(id, false);
    expect((await t.models.WorkOrder.findById(id).lean())?.status).toBe('dispatched');
    const late = await t.http.post(`/api/field/orders/${id}/accept`).set(t.bearer(members[1]?.token ?? ''));
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('WO_ALREADY_TAKEN');
    const order = await t.models.WorkOrder.findById(id).lean();
    expect(order).toMatchObject({ status: 'accepted', assigneeId: members[0]?.id, n: step.n + 1 });
  });

  it('has the tick apply and publish a step left unpublished, after 15 s, once', async () => {
    const id = await t.report(resident, { problem: 'power_voltage', accountId });
    const step = await leaveAccepted(id, false);
    await t.tick();
    expect(await published(id, step.n)).toEqual({ events: 0, webhook: 0 });
    t.clock.advance(RECOVER_AFTER_MS);
    await t.tick();
    expect(await published(id, step.n)).toEqual({ events: 1, webhook: 1 });
    expect((await t.models.WorkOrder.findById(id).lean())?.status).toBe('accepted');
    expect((await t.models.WorkOrderStep.findById(step._id).lean())?.published).toBe(true);
    t.clock.advance(RECOVER_AFTER_MS);
    await t.tick();
    expect(await published(id, step.n)).toEqual({ events: 1, webhook: 1 });
    // the resident's timeline shows it
    const res = await t.http.get(`/api/workorders/${id}`).set(t.bearer(resident)).expect(200);
    expect(res.body.timeline.at(-1).text).toBe('张师傅已接单（电话 138****5678）');
  });

  it('publishes a step applied but not published, without a second event when it was half sent', async () => {
    const id = await t.report(resident, { problem: 'power_voltage', accountId });
    const step = await leaveAccepted(id, true);
    // its live event went out before the writer stopped; the webhook message did not
    await t.models.Event.create({
      _id: 9_000_000 + step.n,
      seq: 9_000_000 + step.n,
      type: 'workorder.changed',
      key: `wo:${id}:${step.n}`,
      at: t.clock.now(),
    });
    t.clock.advance(RECOVER_AFTER_MS);
    await t.tick();
    expect(await published(id, step.n)).toEqual({ events: 1, webhook: 1 });
  });
});
