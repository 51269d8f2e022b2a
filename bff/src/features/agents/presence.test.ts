import { beforeAll, describe, expect, it } from 'vitest';
import {
  AgentHelpDetail,
  AgentProfile,
  ResidentHelp,
  ResidentHelpStatusEvent,
  SupervisorOverview,
} from '@bianmin/shared';
import { openStream, twoInstances, type helpTestApp } from '../help/test-helpers';

type T = Awaited<ReturnType<typeof helpTestApp>>;

// Who is really there (presence.ts), on a manual clock: an agent is given requests only while her
// workbench showed itself (stream or heartbeat) within the window, whatever she once chose.
const env = {
  HELP_PRESENCE_WINDOW_SECONDS: '60',
  HELP_PRESENCE_REFRESH_MS: '40',
  HELP_ABSENT_RETURN_SECONDS: '180',
  HELP_EVENTS_POLL_MS: '50',
};

async function clearQueue(t: T) {
  await t.models.HelpRequest.updateMany({}, { $set: { status: 'closed' } });
  await t.models.Agent.updateMany({}, { $set: { presence: 'offline', lastSeenAt: null } });
}

async function holder(t: T, id: string): Promise<string | null> {
  return (await t.models.HelpRequest.findById(id, { assignedAgentId: 1 }).lean())?.assignedAgentId ?? null;
}

describe('agent presence: a heartbeat or a live stream within the window', () => {
  const two = twoInstances(env);
  let a: T;
  let b: T;
  let serverB: { url: string };
  beforeAll(() => {
    ({ a, b } = two);
    serverB = { url: two.urlB };
  });

  it('gives requests to an agent online by heartbeat, and none once the heartbeat is older than the window', async () => {
    await clearQueue(a);
    const agent = await a.agent('hb-agent');
    await a.http.post('/api/agent/presence').set(a.bearer(agent.token)).send({ presence: 'online' }).expect(200);
    const first = await a.createHelp(await a.resident(), {});
    await a.services.help.tick();
    expect(await holder(a, first)).toBe(agent.id);

    a.clock.advance(50_000);
    await a.http.post('/api/agent/heartbeat').set(a.bearer(agent.token)).expect(200);
    a.clock.advance(50_000); // 50 s after the heartbeat: still there
    const second = await a.createHelp(await a.resident(), {});
    await a.services.help.tick();
    expect(await holder(a, second)).toBe(agent.id);

    a.clock.advance(11_000); // 61 s after the last heartbeat: gone, though she chose 在线 and never left
    const third = await a.createHelp(await a.resident(), {});
    await a.services.help.tick();
    expect(await holder(a, third)).toBeNull();
    const me = AgentProfile.parse((await a.http.get('/api/agent/me').set(a.bearer(agent.token)).expect(200)).body);
    expect(me).toMatchObject({ presence: 'online', connected: false });
  });

  it('keeps an agent present while her stream is open on another instance, and lets it lapse once it closes', async () => {
    await clearQueue(a);
    const agent = await a.agent('stream-agent', { presence: 'online' });
    const stream = openStream(`${serverB.url}/api/agent/events`, b.bearer(agent.token));
    expect(await stream.opened).toBe(200);

    // ten minutes on the clock with no heartbeat: the open stream on B keeps marking her seen
    for (let i = 0; i < 10; i++) {
      a.clock.advance(60_000);
      const now = a.clock.now().getTime();
      await expect
        .poll(async () => (await a.models.Agent.findById(agent.id).lean())?.lastSeenAt?.getTime() ?? 0)
        .toBeGreaterThanOrEqual(now);
    }
    const kept = await a.createHelp(await a.resident(), {});
    await a.services.help.tick(); // instance A assigns: it reads what B's stream wrote
    expect(await holder(a, kept)).toBe(agent.id);

    stream.close();
    await expect.poll(() => b.services.help.presence.holding(agent.id)).toBe(false);
    a.clock.advance(61_000);
    const lapsed = await a.createHelp(await a.resident(), {});
    await a.services.help.tick();
    expect(await holder(a, lapsed)).toBeNull();
  });

  it('never names an absent agent to the resident, and tells her live when the agent comes and goes', async () => {
    await clearQueue(a);
    const agent = await a.agent('named-agent', { presence: 'online' });
    const resident = await a.resident();
    const id = await a.createHelp(resident, {});
    await a.http.post(`/api/agent/help/${id}/claim`).set(a.bearer(agent.token)).expect(200);
    const shown = ResidentHelp.parse((await a.http.get(`/api/help/${id}`).set(a.bearer(resident)).expect(200)).body);
    expect(shown).toMatchObject({ agent: { displayName: 'named-agent' }, agentAway: false });

    const events = openStream(`${serverB.url}/api/help/${id}/events`, b.bearer(resident));
    expect(await events.opened).toBe(200);
    a.clock.advance(61_000);
    const away = ResidentHelp.parse((await a.http.get(`/api/help/${id}`).set(a.bearer(resident)).expect(200)).body);
    expect(away).toMatchObject({ agent: null, agentAway: true, status: 'assigned' });
    expect(JSON.stringify(away)).not.toContain('named-agent');
    await a.services.help.tick(); // notices she went: the resident's page is told at once
    const told = await events.next(
      (e) => e.event === 'help.status' && ResidentHelpStatusEvent.parse(e.data).agentAway === true,
      15_000,
    );
    expect(ResidentHelpStatusEvent.parse(told.data).agent).toBeNull();

    await a.http.post('/api/agent/heartbeat').set(a.bearer(agent.token)).expect(200);
    a.clock.advance(5_000);
    await a.services.help.tick();
    const back = await events.next(
      (e) => e.event === 'help.status' && ResidentHelpStatusEvent.parse(e.data).agent?.displayName === 'named-agent',
      15_000,
    );
    expect(ResidentHelpStatusEvent.parse(back.data).agentAway).toBe(false);
    events.close();
  });

  it('returns the work of an agent gone longer than the grace period to the queue, audited, live, for the supervisor to see', async () => {
    await clearQueue(a);
    const agent = await a.agent('leaving-agent', { presence: 'online' });
    const sup = await a.agent('watching-sup', { role: 'supervisor', presence: 'online' });
    const resident = await a.resident();
    const id = await a.createHelp(resident, {});
    await a.http.post(`/api/agent/help/${id}/claim`).set(a.bearer(agent.token)).expect(200);
    await a.http.post(`/api/agent/help/${id}/messages`).set(a.bearer(agent.token)).send({ text: '您好' }).expect(200);

    a.clock.advance(170_000); // gone, but not for long: still hers
    await a.seen(sup.id);
    await a.services.help.tick();
    expect(await holder(a, id)).toBe(agent.id);

    const watching = openStream(`${serverB.url}/api/agent/events`, b.bearer(sup.token));
    expect(await watching.opened).toBe(200);
    a.clock.advance(11_000); // 181 s since she was last seen
    await a.services.help.tick();
    const doc = await a.models.HelpRequest.findById(id).lean();
    expect(doc).toMatchObject({ status: 'waiting', assignedAgentId: null, offeredTo: 'pool' });
    expect(doc?.audit.at(-1)).toMatchObject({ action: 'returned', from: 'leaving-agent', actorKind: 'system' });
    expect(doc?.messages.at(-1)).toMatchObject({ from: 'system' });

    await watching.next((e) => e.event === 'help.changed' && JSON.stringify(e.data).includes(id), 15_000);
    watching.close();
    const overview = SupervisorOverview.parse(
      (await a.http.get('/api/agent/supervisor/overview').set(a.bearer(sup.token)).expect(200)).body,
    );
    expect(overview.open.find((o) => o.id === id)).toMatchObject({
      status: 'waiting',
      assignedAgent: null,
      returnedFrom: { displayName: 'leaving-agent' },
    });
    expect(overview.agents.find((x) => x.id === agent.id)).toMatchObject({ connected: false, load: 0 });
    const resident2 = ResidentHelp.parse(
      (await a.http.get(`/api/help/${id}`).set(a.bearer(resident)).expect(200)).body,
    );
    expect(resident2).toMatchObject({ status: 'waiting', agent: null, agentAway: false });
  });

  it('offers a request to its grid only while a manager of that grid is connected', async () => {
    await clearQueue(a);
    const manager = await a.agent('grid-absent', { grids: ['chaoyang-9'] });
    const accountId = await a.account('chaoyang-9', '朝阳区');
    const resident = await a.resident();
    await a.bind(resident, accountId); // her own account: a request may name only hers
    const absent = await a.createHelp(resident, { context: { accountId } });
    expect((await a.models.HelpRequest.findById(absent).lean())?.offeredTo).toBe('pool');

    await a.seen(manager.id);
    const offered = await a.createHelp(resident, { context: { accountId } });
    expect((await a.models.HelpRequest.findById(offered).lean())?.offeredTo).toBe('grid');
    a.clock.advance(61_000); // she went away before the grid wait ran out: everyone gets it now
    await a.services.help.tick();
    expect((await a.models.HelpRequest.findById(offered).lean())?.offeredTo).toBe('pool');
  });

  it('refuses to transfer or reassign to a colleague whose workbench is not open', async () => {
    await clearQueue(a);
    const from = await a.agent('transfer-from', { presence: 'online' });
    const gone = await a.agent('transfer-gone');
    const sup = await a.agent('transfer-sup', { role: 'supervisor', presence: 'online' });
    const id = await a.createHelp(await a.resident(), {});
    await a.http.post(`/api/agent/help/${id}/claim`).set(a.bearer(from.token)).expect(200);
    const body = { toAgentId: gone.id, reason: '换人' };
    const refused = await a.http.post(`/api/agent/help/${id}/transfer`).set(a.bearer(from.token)).send(body);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('HELP_AGENT_UNAVAILABLE');
    await a.http.post(`/api/agent/help/${id}/reassign`).set(a.bearer(sup.token)).send(body).expect(409);
    await a.seen(gone.id);
    const moved = AgentHelpDetail.parse(
      (await a.http.post(`/api/agent/help/${id}/transfer`).set(a.bearer(from.token)).send(body).expect(200)).body,
    );
    expect(moved.assignedAgent?.id).toBe(gone.id);
  });
});
