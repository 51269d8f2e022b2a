import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helpTestApp } from './test-helpers';

type T = Awaited<ReturnType<typeof helpTestApp>>;

// Attack (issue 13.9): any agent could add internal notes to any request, held by another agent
// or closed. The class: every workbench write on a request is the holder's (or a supervisor's),
// and only while it is open; a refused write changes nothing.
describe("workbench writes belong to the request's holder", () => {
  let t: T;
  let holder: Awaited<ReturnType<T['agent']>>;
  let other: Awaited<ReturnType<T['agent']>>;
  let sup: Awaited<ReturnType<T['agent']>>;
  beforeAll(async () => {
    t = await helpTestApp();
    holder = await t.agent('holder-agent', { presence: 'away' });
    other = await t.agent('other-agent', { presence: 'away' });
    sup = await t.agent('holder-sup', { role: 'supervisor', presence: 'away' });
  });
  afterAll(() => t.close());

  /** Every write of the workbench on request `id`, as `[name, path, body]`. */
  const writes = (id: string, toAgentId: string): Array<[string, string, object]> => [
    ['note', `/api/agent/help/${id}/notes`, { text: '内部：我来看看' }],
    ['message', `/api/agent/help/${id}/messages`, { text: '您好' }],
    ['pause', `/api/agent/help/${id}/status`, { status: 'waiting_on_resident' }],
    ['call', `/api/agent/help/${id}/call`, { reached: true }],
    ['transfer', `/api/agent/help/${id}/transfer`, { toAgentId, reason: '我接手' }],
    ['resolve', `/api/agent/help/${id}/resolve`, { summary: '处理好了' }],
  ];

  async function snapshot(id: string) {
    const doc = await t.models.HelpRequest.findById(id).lean();
    return { rev: doc?.rev, notes: doc?.notes.length, messages: doc?.messages.length, status: doc?.status };
  }

  it('refuses every write by an agent who does not hold the request, and changes nothing', async () => {
    const id = await t.createHelp(await t.resident(), {});
    await t.http.post(`/api/agent/help/${id}/claim`).set(t.bearer(holder.token)).expect(200);
    const before = await snapshot(id);
    for (const [name, path, body] of writes(id, other.id)) {
      const res = await t.http.post(path).set(t.bearer(other.token)).send(body);
      expect([name, res.status, res.body.error?.code]).toEqual([name, 409, 'HELP_NOT_YOURS']);
    }
    expect(await snapshot(id)).toEqual(before);
  });

  it('refuses a note on a request nobody has claimed yet', async () => {
    const id = await t.createHelp(await t.resident(), {});
    const res = await t.http
      .post(`/api/agent/help/${id}/notes`)
      .set(t.bearer(other.token))
      .send({ text: '内部：先记一笔' })
      .expect(409);
    expect(res.body.error.code).toBe('HELP_NOT_YOURS');
    expect((await snapshot(id)).notes).toBe(0);
  });

  it('refuses a note by the former holder once the request is resolved', async () => {
    const id = await t.createHelp(await t.resident(), {});
    await t.http.post(`/api/agent/help/${id}/claim`).set(t.bearer(holder.token)).expect(200);
    await t.http
      .post(`/api/agent/help/${id}/resolve`)
      .set(t.bearer(holder.token))
      .send({ summary: '已处理' })
      .expect(200);
    const res = await t.http
      .post(`/api/agent/help/${id}/notes`)
      .set(t.bearer(holder.token))
      .send({ text: '内部：事后补一句' })
      .expect(409);
    expect(res.body.error.code).toBe('HELP_WRONG_STATUS');
    expect((await snapshot(id)).notes).toBe(0);
  });

  it('takes notes from the holder, and from a supervisor on any request, open or not', async () => {
    const id = await t.createHelp(await t.resident(), {});
    await t.http.post(`/api/agent/help/${id}/claim`).set(t.bearer(holder.token)).expect(200);
    await t.http
      .post(`/api/agent/help/${id}/notes`)
      .set(t.bearer(holder.token))
      .send({ text: '内部：常客' })
      .expect(200);
    await t.http
      .post(`/api/agent/help/${id}/notes`)
      .set(t.bearer(sup.token))
      .send({ text: '内部：班长已看' })
      .expect(200);
    await t.http
      .post(`/api/agent/help/${id}/resolve`)
      .set(t.bearer(holder.token))
      .send({ summary: '已处理' })
      .expect(200);
    await t.http
      .post(`/api/agent/help/${id}/notes`)
      .set(t.bearer(sup.token))
      .send({ text: '内部：回访时提一下' })
      .expect(200);
    const doc = await t.models.HelpRequest.findById(id).lean();
    expect(doc?.notes.map((n) => n.authorName)).toEqual(['holder-agent', 'holder-sup', 'holder-sup']);
  });
});
