import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentHelpEvent, HelpMessageEvent, ResidentHelpStatusEvent } from '@bianmin/shared';
import { helpTestApp, listen, openStream } from './test-helpers';

type T = Awaited<ReturnType<typeof helpTestApp>>;

describe('live help events across two BFF instances sharing one database', () => {
  let a: T;
  let b: T;
  let serverA: Awaited<ReturnType<typeof listen>>;
  let serverB: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    a = await helpTestApp({ env: { HELP_EVENTS_POLL_MS: '50' } });
    b = await helpTestApp({ dbName: a.config.db.name, clock: a.clock, env: { HELP_EVENTS_POLL_MS: '50' } });
    // the real pollers, as the server runs them (no tick, no outbox: not needed here)
    a.services.help.live.poller.start();
    b.services.help.live.poller.start();
    serverA = await listen(a.app);
    serverB = await listen(b.app);
  });
  afterAll(async () => {
    a.services.help.live.poller.stop();
    b.services.help.live.poller.stop();
    await serverA.close();
    await serverB.close();
    await b.close({ keepDatabase: true });
    await a.close();
  });

  it('brings a request created with {} on instance A to an agent streaming from instance B in under a second', async () => {
    const agent = await b.agent('live-agent');
    const stream = openStream(`${serverB.url}/api/agent/events`, b.bearer(agent.token));
    expect(await stream.opened).toBe(200);
    await new Promise<void>((resolve) => setImmediate(resolve));
    const resident = await a.resident();
    const started = performance.now();
    const id = await a.createHelp(resident, {});
    const event = await stream.next(
      (e) => e.event === 'help.created' && AgentHelpEvent.parse(e.data).help.id === id,
      1000,
    );
    const elapsed = performance.now() - started;
    stream.close();
    expect(elapsed).toBeLessThan(1000);
    expect(AgentHelpEvent.parse(event.data).help).toMatchObject({ id, status: 'waiting', priority: 'normal' });
  });

  it('streams a resident only their own request: status and agent messages, never notes', async () => {
    const agent = await a.agent('live-agent-2');
    const owner = await a.resident();
    const other = await a.resident();
    const id = await a.createHelp(owner, {});
    const otherId = await a.createHelp(other, {});
    const stream = openStream(`${serverB.url}/api/help/${id}/events?access_token=${owner}`);
    expect(await stream.opened).toBe(200);
    await a.http.post(`/api/agent/help/${otherId}/claim`).set(a.bearer(agent.token)).expect(200);
    await a.http.post(`/api/agent/help/${id}/claim`).set(a.bearer(agent.token)).expect(200);
    await a.http
      .post(`/api/agent/help/${id}/notes`)
      .set(a.bearer(agent.token))
      .send({ text: '内部：此户常投诉' })
      .expect(200);
    await a.http
      .post(`/api/agent/help/${id}/messages`)
      .set(a.bearer(agent.token))
      .send({ text: '您好，我来帮您' })
      .expect(200);
    const message = await stream.next((e) => e.event === 'help.message');
    expect(HelpMessageEvent.parse(message.data).message).toMatchObject({ from: 'agent', text: '您好，我来帮您' });
    const assigned = await stream.next(
      (e) => e.event === 'help.status' && ResidentHelpStatusEvent.parse(e.data).status === 'assigned',
    );
    expect(ResidentHelpStatusEvent.parse(assigned.data).id).toBe(id);
    stream.close();
    const text = JSON.stringify(stream.events);
    expect(text).not.toContain('内部');
    expect(text).not.toContain(otherId);
    expect(stream.events.every((e) => ['help.status', 'help.message'].includes(e.event))).toBe(true);
  });

  it('resumes after Last-Event-ID with exactly the events missed', async () => {
    const agent = await a.agent('live-agent-3');
    const owner = await a.resident();
    const id = await a.createHelp(owner, {});
    const first = openStream(`${serverA.url}/api/help/${id}/events`, a.bearer(owner));
    await first.opened;
    await a.http.post(`/api/agent/help/${id}/claim`).set(a.bearer(agent.token)).expect(200);
    const seen = await first.next((e) => e.event === 'help.status');
    first.close();
    // while disconnected: two messages
    await a.http.post(`/api/agent/help/${id}/messages`).set(a.bearer(agent.token)).send({ text: '第一条' }).expect(200);
    await a.http.post(`/api/agent/help/${id}/messages`).set(a.bearer(agent.token)).send({ text: '第二条' }).expect(200);
    await a.services.help.live.poller.poll();
    const again = openStream(`${serverA.url}/api/help/${id}/events`, {
      ...a.bearer(owner),
      'Last-Event-ID': String(seen.id),
    });
    await again.next((e) => e.event === 'help.message' && HelpMessageEvent.parse(e.data).message.text === '第二条');
    again.close();
    const texts = again.events
      .filter((e) => e.event === 'help.message')
      .map((e) => HelpMessageEvent.parse(e.data).message.text);
    expect(texts).toEqual(['第一条', '第二条']);
    const ids = again.events.map((e) => Number(e.id));
    expect(ids.every((n) => n > Number(seen.id))).toBe(true);
  });

  it("answers 404 for another resident's stream and 401 without a token", async () => {
    const owner = await a.resident();
    const id = await a.createHelp(owner, {});
    const stranger = await a.resident();
    await a.http.get(`/api/help/${id}/events`).set(a.bearer(stranger)).expect(404);
    await a.http.get(`/api/help/${id}/events`).expect(401);
    await a.http.get(`/api/agent/events?access_token=${owner}`).expect(403);
  });
});
