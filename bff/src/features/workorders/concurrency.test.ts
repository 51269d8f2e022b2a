import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { woTestApp, type WoTestApp } from './test-helpers';

/**
 * Exactly once on FerretDB, whose guarded updates are not atomic under concurrency: members of a
 * unit pressing 接单 at once through two BFF instances, a step pressed many times at once, a
 * report sent again with its client key. Each leaves one step, and everyone gets a clear answer.
 */
describe('work orders under concurrent presses, across two instances', () => {
  let a: WoTestApp;
  let b: WoTestApp;
  let unitId: string;
  let members: Array<Awaited<ReturnType<WoTestApp['member']>>>;
  let resident: string;
  let accountId: string;

  beforeAll(async () => {
    a = await woTestApp();
    b = await woTestApp({ dbName: a.config.db.name, clock: a.clock });
    unitId = await a.unit('东城供电所', 'power', '东城区', ['dongcheng-1']);
    members = [];
    for (let i = 0; i < 6; i++)
      members.push(await a.member(unitId, `race-field0${i}`, 'field', `成员${i}`, `1381234000${i}`));
    resident = await a.resident();
    accountId = await a.bindAccount(resident, 'power', '东城区', 'dongcheng-1');
  });
  afterAll(async () => {
    await b.close({ keepDatabase: true });
    await a.close();
  });

  const steps = (orderId: string, action: 'accepted' | 'arrived' | 'created' | 'dispatched') =>
    a.models.WorkOrderStep.countDocuments({ orderId, action });

  it('gives an order to exactly one of six members pressing 接单 at once on two instances', async () => {
    for (let round = 0; round < 3; round++) {
      const id = await a.report(resident, { problem: 'power_voltage', accountId });
      const answers = await Promise.all(
        members.map((m, i) => (i % 2 === 0 ? a : b).http.post(`/api/field/orders/${id}/accept`).set(a.bearer(m.token))),
      );
      const won = answers.filter((r) => r.status === 200);
      expect(won).toHaveLength(1);
      for (const r of answers.filter((x) => x.status !== 200)) {
        expect(r.status).toBe(409);
        expect((r.body as { error: { code: string } }).error.code).toBe('WO_ALREADY_TAKEN');
      }
      expect(await steps(id, 'accepted')).toBe(1);
      const order = await a.models.WorkOrder.findById(id).lean();
      expect(order?.assigneeId).toBe((won[0]?.body as { assignee: { id: string } }).assignee.id);
    }
  });

  it('records a step pressed eight times at once (a shaky hand, a retry) once, answering each press', async () => {
    const id = await a.report(resident, { problem: 'power_voltage', accountId });
    const m = members[0];
    await a.http
      .post(`/api/field/orders/${id}/accept`)
      .set(a.bearer(m?.token ?? ''))
      .expect(200);
    const presses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 === 0 ? a : b).http
          .post(`/api/field/orders/${id}/progress`)
          .set(a.bearer(m?.token ?? ''))
          .send({ step: 'arrived' }),
      ),
    );
    expect(presses.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(await steps(id, 'arrived')).toBe(1);
    const all = await a.models.WorkOrderStep.find({ orderId: id }).sort({ n: 1 }).lean();
    expect(all.map((s) => s.n)).toEqual(all.map((_, i) => i));
    expect((await a.models.WorkOrder.findById(id).lean())?.n).toBe(all.length);
  });

  it('answers a report sent five times at once with the same client key with one order', async () => {
    const clientKey = 'report-0123456789abcdef';
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        (i % 2 === 0 ? a : b).http
          .post('/api/workorders')
          .set(a.bearer(resident))
          .send({ clientKey, problem: 'power_meter', accountId }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(5).fill(201));
    const ids = new Set(answers.map((r) => (r.body as { order: { id: string } }).order.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    expect(await steps(id ?? '', 'created')).toBe(1);
    expect(await steps(id ?? '', 'dispatched')).toBe(1);
  });
});
