import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentHelpDetail, AgentList, ResidentHelp, SupervisorOverview } from '@bianmin/shared';
import { helpTestApp } from './test-helpers';

type T = Awaited<ReturnType<typeof helpTestApp>>;

describe('the workbench: details after the tap, call-back, transfer, reassign, overview', () => {
  let t: T;
  beforeAll(async () => {
    t = await helpTestApp();
  });
  afterAll(() => t.close());

  it('turns a plain request into a danger one when 燃气异味 is added after the tap', async () => {
    const resident = await t.resident();
    const id = await t.createHelp(resident, {});
    const res = await t.http
      .post(`/api/help/${id}/details`)
      .set(t.bearer(resident))
      .send({ category: 'gas_smell', text: '厨房有味道' })
      .expect(200);
    const help = ResidentHelp.parse(res.body);
    expect(help).toMatchObject({ category: 'gas_smell', priority: 'danger', danger: true, text: '厨房有味道' });
    expect(help.emergencyNumbers.length).toBeGreaterThan(0);
    const doc = await t.models.HelpRequest.findById(id).lean();
    expect((doc?.firstResponseDueAt.getTime() ?? 0) - (doc?.createdAt.getTime() ?? 0)).toBe(60_000);
  });

  it('answers a retried tap with the same client key with the request already made, once', async () => {
    const resident = await t.resident();
    const clientKey = 'tap-0123456789abcdef';
    const [first, ...again] = await Promise.all(
      Array.from({ length: 5 }, () => t.http.post('/api/help').set(t.bearer(resident)).send({ clientKey }).expect(201)),
    );
    const id = ResidentHelp.parse(first?.body.help).id;
    for (const res of again) expect(ResidentHelp.parse(res.body.help).id).toBe(id);
    const later = await t.http.post('/api/help').set(t.bearer(resident)).send({ clientKey }).expect(201);
    expect(later.body.help.id).toBe(id);
    expect(
      await t.models.HelpRequest.countDocuments({ userId: { $exists: true }, createKey: { $regex: clientKey } }),
    ).toBe(1);
    // another tap (another key) is another request
    const other = await t.http.post('/api/help').set(t.bearer(resident)).send({ clientKey: 'tap-fedcba9876543210' });
    expect(other.status).toBe(201);
    expect(other.body.help.id).not.toBe(id);
  });

  it('takes a call-back request with the profile phone, or asks for one', async () => {
    const withPhone = await t.resident(undefined, { phone: '13700001234' });
    const id = await t.createHelp(withPhone, {});
    const res = await t.http.post(`/api/help/${id}/callback`).set(t.bearer(withPhone)).send({}).expect(200);
    expect(res.body.callback).toEqual({ requested: true, phone: '13700001234' });
    const without = await t.resident();
    const other = await t.createHelp(without, {});
    const refused = await t.http.post(`/api/help/${other}/callback`).set(t.bearer(without)).send({}).expect(400);
    expect(refused.body.error.code).toBe('HELP_PHONE_REQUIRED');
  });

  it('transfers between agents with a reason, in the audit trail, and keeps others out', async () => {
    const a = await t.agent('transfer-a');
    const b = await t.agent('transfer-b', { presence: 'away' }); // her workbench is open
    const id = await t.createHelp(await t.resident(), { category: 'bill_question' });
    await t.http.post(`/api/agent/help/${id}/claim`).set(t.bearer(a.token)).expect(200);
    const notYours = await t.http
      .post(`/api/agent/help/${id}/messages`)
      .set(t.bearer(b.token))
      .send({ text: '我来' })
      .expect(409);
    expect(notYours.body.error.code).toBe('HELP_NOT_YOURS');
    const moved = AgentHelpDetail.parse(
      (
        await t.http
          .post(`/api/agent/help/${id}/transfer`)
          .set(t.bearer(a.token))
          .send({ toAgentId: b.id, reason: '需要电费专员' })
          .expect(200)
      ).body,
    );
    expect(moved.assignedAgent?.id).toBe(b.id);
    expect(moved.audit.at(-1)).toMatchObject({
      action: 'transfer',
      from: 'transfer-a',
      to: 'transfer-b',
      detail: '需要电费专员',
      actor: { kind: 'agent', id: a.id },
    });
    await t.http.post(`/api/agent/help/${id}/messages`).set(t.bearer(b.token)).send({ text: '我来' }).expect(200);
    const agents = AgentList.parse((await t.http.get('/api/agent/agents').set(t.bearer(a.token)).expect(200)).body);
    expect(agents.items.find((x) => x.id === b.id)?.load).toBe(1);
    expect(agents.items.find((x) => x.id === a.id)?.load).toBe(0);
  });

  it('lets a supervisor reassign and see every open request and agent load', async () => {
    const sup = await t.agent('overview-sup', { role: 'supervisor' });
    const a = await t.agent('reassign-a', { presence: 'away' });
    const b = await t.agent('reassign-b', { presence: 'away' });
    const id = await t.createHelp(await t.resident(), {});
    await t.http
      .post(`/api/agent/help/${id}/reassign`)
      .set(t.bearer(sup.token))
      .send({ toAgentId: a.id, reason: '均衡' })
      .expect(200);
    const again = AgentHelpDetail.parse(
      (
        await t.http
          .post(`/api/agent/help/${id}/reassign`)
          .set(t.bearer(sup.token))
          .send({ toAgentId: b.id, reason: '换人' })
          .expect(200)
      ).body,
    );
    expect(again.assignedAgent?.id).toBe(b.id);
    expect(again.audit.filter((x) => x.action === 'reassign').map((x) => x.actor.kind)).toEqual([
      'supervisor',
      'supervisor',
    ]);
    const overview = SupervisorOverview.parse(
      (await t.http.get('/api/agent/supervisor/overview').set(t.bearer(sup.token)).expect(200)).body,
    );
    expect(overview.open.map((o) => o.id)).toContain(id);
    expect(overview.agents.find((x) => x.id === b.id)?.load).toBe(1);
    expect(overview.agents.find((x) => x.id === a.id)?.load).toBe(0);
  });
});

describe('the supervisor overview on a busy day', () => {
  let t: T;
  beforeAll(async () => {
    t = await helpTestApp();
  });
  afterAll(() => t.close());

  it('counts every open request and lists the first hundred in queue order', async () => {
    const sup = await t.agent('busy-sup', { role: 'supervisor' });
    const residents = await Promise.all(Array.from({ length: 105 }, (_, i) => t.resident(`busy-${i}`)));
    for (const [i, token] of residents.entries()) {
      await t.createHelp(token, i === 104 ? { category: 'gas_smell' } : {});
      t.clock.advance(1000);
    }
    const overview = SupervisorOverview.parse(
      (await t.http.get('/api/agent/supervisor/overview').set(t.bearer(sup.token)).expect(200)).body,
    );
    expect(overview.openTotal).toBe(105);
    expect(overview.counts.waiting).toBe(105);
    expect(overview.open).toHaveLength(100);
    // the danger tap made last is first; the newest plain ones are the ones left out
    expect(overview.open[0]?.category).toBe('gas_smell');
    const times = overview.open.slice(1).map((o) => o.createdAt);
    expect(times).toEqual([...times].sort());
  });
});
