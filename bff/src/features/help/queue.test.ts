import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentQueue, HelpList, ResidentHelp } from '@bianmin/shared';
import { helpTestApp } from './test-helpers';

type T = Awaited<ReturnType<typeof helpTestApp>>;

// Queue honesty (issue 12.6): what a waiting resident is told comes from the queue agents are
// served from. Several residents wait at different ranks, some made in the same millisecond;
// each one's position is exactly her place in the agents' queue, on every answer that names a
// position, and no wait is made up while nobody is there to take requests.

interface Waiting {
  token: string;
  id: string;
}

describe('queue position and expected wait', () => {
  let t: T;
  let waiting: Waiting[];
  let agent: Awaited<ReturnType<T['agent']>>;

  beforeAll(async () => {
    t = await helpTestApp({ env: { HELP_SECONDS_PER_QUEUE_POSITION: '60', HELP_CREATE_LIMIT_PER_MINUTE: '100' } });
    agent = await t.agent('queue-agent');
    const specs: Array<{ profile?: { elderMode?: boolean; phone?: string }; body: object; advance: number }> = [
      { body: { category: 'bill_question' }, advance: 0 },
      { body: {}, advance: 0 }, // same millisecond as the first: one order still
      { profile: { elderMode: true }, body: {}, advance: 1000 },
      { body: { category: 'complaint' }, advance: 0 },
      { body: { category: 'gas_smell' }, advance: 1000 },
      { body: { callbackPhone: '13700001111' }, advance: 1000 },
      { body: {}, advance: 1000 },
      { profile: { elderMode: true }, body: {}, advance: 0 },
    ];
    waiting = [];
    for (const spec of specs) {
      t.clock.advance(spec.advance);
      const token = await t.resident(undefined, spec.profile ?? {});
      waiting.push({ token, id: await t.createHelp(token, spec.body) });
    }
  });
  afterAll(() => t.close());

  /** The waiting requests in the order the agents' queue shows them: call-backs first, then the rest. */
  async function agentsOrder(): Promise<string[]> {
    const queue = AgentQueue.parse((await t.http.get('/api/agent/queue').set(t.bearer(agent.token)).expect(200)).body);
    return [...queue.callbacks, ...queue.waiting].filter((q) => q.status === 'waiting').map((q) => q.id);
  }

  /** What each resident is told, by every answer that names her place. */
  async function told(w: Waiting) {
    const own = ResidentHelp.parse((await t.http.get(`/api/help/${w.id}`).set(t.bearer(w.token)).expect(200)).body);
    const list = HelpList.parse((await t.http.get('/api/help').set(t.bearer(w.token)).expect(200)).body);
    const item = list.items.find((i) => i.id === w.id);
    return { own, item };
  }

  it('tells each resident her place in the agents’ queue and, with nobody there, no wait at all', async () => {
    const order = await agentsOrder();
    expect(order).toHaveLength(waiting.length);
    for (const w of waiting) {
      const { own, item } = await told(w);
      const place = order.indexOf(w.id) + 1;
      expect(own.queuePosition).toBe(place);
      expect(item?.queuePosition).toBe(place);
      expect(own.expectedWaitSeconds).toBeNull();
      expect(item?.expectedWaitSeconds).toBeNull();
      expect(own.agentsOnline).toBe(0);
    }
    expect(new Set(waiting.map((w) => order.indexOf(w.id))).size).toBe(waiting.length);
  });

  it('gives the wait from the requests ahead and the agents really there', async () => {
    const online = [await t.agent('queue-online-1'), await t.agent('queue-online-2')];
    for (const a of online) {
      await t.http.post('/api/agent/presence').set(t.bearer(a.token)).send({ presence: 'online' }).expect(200);
    }
    // an agent who is away does not count
    const away = await t.agent('queue-away');
    await t.http.post('/api/agent/presence').set(t.bearer(away.token)).send({ presence: 'away' }).expect(200);
    const order = await agentsOrder();
    for (const w of waiting) {
      const { own, item } = await told(w);
      const place = order.indexOf(w.id) + 1;
      expect(own.queuePosition).toBe(place);
      expect(own.agentsOnline).toBe(2);
      expect(own.expectedWaitSeconds).toBe(Math.ceil((place * 60) / 2));
      expect(item?.expectedWaitSeconds).toBe(Math.ceil((place * 60) / 2));
    }
  });

  it('moves everyone behind up when a request ahead is claimed, and gives the claimed one no place', async () => {
    const [firstId] = await agentsOrder();
    await t.http.post(`/api/agent/help/${firstId}/claim`).set(t.bearer(agent.token)).expect(200);
    const order = await agentsOrder();
    expect(order).not.toContain(firstId);
    for (const w of waiting) {
      const { own } = await told(w);
      if (w.id === firstId) {
        expect(own).toMatchObject({ queuePosition: null, expectedWaitSeconds: null, agentsOnline: null });
      } else {
        expect(own.queuePosition).toBe(order.indexOf(w.id) + 1);
      }
    }
  });
});
