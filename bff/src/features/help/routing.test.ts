import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentHelpDetail, AgentQueue, ResidentHelp } from '@bianmin/shared';
import { helpTestApp } from './test-helpers';

type T = Awaited<ReturnType<typeof helpTestApp>>;

/** Closes every open request so each test starts from an empty queue. */
async function clearQueue(t: T) {
  await t.models.HelpRequest.updateMany({}, { $set: { status: 'closed' } });
  await t.models.Agent.updateMany({}, { $set: { presence: 'offline' } });
}

describe('claiming a request', () => {
  let t: T;
  beforeAll(async () => {
    t = await helpTestApp();
  });
  afterAll(() => t.close());

  it('lets exactly one of 20 concurrent claims win; the others get 409 HELP_ALREADY_CLAIMED', async () => {
    const agents = await Promise.all(Array.from({ length: 20 }, (_, i) => t.agent(`racer${i}`)));
    const id = await t.createHelp(await t.resident(), {});
    const results = await Promise.all(
      agents.map((a) => t.http.post(`/api/agent/help/${id}/claim`).set(t.bearer(a.token))),
    );
    const wins = results.filter((r) => r.status === 200);
    const losses = results.filter((r) => r.status === 409);
    expect(wins).toHaveLength(1);
    expect(losses).toHaveLength(19);
    expect(new Set(losses.map((r) => (r.body as { error: { code: string } }).error.code))).toEqual(
      new Set(['HELP_ALREADY_CLAIMED']),
    );
    const winner = AgentHelpDetail.parse(wins[0]?.body).assignedAgent?.id;
    const holders = await t.models.HelpRequest.find({ _id: id }, { assignedAgentId: 1, status: 1 }).lean();
    expect(holders).toEqual([expect.objectContaining({ assignedAgentId: winner, status: 'assigned' })]);
    const audit = AgentHelpDetail.parse(wins[0]?.body).audit.filter((a) => a.action === 'claim');
    expect(audit).toHaveLength(1);
  });
});

describe('routing, call-backs and SLA (manual clock, no sleeping)', () => {
  let t: T;
  beforeAll(async () => {
    t = await helpTestApp({ env: { HELP_GRID_WAIT_SECONDS: '30', HELP_ELDER_CALLBACK_SECONDS: '60' } });
  });
  afterAll(() => t.close());

  it("offers a request tied to an account to the grid's customer manager first, and to the pool after the wait", async () => {
    await clearQueue(t);
    const manager = await t.agent('grid-manager', { grids: ['dongcheng-1'], presence: 'away' });
    const pool = await t.agent('pool-agent', { presence: 'online' });
    const accountId = await t.account('dongcheng-1', '东城区');
    const resident = await t.resident();
    await t.bind(resident, accountId);
    const id = await t.createHelp(resident, { context: { accountId } });

    await t.services.help.tick();
    const poolQueue = AgentQueue.parse(
      (await t.http.get('/api/agent/queue').set(t.bearer(pool.token)).expect(200)).body,
    );
    expect(poolQueue.waiting.map((q) => q.id)).not.toContain(id);
    const early = await t.http.post(`/api/agent/help/${id}/claim`).set(t.bearer(pool.token)).expect(409);
    expect(early.body.error.code).toBe('HELP_RESERVED_FOR_GRID');
    const managerQueue = AgentQueue.parse(
      (await t.http.get('/api/agent/queue').set(t.bearer(manager.token)).expect(200)).body,
    );
    expect(managerQueue.waiting.find((q) => q.id === id)).toMatchObject({
      offeredTo: 'grid',
      gridId: 'dongcheng-1',
      district: '东城区',
    });

    t.clock.advance(31_000);
    await t.services.help.tick();
    const after = AgentHelpDetail.parse(
      (await t.http.get(`/api/agent/help/${id}`).set(t.bearer(pool.token)).expect(200)).body,
    );
    expect(after.offeredTo).toBe('pool');
    expect(after.assignedAgent?.id).toBe(pool.id);
    expect(after.audit.map((a) => a.action)).toEqual(['created', 'offered_to_pool', 'auto_assign']);
  });

  it('auto-assigns to the online grid manager during the grid wait', async () => {
    await clearQueue(t);
    const manager = await t.agent('grid-manager-2', { grids: ['xicheng-1'] });
    const online = await t.http
      .post('/api/agent/presence')
      .set(t.bearer(manager.token))
      .send({ presence: 'online' })
      .expect(200);
    expect(online.body).toMatchObject({ presence: 'online', grids: ['xicheng-1'], load: 0 });
    await t.agent('pool-agent-2', { presence: 'online' });
    const accountId = await t.account('xicheng-1', '西城区');
    const resident = await t.resident();
    await t.bind(resident, accountId);
    const id = await t.createHelp(resident, { context: { accountId } });
    await t.services.help.tick();
    const doc = await t.models.HelpRequest.findById(id).lean();
    expect(doc?.assignedAgentId).toBe(manager.id);
    const me = await t.http.get('/api/agent/me').set(t.bearer(manager.token)).expect(200);
    expect(me.body).toMatchObject({ presence: 'online', load: 1 });
  });

  it('serves danger and elderly requests before normal ones, and respects capacity', async () => {
    await clearQueue(t);
    const normal = await t.createHelp(await t.resident(), { category: 'bill_question' });
    t.clock.advance(1000);
    const elderly = await t.createHelp(await t.resident(undefined, { elderMode: true }), {});
    t.clock.advance(1000);
    const danger = await t.createHelp(await t.resident(), { category: 'gas_smell' });
    const agent = await t.agent('small-capacity', { capacity: 2, presence: 'online' });

    const queue = AgentQueue.parse((await t.http.get('/api/agent/queue').set(t.bearer(agent.token)).expect(200)).body);
    expect(queue.waiting.map((q) => q.id)).toEqual([danger, elderly, normal]);
    expect(queue.waiting.map((q) => q.priority)).toEqual(['danger', 'elderly', 'normal']);

    await t.services.help.tick();
    const mine = AgentQueue.parse(
      (await t.http.get('/api/agent/queue').set(t.bearer(agent.token)).expect(200)).body,
    ).mine;
    expect(mine.map((q) => q.id).sort()).toEqual([danger, elderly].sort());
    expect((await t.models.HelpRequest.findById(normal).lean())?.status).toBe('waiting');
    const full = await t.http.post(`/api/agent/help/${normal}/claim`).set(t.bearer(agent.token)).expect(409);
    expect(full.body.error.code).toBe('HELP_AT_CAPACITY');

    await t.http
      .post(`/api/agent/help/${danger}/resolve`)
      .set(t.bearer(agent.token))
      .send({ summary: '已通知燃气抢修' })
      .expect(200);
    await t.services.help.tick();
    expect((await t.models.HelpRequest.findById(normal).lean())?.assignedAgentId).toBe(agent.id);
  });

  it('shows emergency numbers first for a danger category and puts it at the top priority', async () => {
    const res = await t.http
      .post('/api/help')
      .set(t.bearer(await t.resident()))
      .send({ category: 'gas_smell' })
      .expect(201);
    const help = ResidentHelp.parse(res.body.help);
    expect(help).toMatchObject({ danger: true, priority: 'danger' });
    expect(help.emergencyNumbers.map((n) => n.number)).toEqual(expect.arrayContaining(['119', '110']));
  });

  it("turns an elderly user's unanswered request into a call-back task at the top of the queue after 60 s", async () => {
    await clearQueue(t);
    const agent = await t.agent('callback-agent');
    await t.createHelp(await t.resident(), { category: 'complaint' });
    const elder = await t.resident(undefined, { elderMode: true, phone: '13900001111' });
    const id = await t.createHelp(elder, {});
    t.clock.advance(59_000);
    await t.services.help.tick();
    expect((await t.models.HelpRequest.findById(id).lean())?.callback).toBeNull();
    t.clock.advance(2000);
    await t.services.help.tick();
    const queue = AgentQueue.parse((await t.http.get('/api/agent/queue').set(t.bearer(agent.token)).expect(200)).body);
    expect(queue.callbacks[0]).toMatchObject({ id, callback: { phone: '13900001111', reason: 'timeout' } });
    expect(queue.waiting.map((q) => q.id)).not.toContain(id);
    const own = ResidentHelp.parse((await t.http.get(`/api/help/${id}`).set(t.bearer(elder)).expect(200)).body);
    expect(own.queuePosition).toBe(1);

    await t.http.post(`/api/agent/help/${id}/claim`).set(t.bearer(agent.token)).expect(200);
    const called = AgentHelpDetail.parse(
      (await t.http.post(`/api/agent/help/${id}/call`).set(t.bearer(agent.token)).send({ reached: true }).expect(200))
        .body,
    );
    expect(called).toMatchObject({ callback: null, status: 'in_progress' });
    expect(called.firstResponseAt).not.toBeNull();
  });

  it('escalates to supervisors when the first-response deadline passes, once', async () => {
    await clearQueue(t);
    const supervisor = await t.agent('sup-escalate', { role: 'supervisor' });
    const id = await t.createHelp(await t.resident(), { category: 'bill_question' }); // normal: 300 s
    t.clock.advance(299_000);
    await t.services.help.tick();
    expect(await t.models.HelpEscalation.countDocuments({ helpId: id })).toBe(0);
    t.clock.advance(2000);
    await t.services.help.tick();
    await t.services.help.tick();
    const list = (await t.http.get('/api/agent/escalations').set(t.bearer(supervisor.token)).expect(200)).body as {
      items: Array<{ helpId: string; kind: string }>;
    };
    expect(list.items.filter((e) => e.helpId === id)).toEqual([expect.objectContaining({ kind: 'first_response' })]);
    const events = await t.models.Event.find({ helpId: id, type: 'help.escalated' }).lean();
    expect(events).toHaveLength(1);
  });

  it('pauses the SLA clock while waiting on the resident and restarts it when they answer', async () => {
    await clearQueue(t);
    const agent = await t.agent('pause-agent');
    const resident = await t.resident('pausing-resident');
    const id = await t.createHelp(resident, { category: 'bill_question' }); // resolution 24 h
    await t.http.post(`/api/agent/help/${id}/claim`).set(t.bearer(agent.token)).expect(200);
    await t.http
      .post(`/api/agent/help/${id}/messages`)
      .set(t.bearer(agent.token))
      .send({ text: '请拍一下账单' })
      .expect(200);
    const before = (await t.models.HelpRequest.findById(id).lean())?.resolutionDueAt.getTime() ?? 0;
    await t.http
      .post(`/api/agent/help/${id}/status`)
      .set(t.bearer(agent.token))
      .send({ status: 'waiting_on_resident' })
      .expect(200);

    t.clock.advance(25 * 3600_000); // past the unpaused deadline
    await t.seen(agent.id); // her workbench stayed open: the request stays hers
    await t.services.help.tick();
    expect(await t.models.HelpEscalation.countDocuments({ helpId: id })).toBe(0);

    const again = await t.residentToken('pausing-resident'); // the first login has expired meanwhile
    await t.http.post(`/api/help/${id}/messages`).set(t.bearer(again)).send({ text: '拍好了' }).expect(201);
    const doc = await t.models.HelpRequest.findById(id).lean();
    expect(doc?.status).toBe('in_progress');
    expect(doc?.resolutionDueAt.getTime()).toBe(before + 25 * 3600_000);
    expect(doc?.pausedMs).toBe(25 * 3600_000);

    t.clock.advance(24 * 3600_000);
    await t.seen(agent.id);
    await t.services.help.tick();
    expect(await t.models.HelpEscalation.countDocuments({ helpId: id, kind: 'resolution' })).toBe(1);
  });
});
