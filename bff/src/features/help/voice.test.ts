import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentHelpDetail, HelpMessageCreated, HelpMessageEvent, ResidentHelp } from '@bianmin/shared';
import { CLIPS } from '../../testing/clips';
import { helpTestApp, listen, openStream } from './test-helpers';

type T = Awaited<ReturnType<typeof helpTestApp>>;

/** A clip of `kb` KiB that starts as a WebM recording from Chromium's MediaRecorder does. */
const webm = (kb = 2) => Buffer.concat([CLIPS.webm, Buffer.alloc(kb * 1024 - CLIPS.webm.length, 0x42)]);

describe('voice messages (语音留言) in one-tap help', () => {
  let t: T;
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    t = await helpTestApp({
      env: {
        HELP_CREATE_LIMIT_PER_MINUTE: '100',
        HELP_MESSAGE_LIMIT_PER_MINUTE: '3',
        HELP_MESSAGES_PER_REQUEST: '4',
        HELP_VOICE_MAX_KB: '64',
        HELP_EVENTS_POLL_MS: '50',
      },
    });
    t.services.help.live.poller.start();
    server = await listen(t.app);
  });
  afterAll(async () => {
    t.services.help.live.poller.stop();
    await server.close();
    await t.close();
  });

  const voice = (token: string, id: string, bytes: Buffer, query: Record<string, string | number> = { seconds: 12 }) =>
    t.http
      .post(`/api/help/${id}/voice`)
      .query(query)
      .set(t.bearer(token))
      .set('Content-Type', 'application/octet-stream')
      .send(bytes);
  const stored = async () => (await t.conn.db?.collection('voices.files').countDocuments()) ?? -1;
  const play = (id: string, token?: string) =>
    t.http
      .get(`/api/voices/${id}`)
      .query(token ? { access_token: token } : {})
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });

  it('posts a clip as a voice message with its length, live to the agents like words, seen on both sides', async () => {
    const agent = await t.agent('voice-agent');
    const stream = openStream(`${server.url}/api/agent/events`, t.bearer(agent.token));
    expect(await stream.opened).toBe(200);
    const owner = await t.resident();
    const id = await t.createHelp(owner, {});
    const sent = HelpMessageCreated.parse((await voice(owner, id, webm(), { seconds: 12.4 }).expect(201)).body);
    expect(sent.message).toMatchObject({ from: 'resident', kind: 'voice', text: '语音 12秒' });
    expect(sent.message.voice).toMatchObject({ seconds: 12 });
    const voiceId = sent.message.voice?.voiceId ?? '';

    const event = await stream.next(
      (e) => e.event === 'help.message' && HelpMessageEvent.parse(e.data).message.id === sent.message.id,
    );
    stream.close();
    expect(HelpMessageEvent.parse(event.data)).toMatchObject({ helpId: id, message: { kind: 'voice' } });
    const seen = AgentHelpDetail.parse((await t.http.get(`/api/agent/help/${id}`).set(t.bearer(agent.token))).body);
    expect(seen.messages.at(-1)?.voice).toEqual({ voiceId, seconds: 12 });
    const own = ResidentHelp.parse((await t.http.get(`/api/help/${id}`).set(t.bearer(owner)).expect(200)).body);
    expect(own.messages.at(-1)?.voice).toEqual({ voiceId, seconds: 12 });
  });

  it('tells the clip by its bytes, whatever it claims, and refuses anything else with VOICE_NOT_AUDIO, keeping nothing', async () => {
    const owner = await t.resident();
    const id = await t.createHelp(owner, {});
    for (const [name, bytes, type] of [
      ['ogg', CLIPS.ogg, 'audio/ogg'],
      ['mp3', CLIPS.mp3Frame, 'audio/mpeg'],
      ['aac', CLIPS.aac, 'audio/aac'],
      ['m4a', CLIPS.m4a, 'audio/mp4'],
    ] as const) {
      t.clock.advance(60_000);
      const sent = HelpMessageCreated.parse((await voice(owner, id, bytes).expect(201)).body);
      const res = await play(sent.message.voice?.voiceId ?? '', owner).expect(200);
      expect(res.headers['content-type'], name).toBe(type);
      expect(Buffer.compare(res.body as Buffer, bytes), name).toBe(0);
    }
    const before = await stored();
    const other = await t.createHelp(owner, {});
    for (const bytes of [
      Buffer.from('<html><script>alert(1)</script></html>'),
      Buffer.from('RIFF\u0000\u0000\u0000\u0000WAVEfmt '),
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]),
      Buffer.alloc(0),
    ]) {
      const res = await voice(owner, other, bytes).expect(415);
      expect(res.body.error).toMatchObject({ code: 'VOICE_NOT_AUDIO', message: expect.stringMatching(/只能发送录音/) });
    }
    expect(await stored()).toBe(before);
    expect((await t.models.HelpRequest.findById(other).lean())?.messages).toEqual([]);
  });

  it('refuses a clip over HELP_VOICE_MAX_KB (413), and a length under 1 s or over 60 s (400); 60.4 s is 60', async () => {
    const owner = await t.resident();
    const id = await t.createHelp(owner, {});
    const big = await voice(owner, id, webm(65)).expect(413);
    expect(big.body.error.code).toBe('VOICE_TOO_LARGE');
    for (const seconds of ['0.4', '61.5', 'abc']) {
      const res = await voice(owner, id, webm(), { seconds }).expect(400);
      expect(res.body.error.code, seconds).toBe('VALIDATION_FAILED');
    }
    expect(JSON.stringify((await voice(owner, id, webm(), { seconds: '0.2' })).body)).toContain('太短');
    expect(await stored()).toBeGreaterThan(0);
    const capped = HelpMessageCreated.parse((await voice(owner, id, webm(63), { seconds: 60.4 }).expect(201)).body);
    expect(capped.message).toMatchObject({ text: '语音 60秒', voice: { seconds: 60 } });
  });

  it('counts voice and words against the same per-minute limit and cap; a retry is neither counted nor kept twice', async () => {
    const owner = await t.resident();
    const id = await t.createHelp(owner, {});
    t.clock.advance(60_000);
    const key = { seconds: 5, clientKey: 'voice-key-00000001' };
    const first = HelpMessageCreated.parse((await voice(owner, id, webm(), key).expect(201)).body);
    const filesAfterFirst = await stored();
    const again = HelpMessageCreated.parse((await voice(owner, id, webm(), key).expect(201)).body);
    expect(again.message.id).toBe(first.message.id);
    expect(await stored()).toBe(filesAfterFirst);
    await t.http.post(`/api/help/${id}/messages`).set(t.bearer(owner)).send({ text: '听到了吗' }).expect(201);
    await voice(owner, id, webm()).expect(201);
    const limited = await voice(owner, id, webm()).expect(429);
    expect(limited.body.error.code).toBe('HELP_MESSAGE_RATE_LIMITED');
    const words = await t.http.post(`/api/help/${id}/messages`).set(t.bearer(owner)).send({ text: '还在吗' });
    expect(words.status).toBe(429);
    t.clock.advance(60_000);
    await voice(owner, id, webm()).expect(201);
    // four messages on the request: the cap, and the refused clip is not kept
    const before = await stored();
    const full = await voice(owner, id, webm()).expect(409);
    expect(full.body.error.code).toBe('HELP_MESSAGE_CAP');
    expect(await stored()).toBe(before);
  });

  it('is her answer to a request waiting on her: it goes back to work and its clock runs again', async () => {
    const agent = await t.agent('voice-agent-pause');
    const owner = await t.resident();
    const id = await t.createHelp(owner, {});
    await t.http.post(`/api/agent/help/${id}/claim`).set(t.bearer(agent.token)).expect(200);
    await t.http
      .post(`/api/agent/help/${id}/status`)
      .set(t.bearer(agent.token))
      .send({ status: 'waiting_on_resident' })
      .expect(200);
    t.clock.advance(90_000);
    await voice(owner, id, webm()).expect(201);
    const doc = await t.models.HelpRequest.findById(id).lean();
    expect(doc?.status).toBe('in_progress');
    expect(doc?.pausedAt).toBeNull();
    expect(doc?.pausedMs).toBe(90_000);
    await t.http.post(`/api/agent/help/${id}/resolve`).set(t.bearer(agent.token)).send({ summary: '已处理' });
    const closed = await voice(owner, id, webm()).expect(409);
    expect(closed.body.error.code).toBe('HELP_CLOSED');
  });

  it("serves a clip only to its request's resident and to the workbench's staff; 404 to everyone else, as for none", async () => {
    const owner = await t.resident();
    const id = await t.createHelp(owner, {});
    t.clock.advance(60_000);
    const sent = HelpMessageCreated.parse((await voice(owner, id, webm()).expect(201)).body);
    const voiceId = sent.message.voice?.voiceId ?? '';
    const agent = await t.agent('voice-agent-listen');
    const supervisor = await t.agent('voice-supervisor', { role: 'supervisor' });

    for (const token of [owner, agent.token, supervisor.token]) {
      const res = await play(voiceId, token).expect(200);
      expect(res.headers['content-type']).toBe('audio/webm');
      expect((res.body as Buffer).length).toBe(webm().length);
    }
    // a header works as well as the query (the app's own requests)
    await t.http.get(`/api/voices/${voiceId}`).set(t.bearer(owner)).expect(200);

    const stranger = await t.resident();
    const field = await t.staffToken('voice-field', 'field');
    const coordinator = await t.staffToken('voice-coordinator', 'coordinator');
    const followup = await t.staffToken('voice-followup', 'followup');
    const error = (body: Buffer) => (JSON.parse(body.toString()) as { error: { requestId?: string } }).error;
    const { requestId: _, ...missing } = error((await play('0123456789abcdef01234567', owner).expect(404)).body);
    for (const token of [stranger, field, coordinator, followup]) {
      const { requestId: _id, ...refused } = error((await play(voiceId, token).expect(404)).body);
      expect(refused).toEqual(missing);
    }
    await play('not-an-id', owner).expect(400);
    await play(voiceId).expect(401);

    // the upload: only her own request; staff are not residents; no token is no one
    await voice(stranger, id, webm()).expect(404);
    expect([401, 403]).toContain((await voice(agent.token, id, webm())).status);
    await t.http.post(`/api/help/${id}/voice?seconds=3`).send(webm()).expect(401);
    await voice(owner, '0123456789abcdef01234567', webm()).expect(404);
  });
});
