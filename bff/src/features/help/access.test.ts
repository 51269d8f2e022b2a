import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints, fillPath, type Endpoint } from '@bianmin/shared';
import { helpTestApp } from './test-helpers';

type T = Awaited<ReturnType<typeof helpTestApp>>;

const agentEndpoints = Object.entries(endpoints as Record<string, Endpoint>).filter(
  ([, e]) => e.path.startsWith('/api/agent/') && e.access !== 'public',
);

describe('who sees what in help', () => {
  let t: T;
  let owner: string;
  let stranger: string;
  let id: string;
  let agent: Awaited<ReturnType<T['agent']>>;

  beforeAll(async () => {
    t = await helpTestApp({ env: { HELP_CREATE_LIMIT_PER_MINUTE: '5' } });
    owner = await t.resident('help-owner');
    stranger = await t.resident('help-stranger');
    agent = await t.agent('access-agent');
    id = await t.createHelp(owner, { text: '我家的电费怎么这么多' });
    await t.http.post(`/api/agent/help/${id}/claim`).set(t.bearer(agent.token)).expect(200);
    await t.http
      .post(`/api/agent/help/${id}/notes`)
      .set(t.bearer(agent.token))
      .send({ text: '内部备注：核对抄表' })
      .expect(200);
    await t.http.post(`/api/agent/help/${id}/messages`).set(t.bearer(agent.token)).send({ text: '我在查' }).expect(200);
  });
  afterAll(() => t.close());

  it("answers 404 to a resident for another resident's request, on every resident route", async () => {
    const as = t.bearer(stranger);
    await t.http.get(`/api/help/${id}`).set(as).expect(404);
    await t.http.post(`/api/help/${id}/messages`).set(as).send({ text: '你好' }).expect(404);
    await t.http.post(`/api/help/${id}/details`).set(as).send({ category: 'other' }).expect(404);
    await t.http.post(`/api/help/${id}/callback`).set(as).send({ phone: '13800138000' }).expect(404);
    await t.http.post(`/api/help/${id}/survey`).set(as).send({ onTime: true, satisfaction: 'good' }).expect(404);
    const clip = Buffer.from([0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0]);
    await t.http
      .post(`/api/help/${id}/voice?seconds=3`)
      .set(as)
      .set('Content-Type', 'audio/mpeg')
      .send(clip)
      .expect(404);
    const list = await t.http.get('/api/help').set(as).expect(200);
    expect(list.body.items).toEqual([]);
  });

  it('never shows an internal note in any resident answer', async () => {
    const own = await t.http.get(`/api/help/${id}`).set(t.bearer(owner)).expect(200);
    const list = await t.http.get('/api/help').set(t.bearer(owner)).expect(200);
    expect(JSON.stringify([own.body, list.body])).not.toContain('内部备注');
    expect(own.body.messages.map((m: { text: string }) => m.text)).toEqual(['我在查']);
    const stored = await t.models.Event.find({ helpId: id, type: 'help.note' }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.resident).toBeNull();
  });

  it('masks the resident in the workbench', async () => {
    await t.http.patch('/api/me').set(t.bearer(owner)).send({ nickname: '张建明', phone: '13812345678' }).expect(200);
    const other = await t.createHelp(owner, {});
    const res = await t.http.get(`/api/agent/help/${other}`).set(t.bearer(agent.token)).expect(200);
    expect(res.body.residentName).toBe('张*明');
    expect(res.body.resident.phone).toBe('138****5678');
    expect(JSON.stringify(res.body)).not.toContain('13812345678');
  });

  it.each(agentEndpoints)('refuses a resident token on %s (401/403), and no token with 401', async (_name, e) => {
    const path = fillPath(e.path, { id, username: 'access-agent' });
    const send = (token?: string) => {
      const req = e.method === 'GET' ? t.http.get(path) : t.http.post(path).send({});
      return token ? req.set(t.bearer(token)) : req;
    };
    expect([401, 403]).toContain((await send(owner)).status);
    expect((await send()).status).toBe(401);
  });

  it('refuses an agent on the supervisor endpoints with 403', async () => {
    for (const [, e] of agentEndpoints.filter(([, e]) => e.access === 'supervisor')) {
      const path = fillPath(e.path, { id, username: 'access-agent' });
      const req = e.method === 'GET' ? t.http.get(path) : t.http.post(path).send({});
      expect((await req.set(t.bearer(agent.token))).status).toBe(403);
    }
  });

  it('limits a burst of help requests from one resident, in Chinese, without blocking another', async () => {
    const burst = await t.resident('burst-resident');
    for (let i = 0; i < 5; i++) await t.http.post('/api/help').set(t.bearer(burst)).send({}).expect(201);
    const limited = await t.http.post('/api/help').set(t.bearer(burst)).send({}).expect(429);
    expect(limited.body.error.code).toBe('HELP_RATE_LIMITED');
    expect(limited.body.error.message).toContain('客服马上就来');
    await t.http.post('/api/help').set(t.bearer(stranger)).send({}).expect(201);
    t.clock.advance(61_000);
    await t.http.post('/api/help').set(t.bearer(burst)).send({}).expect(201);
  });
});
