import { describe, expect, it, vi } from 'vitest';
import { memoryKeyValueStorage } from '../test/fake-bff';
import { createApiClient, type HttpRequest, type HttpResponse } from './client';
import { createNetwork, type NetworkSource } from './network';
import { createOutbox, KEEP_FOR_MS, type Outcome } from './outbox';

const HELP_ID = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const TAP = 'tap-0000000000000001';
const MSG = 'msg-0000000000000001';

/** A network the test switches on and off, as the browser's online/offline events do. */
function switchableNetwork(initial = true) {
  let online = initial;
  const listeners = new Set<(online: boolean) => void>();
  const source: NetworkSource = {
    initial: () => online,
    listen(onChange) {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
  };
  return {
    network: createNetwork(source),
    set(next: boolean) {
      online = next;
      for (const l of [...listeners]) l(next);
    },
  };
}

/**
 * A BFF behind the transport that answers like the real one for the kept requests: a repeated tap
 * key or message key is answered with what the first made. `reachable` false: no answer at all.
 */
function fakeBff() {
  const state = {
    reachable: true,
    made: 0,
    messages: [] as Array<{ id: string; text: string; clientKey: string }>,
    calls: [] as HttpRequest[],
    refuse: null as null | { statusCode: number; code: string },
  };
  const transport = vi.fn((request: HttpRequest): Promise<HttpResponse> => {
    state.calls.push(request);
    if (!state.reachable) return Promise.reject(new Error('request:fail'));
    if (state.refuse) {
      const { statusCode, code } = state.refuse;
      return Promise.resolve({ statusCode, data: { error: { code, message: '这条求助已经结束了。' } } });
    }
    const path = request.url.replace(/^https?:\/\/[^/]+/, '');
    if (path === '/api/help') {
      if (state.made === 0) state.made = 1;
      return Promise.resolve({ statusCode: 201, data: { help: { id: HELP_ID } } });
    }
    if (path === `/api/help/${HELP_ID}/messages`) {
      const body = request.data as { text: string; clientKey: string };
      let message = state.messages.find((m) => m.clientKey === body.clientKey);
      if (!message) {
        message = { id: `m${state.messages.length + 1}`, ...body };
        state.messages.push(message);
      }
      return Promise.resolve({ statusCode: 201, data: { message } });
    }
    return Promise.resolve({ statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '没有找到。' } } });
  });
  const api = createApiClient({
    baseUrl: 'http://bff.test',
    transport,
    auth: { token: () => 'token', renew: () => Promise.resolve('token') },
  });
  return { api, state };
}

function setup(
  options: { online?: boolean; storage?: ReturnType<typeof memoryKeyValueStorage>; now?: () => number } = {},
) {
  const net = switchableNetwork(options.online ?? true);
  const bff = fakeBff();
  const storage = options.storage ?? memoryKeyValueStorage();
  const outbox = createOutbox({
    api: bff.api,
    storage,
    network: net.network,
    ...(options.now ? { now: options.now } : {}),
  });
  const heard: Outcome[] = [];
  outbox.subscribe((o) => heard.push(o));
  return { outbox, net, bff, storage, heard };
}

const tap = { id: TAP, name: 'createHelp', body: { clientKey: TAP } } as const;
const message = {
  id: MSG,
  name: 'sendHelpMessage',
  afterTap: TAP,
  body: { text: '网络断了写的', clientKey: MSG },
} as const;

describe('outbox', () => {
  it('keeps a tap made without network, and sends it by itself, once, when the network returns', async () => {
    const { outbox, net, bff, heard } = setup({ online: false });
    const stop = outbox.start();
    bff.state.reachable = false;
    const first = await outbox.send(tap);
    expect(first).toMatchObject({ state: 'kept', offline: true });
    expect(outbox.pending().map((r) => r.id)).toEqual([TAP]);

    bff.state.reachable = true;
    net.set(true);
    await vi.waitFor(() => expect(heard.map((o) => o.state)).toEqual(['sent']));
    expect(outbox.pending()).toEqual([]);
    expect(outbox.tapResult(TAP)).toBe(HELP_ID);
    // every attempt carried the tap's one key
    const keys = bff.state.calls.map((c) => (c.data as { clientKey: string }).clientKey);
    expect(new Set(keys)).toEqual(new Set([TAP]));
    stop();
  });

  it('sends a message written before its tap went out after the tap, to the request the tap made, once', async () => {
    const { outbox, bff, heard } = setup();
    bff.state.reachable = false;
    await outbox.send(tap);
    const kept = await outbox.send(message);
    expect(kept.state).toBe('kept');
    // sent twice (a second flush racing the first, a reload): posted once
    bff.state.reachable = true;
    await Promise.all([outbox.flush(), outbox.flush()]);
    await outbox.flush();
    expect(heard.map((o) => [o.request.name, o.state])).toEqual([
      ['createHelp', 'sent'],
      ['sendHelpMessage', 'sent'],
    ]);
    const posts = bff.state.calls.filter((c) => c.url.endsWith(`/api/help/${HELP_ID}/messages`));
    expect(posts.length).toBeGreaterThanOrEqual(1);
    expect(bff.state.messages).toEqual([{ id: 'm1', text: '网络断了写的', clientKey: MSG }]);
  });

  it('keeps what it could not send across a reload (a new outbox on the same storage)', async () => {
    const storage = memoryKeyValueStorage();
    const before = setup({ storage, online: false });
    before.bff.state.reachable = false;
    await before.outbox.send(tap);
    await before.outbox.send(message);

    const after = setup({ storage, online: true });
    const stop = after.outbox.start();
    await vi.waitFor(() => expect(after.heard.map((o) => o.request.id)).toEqual([TAP, MSG]));
    expect(after.bff.state.messages).toHaveLength(1);
    expect(after.outbox.pending()).toEqual([]);
    stop();
  });

  it('drops a request the BFF refuses, telling listeners why, and keeps none that waited for it', async () => {
    const { outbox, bff, heard } = setup();
    bff.state.reachable = false;
    await outbox.send(tap);
    await outbox.send(message);
    bff.state.reachable = true;
    bff.state.refuse = { statusCode: 429, code: 'HELP_RATE_LIMITED' };
    await outbox.flush();
    expect(heard.map((o) => [o.request.name, o.state])).toEqual([
      ['createHelp', 'refused'],
      ['sendHelpMessage', 'refused'],
    ]);
    expect(outbox.pending()).toEqual([]);
  });

  it('keeps a message refused for being sent too fast, and sends it once the BFF takes it', async () => {
    const { outbox, bff, heard } = setup();
    await outbox.send(tap);
    bff.state.refuse = { statusCode: 429, code: 'HELP_MESSAGE_RATE_LIMITED' };
    await outbox.send(message);
    expect(outbox.pending().map((r) => r.id)).toEqual([MSG]);
    expect(heard.filter((o) => o.state === 'refused')).toEqual([]);
    bff.state.refuse = null;
    await outbox.flush();
    expect(bff.state.messages.map((m) => m.clientKey)).toEqual([MSG]);
    expect(outbox.pending()).toEqual([]);
  });

  it('drops a tap taken back before it went out, with the messages waiting for it', async () => {
    const { outbox, bff } = setup({ online: false });
    bff.state.reachable = false;
    await outbox.send(tap);
    await outbox.send(message);
    expect(outbox.drop(TAP)).toBe(true);
    expect(outbox.pending()).toEqual([]);
    bff.state.reachable = true;
    await outbox.flush();
    expect(bff.state.made).toBe(0);
    expect(outbox.drop(TAP)).toBe(false);
  });

  it('forgets what was kept longer than a day', async () => {
    let now = 1_000_000;
    const storage = memoryKeyValueStorage();
    const before = setup({ storage, online: false, now: () => now });
    before.bff.state.reachable = false;
    await before.outbox.send(tap);
    now += KEEP_FOR_MS + 1;
    const after = setup({ storage, now: () => now });
    expect(after.outbox.pending()).toEqual([]);
    await after.outbox.flush();
    expect(after.bff.state.calls).toEqual([]);
  });
});
