import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentHelpEvent, AgentProfile, AgentQueue, withQueueItem } from '@bianmin/shared';
import { helpTestApp, listen, openStream } from './test-helpers';

type T = Awaited<ReturnType<typeof helpTestApp>>;

/**
 * The workbench applies each live event's queue line instead of reading the queue again
 * (shared/src/queue.ts). Whatever happens to requests, the queue read once and then moved by the
 * events must be the queue read afresh — for the agent who acts and for a colleague watching.
 */
describe('the queue moved by live events', () => {
  let t: T;
  let server: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    t = await helpTestApp({ env: { HELP_EVENTS_POLL_MS: '50', HELP_CREATE_LIMIT_PER_MINUTE: '100' } });
    t.services.help.live.poller.start();
    server = await listen(t.app);
  });
  afterAll(async () => {
    t.services.help.live.poller.stop();
    await server.close();
    await t.close();
  });

  it('equals the queue read afresh after claims, replies, pauses, transfers, call-backs, resolves and cancels', async () => {
    const a = await t.agent('events-a', { presence: 'online' });
    const b = await t.agent('events-b', { presence: 'away' });
    const as = (token: string) => t.bearer(token);
    const read = async (token: string) => {
      const queue = AgentQueue.parse((await t.http.get('/api/agent/queue').set(as(token)).expect(200)).body);
      const me = AgentProfile.parse((await t.http.get('/api/agent/me').set(as(token)).expect(200)).body);
      return { queue, me };
    };
    const viewers = await Promise.all([a, b].map(async (agent) => ({ agent, ...(await read(agent.token)) })));
    const streams = [a, b].map((agent) => openStream(`${server.url}/api/agent/events`, as(agent.token)));
    for (const s of streams) expect(await s.opened).toBe(200);

    const residents = await Promise.all(
      ['甲', '乙', '丙', '丁', '戊'].map((n, i) => t.resident(`events-${i}`, { phone: `1380013800${i}` })),
    );
    const [r0, r1, r2, r3, r4] = residents as [string, string, string, string, string];
    const first = await t.createHelp(r0, { category: 'bill_question' });
    const danger = await t.createHelp(r1, { category: 'gas_smell' });
    const third = await t.createHelp(r2, {});
    const fourth = await t.createHelp(r3, {});
    const fifth = await t.createHelp(r4, {});
    const post = (token: string, path: string, body: object = {}) =>
      t.http
        .post(path)
        .set(as(token))
        .send(body)
        .expect((res) => expect(res.status).toBeLessThan(300));

    await post(a.token, `/api/agent/help/${first}/claim`);
    await post(a.token, `/api/agent/help/${first}/messages`, { text: '您好，我来看看' });
    await post(a.token, `/api/agent/help/${first}/status`, { status: 'waiting_on_resident' });
    await post(a.token, `/api/agent/help/${danger}/claim`);
    await post(a.token, `/api/agent/help/${danger}/transfer`, { toAgentId: b.id, reason: '燃气归她' });
    await post(b.token, `/api/agent/help/${third}/claim`);
    await post(b.token, `/api/agent/help/${third}/resolve`, { summary: '处理好了' });
    await post(r3, `/api/help/${fourth}/callback`);
    await post(r4, `/api/help/${fifth}/cancel`);
    await post(a.token, `/api/agent/help/${first}/status`, { status: 'in_progress' });

    // every change has reached both streams once the last one has
    const lastRev = (await t.models.HelpRequest.findById(first).lean())?.rev ?? -1;
    for (const s of streams) {
      await s.next((e) => e.event === 'help.changed' && AgentHelpEvent.parse(e.data).help.rev === lastRev);
    }
    for (const [i, v] of viewers.entries()) {
      let moved = v.queue;
      for (const e of streams[i]?.events ?? []) {
        if (e.event !== 'help.created' && e.event !== 'help.changed') continue;
        moved = withQueueItem(moved, AgentHelpEvent.parse(e.data).help, v.me, t.clock.now().getTime());
      }
      const fresh = (await read(v.agent.token)).queue;
      const ids = (q: AgentQueue) => ({
        callbacks: q.callbacks.map((x) => x.id),
        waiting: q.waiting.map((x) => x.id),
        mine: q.mine.map((x) => x.id),
      });
      expect(ids(moved), v.agent.id).toEqual(ids(fresh));
      expect({ ...moved, serverTime: '' }).toEqual({ ...fresh, serverTime: '' });
    }
    for (const s of streams) s.close();
  });
});
