import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AgentHelpDetail,
  AgentHelpEvent,
  AgentQueue,
  HelpMessageEvent,
  ResidentHelp,
  ResidentHelpStatusEvent,
} from '@bianmin/shared';
import { helpTestApp, listen, openStream } from './test-helpers';

type T = Awaited<ReturnType<typeof helpTestApp>>;

// The resident off the happy path: she takes back a request made by mistake (issue 12.5), and a
// message kept while offline is sent again, maybe more than once, and posted once (issue 12.4).

describe('POST /api/help/:id/cancel', () => {
  let t: T;
  let server: Awaited<ReturnType<typeof listen>>;
  let agent: Awaited<ReturnType<T['agent']>>;

  beforeAll(async () => {
    t = await helpTestApp({ env: { HELP_EVENTS_POLL_MS: '50', HELP_CREATE_LIMIT_PER_MINUTE: '100' } });
    t.services.help.live.poller.start();
    server = await listen(t.app);
    agent = await t.agent('cancel-agent');
  });
  afterAll(async () => {
    t.services.help.live.poller.stop();
    await server.close();
    await t.close();
  });

  const queueIds = async () => {
    const q = AgentQueue.parse((await t.http.get('/api/agent/queue').set(t.bearer(agent.token)).expect(200)).body);
    return [...q.callbacks, ...q.waiting, ...q.mine].map((i) => i.id);
  };

  it('takes back a waiting request nobody has answered: closed, out of the queue, told live to agents', async () => {
    const owner = await t.resident();
    const id = await t.createHelp(owner, { callbackPhone: '13700002222' });
    const before = ResidentHelp.parse((await t.http.get(`/api/help/${id}`).set(t.bearer(owner)).expect(200)).body);
    expect(before.cancellable).toBe(true);
    expect(await queueIds()).toContain(id);

    const staff = openStream(`${server.url}/api/agent/events`, t.bearer(agent.token));
    const mine = openStream(`${server.url}/api/help/${id}/events`, t.bearer(owner));
    expect(await staff.opened).toBe(200);
    expect(await mine.opened).toBe(200);

    const res = await t.http.post(`/api/help/${id}/cancel`).set(t.bearer(owner)).expect(200);
    const cancelled = ResidentHelp.parse(res.body);
    expect(cancelled).toMatchObject({ status: 'closed', cancellable: false, queuePosition: null });
    expect(cancelled.cancelledAt).toBe(t.clock.now().toISOString());

    const left = await staff.next((e) => e.event === 'help.changed' && AgentHelpEvent.parse(e.data).help.id === id);
    expect(AgentHelpEvent.parse(left.data).help).toMatchObject({ status: 'closed', callback: null });
    const told = await mine.next(
      (e) => e.event === 'help.status' && ResidentHelpStatusEvent.parse(e.data).status === 'closed',
    );
    expect(ResidentHelpStatusEvent.parse(told.data).cancellable).toBe(false);
    staff.close();
    mine.close();

    expect(await queueIds()).not.toContain(id);
    const doc = await t.models.HelpRequest.findById(id).lean();
    expect(doc?.audit.map((a) => a.action)).toEqual(['created', 'cancelled']);
    expect(doc).toMatchObject({ resolvedAt: null, surveyAskedAt: null });
    // the background work leaves it alone: never assigned, never turned into a call-back
    await t.agent('cancel-online', { presence: 'online' });
    t.clock.advance(120_000);
    await t.services.help.tick();
    expect(await t.models.HelpRequest.findById(id).lean()).toMatchObject({ status: 'closed', assignedAgentId: null });
  });

  it('answers a second cancel with the request as it is (a kept tap sent twice)', async () => {
    const owner = await t.resident();
    const id = await t.createHelp(owner, {});
    const first = await t.http.post(`/api/help/${id}/cancel`).set(t.bearer(owner)).expect(200);
    const again = await t.http.post(`/api/help/${id}/cancel`).set(t.bearer(owner)).expect(200);
    expect(again.body.cancelledAt).toBe(first.body.cancelledAt);
  });

  it('answers 404 to another resident and leaves the request waiting', async () => {
    const owner = await t.resident();
    const stranger = await t.resident();
    const id = await t.createHelp(owner, {});
    await t.http.post(`/api/help/${id}/cancel`).set(t.bearer(stranger)).expect(404);
    await t.http.post('/api/help/aaaaaaaaaaaaaaaaaaaaaaaa/cancel').set(t.bearer(stranger)).expect(404);
    expect(await t.models.HelpRequest.findById(id).lean()).toMatchObject({ status: 'waiting', cancelledAt: null });
  });

  it('refuses in Chinese once an agent has it, and once an agent has written', async () => {
    const owner = await t.resident();
    const id = await t.createHelp(owner, {});
    await t.http.post(`/api/agent/help/${id}/claim`).set(t.bearer(agent.token)).expect(200);
    const claimed = await t.http.post(`/api/help/${id}/cancel`).set(t.bearer(owner)).expect(409);
    expect(claimed.body.error.code).toBe('HELP_TOO_LATE_TO_CANCEL');
    expect(claimed.body.error.message).toMatch(/客服已经在处理/);
    expect((await t.http.get(`/api/help/${id}`).set(t.bearer(owner)).expect(200)).body.cancellable).toBe(false);

    // back in the queue after an agent wrote (work returned by the workbench): still too late
    await t.http.post(`/api/agent/help/${id}/messages`).set(t.bearer(agent.token)).send({ text: '您好' }).expect(200);
    await t.models.HelpRequest.updateOne({ _id: id }, { $set: { status: 'waiting', assignedAgentId: null } });
    const answered = await t.http.post(`/api/help/${id}/cancel`).set(t.bearer(owner)).expect(409);
    expect(answered.body.error.code).toBe('HELP_TOO_LATE_TO_CANCEL');
    expect((await t.http.get(`/api/help/${id}`).set(t.bearer(owner)).expect(200)).body.cancellable).toBe(false);
  });

  it('takes no message on a request taken back', async () => {
    const owner = await t.resident();
    const id = await t.createHelp(owner, {});
    await t.http.post(`/api/help/${id}/cancel`).set(t.bearer(owner)).expect(200);
    const refused = await t.http
      .post(`/api/help/${id}/messages`)
      .set(t.bearer(owner))
      .send({ text: '还在吗' })
      .expect(409);
    expect(refused.body.error.code).toBe('HELP_CLOSED');
  });
});

describe('POST /api/help/:id/messages with a client key', () => {
  let t: T;
  let server: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    t = await helpTestApp({ env: { HELP_EVENTS_POLL_MS: '50' } });
    t.services.help.live.poller.start();
    server = await listen(t.app);
  });
  afterAll(async () => {
    t.services.help.live.poller.stop();
    await server.close();
    await t.close();
  });

  it('posts a message sent again with its key once, one after the other or all at once', async () => {
    const agent = await t.agent('message-agent');
    const owner = await t.resident();
    const id = await t.createHelp(owner, {});
    const staff = openStream(`${server.url}/api/agent/events`, t.bearer(agent.token));
    expect(await staff.opened).toBe(200);
    const send = (text: string, clientKey: string) =>
      t.http.post(`/api/help/${id}/messages`).set(t.bearer(owner)).send({ text, clientKey });

    const first = await send('网络断了的时候写的', 'msg-key-0000000001').expect(201);
    const again = await send('网络断了的时候写的', 'msg-key-0000000001').expect(201);
    expect(again.body.message.id).toBe(first.body.message.id);
    expect(first.body.message.clientKey).toBe('msg-key-0000000001');

    const together = await Promise.all(Array.from({ length: 5 }, () => send('一起发出的', 'msg-key-0000000002')));
    expect(together.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(together.map((r) => String(r.body.message.id))).size).toBe(1);
    // another key is another message, even with the same words
    await send('网络断了的时候写的', 'msg-key-0000000003').expect(201);

    const doc = await t.models.HelpRequest.findById(id).lean();
    expect(doc?.messages.map((m) => m.text)).toEqual(['网络断了的时候写的', '一起发出的', '网络断了的时候写的']);
    await staff.next(
      (e) => e.event === 'help.message' && HelpMessageEvent.parse(e.data).message.clientKey === 'msg-key-0000000003',
    );
    staff.close();
    const streamed = staff.events
      .filter((e) => e.event === 'help.message')
      .map((e) => HelpMessageEvent.parse(e.data).message.text);
    expect(streamed).toEqual(['网络断了的时候写的', '一起发出的', '网络断了的时候写的']);
  });
});

describe('limits on resident messages', () => {
  let t: T;
  beforeAll(async () => {
    t = await helpTestApp({
      env: { HELP_CREATE_LIMIT_PER_MINUTE: '100', HELP_MESSAGE_LIMIT_PER_MINUTE: '3', HELP_MESSAGES_PER_REQUEST: '4' },
    });
  });
  afterAll(() => t.close());

  it('takes so many messages a minute from one resident, a retry uncounted, and again the next minute', async () => {
    const owner = await t.resident();
    const id = await t.createHelp(owner, {});
    const send = (n: number) =>
      t.http
        .post(`/api/help/${id}/messages`)
        .set(t.bearer(owner))
        .send({ text: `第${n}条`, clientKey: `limit-key-${String(n).padStart(8, '0')}` });
    for (const n of [1, 2, 3]) await send(n).expect(201);
    // the retry of a message already taken is answered, not counted
    await send(3).expect(201);
    const refused = await send(4).expect(429);
    expect(refused.body.error).toMatchObject({ code: 'HELP_MESSAGE_RATE_LIMITED' });
    expect(refused.body.error.message).toMatch(/稍等/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // nothing lost: the refused message is not posted, and posts when sent again a minute later
    expect((await t.models.HelpRequest.findById(id).lean())?.messages.map((m) => m.text)).toEqual([
      '第1条',
      '第2条',
      '第3条',
    ]);
    t.clock.advance(60_000);
    await send(4).expect(201);
    // another resident is not held back by her
    const other = await t.resident();
    const hers = await t.createHelp(other, {});
    await t.http.post(`/api/help/${hers}/messages`).set(t.bearer(other)).send({ text: '我也问一下' }).expect(201);
  });

  it('takes so many messages on one request, and says to call when it is full', async () => {
    const owner = await t.resident();
    const id = await t.createHelp(owner, {});
    const send = (text: string) => t.http.post(`/api/help/${id}/messages`).set(t.bearer(owner)).send({ text });
    for (const [i, text] of ['一', '二', '三', '四'].entries()) {
      if (i === 3) t.clock.advance(60_000);
      await send(text).expect(201);
    }
    const full = await send('五').expect(409);
    expect(full.body.error.code).toBe('HELP_MESSAGE_CAP');
    expect(full.body.error.message).toMatch(/打电话/);
  });
});

describe('POST /api/help/:id/details with the location found after the tap', () => {
  let t: T;
  beforeAll(async () => {
    t = await helpTestApp({ env: { HELP_CREATE_LIMIT_PER_MINUTE: '100' } });
  });
  afterAll(() => t.close());

  it('keeps it on the request for the agent, refuses nonsense, and is no one else’s to set', async () => {
    const owner = await t.resident();
    const id = await t.createHelp(owner, { category: 'outage' });
    const details = (token: string, body: object) =>
      t.http.post(`/api/help/${id}/details`).set(t.bearer(token)).send(body);
    await details(owner, { location: { lat: 39.9089, lng: 116.39754 } }).expect(200);
    const bad = await details(owner, { location: { lat: 139.9, lng: 116.4 } }).expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    await details(await t.resident(), { location: { lat: 1, lng: 1 } }).expect(404);

    const agent = await t.agent('location-agent');
    const seen = AgentHelpDetail.parse(
      (await t.http.get(`/api/agent/help/${id}`).set(t.bearer(agent.token)).expect(200)).body,
    );
    expect(seen.location).toEqual({ lat: 39.9089, lng: 116.39754 });
    // the location changed nothing else: the reason and its priority stand
    expect(seen.category).toBe('outage');
    expect(seen.priority).toBe('danger');
  });
});
