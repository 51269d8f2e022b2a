import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints, fillPath, FollowupTask, StaffWorkOrder, type Endpoint } from '@bianmin/shared';
import { followupTestApp, type FollowupTestApp } from './test-helpers';

const followupEndpoints = Object.entries(endpoints as Record<string, Endpoint>).filter(
  ([, e]) => e.access === 'followup',
);

describe('回访: tasks from the work done, the due list, the three-tap record, once', () => {
  let t: FollowupTestApp;
  let unitId: string;
  let field: Awaited<ReturnType<FollowupTestApp['member']>>;
  let coord: Awaited<ReturnType<FollowupTestApp['member']>>;
  let fu: Awaited<ReturnType<FollowupTestApp['followupStaff']>>;
  let sup: Awaited<ReturnType<FollowupTestApp['staff']>>;
  let orderId: string;

  beforeAll(async () => {
    t = await followupTestApp();
    unitId = await t.unit('东城燃气抢修班', 'gas', '东城区', ['dongcheng-1']);
    field = await t.member(unitId, 'fu-field', 'field', '张建国', '13812345678');
    coord = await t.member(unitId, 'fu-coord', 'coordinator', '王工', '13911112222');
    fu = await t.followupStaff();
    sup = await t.staff('fu-sup', 'supervisor', '赵班长');
    orderId = await t.checkedOrder(unitId, { field, coord });
  });
  afterAll(() => t.close());

  const list = (token: string, query: Record<string, string | number> = {}) => t.followups(token, query);

  it('makes a 改管 order checked at 对单 a task of its unit, due 14 days after the 回单', async () => {
    const page = await list(fu.token);
    const task = page.items.find((i) => i.sourceId === orderId);
    expect(task).toMatchObject({
      source: 'workorder',
      business: 'pipe_change',
      reason: 'always',
      team: '东城燃气抢修班',
      utility: 'gas',
      district: '东城区',
      residentName: '张*明',
      phone: '13700001234',
      summary: '改好了燃气管',
      result: null,
    });
    expect(Date.parse(task?.dueAt ?? '') - Date.parse(task?.servedAt ?? '')).toBe(14 * 24 * 3600_000);
    // the supervisor sees the number masked: only the follow-up staff call
    const seen = (await list(sup.token)).items.find((i) => i.sourceId === orderId);
    expect(seen?.phone).toBe('137****1234');
  });

  it('records on time, a level and a suggestion once; a second record is FOLLOWUP_DONE', async () => {
    const task = (await list(fu.token)).items.find((i) => i.sourceId === orderId);
    const url = `/api/agent/followups/${task?.id}`;
    const missing = await t.http.post(url).set(t.bearer(fu.token)).send({ level: 'good' }).expect(400);
    expect(missing.body.error.code).toBe('VALIDATION_FAILED');
    await t.http.post(url).set(t.bearer(fu.token)).send({ level: 'none' }).expect(400);
    const done = FollowupTask.parse(
      (
        await t.http
          .post(url)
          .set(t.bearer(fu.token))
          .send({ onTime: true, level: 'excellent', suggestion: '师傅很细心' })
          .expect(200)
      ).body,
    );
    expect(done.result).toMatchObject({
      onTime: true,
      level: 'excellent',
      suggestion: '师傅很细心',
      by: { displayName: '回访员小周' },
    });
    const again = await t.http
      .post(url)
      .set(t.bearer(fu.token))
      .send({ level: 'none', noRating: 'unreachable' })
      .expect(409);
    expect(again.body.error).toMatchObject({ code: 'FOLLOWUP_DONE', message: '这条回访已经记录过了。' });
    const page = await list(fu.token, { state: 'done' });
    expect(page.items.map((i) => i.id)).toContain(task?.id);
    expect((await list(fu.token)).items.map((i) => i.id)).not.toContain(task?.id);
  });

  it('records the same task from two calls at once exactly once', async () => {
    const id = await t.checkedOrder(unitId, { field, coord }, 'gas_stove');
    const task = (await list(fu.token)).items.find((i) => i.sourceId === id);
    const tries = await Promise.all(
      ['good', 'fair', 'pass', 'fail'].map((level) =>
        t.http.post(`/api/agent/followups/${task?.id}`).set(t.bearer(fu.token)).send({ onTime: true, level }),
      ),
    );
    expect(tries.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    const counts = await t.models.FollowupCount.find({ team: '东城燃气抢修班', business: 'repair' }).lean();
    expect(counts.map((c) => c.visited)).toEqual([1]);
  });

  it('turns a complaint heard into a 投诉 order waiting at the complaint desk, linked both ways', async () => {
    const id = await t.checkedOrder(unitId, { field, coord }, 'gas_smell');
    const target = (await list(fu.token, { business: 'emergency_repair' })).items.find((i) => i.sourceId === id);
    const res = await t.http
      .post(`/api/agent/followups/${target?.id}`)
      .set(t.bearer(fu.token))
      .send({ onTime: false, level: 'fail', complaint: { text: '师傅迟到两小时，态度也不好' } })
      .expect(200);
    const done = FollowupTask.parse(res.body);
    expect(done.result?.complaintOrder?.no).toMatch(/^GD/);
    const order = StaffWorkOrder.parse(
      (
        await t.http
          .get(`/api/agent/workorders/${done.result?.complaintOrder?.id}`)
          .set(t.bearer(sup.token))
          .expect(200)
      ).body,
    );
    expect(order).toMatchObject({ type: 'complaint', status: 'pending_dispatch', followupId: target?.id });
    expect(order.description).toContain('师傅迟到两小时');
  });

  it('follows up a resolved help complaint, with the resolving agent’s team', async () => {
    const resident = await t.resident('13700005678');
    const help = await t.http.post('/api/help').set(t.bearer(resident)).send({ category: 'complaint' }).expect(201);
    const helpId = (help.body as { help: { id: string } }).help.id;
    const agent = await t.staff('fu-agent', 'agent', '刘强');
    await t.models.Agent.updateOne({ username: 'fu-agent' }, { $set: { team: '投诉处理组' } });
    await t.http.post(`/api/agent/help/${helpId}/claim`).set(t.bearer(agent.token)).expect(200);
    await t.http
      .post(`/api/agent/help/${helpId}/resolve`)
      .set(t.bearer(agent.token))
      .send({ summary: '已向居民道歉并退费' })
      .expect(200);
    const task = (await list(fu.token, { team: '投诉处理组' })).items[0];
    expect(task).toMatchObject({ source: 'help', business: 'complaint', sourceId: helpId, team: '投诉处理组' });
    // no utility of its own: a complaint heard names one
    const noUtility = await t.http
      .post(`/api/agent/followups/${task?.id}`)
      .set(t.bearer(fu.token))
      .send({ onTime: true, level: 'fair', complaint: { text: '还是没解决' } })
      .expect(400);
    expect(noUtility.body.error.code).toBe('FOLLOWUP_COMPLAINT_UTILITY');
  });

  it('pages the due list oldest first with its total, filtered by team and business type', async () => {
    const other = await t.unit('西城营业所', 'gas', '西城区');
    const now = t.clock.now().getTime();
    const items = Array.from({ length: 45 }, (_, i) => ({
      ref: `YY${String(i).padStart(4, '0')}`,
      business: 'account_change',
      servedAt: new Date(now - (i + 1) * 3600_000).toISOString(),
      residentName: '李秀兰',
      phone: '13600001111',
      district: '西城区',
    }));
    const reg = await t.http
      .post('/api/agent/followups/services')
      .set(t.bearer(fu.token))
      .send({ unitId: other, items })
      .expect(200);
    expect(reg.body.received).toBe(45);
    const made = reg.body.followups as number;
    expect(made).toBeGreaterThan(0);
    const first = await list(fu.token, { team: '西城营业所', pageSize: 5 });
    expect(first.total).toBe(made);
    const pages = Math.ceil(made / 5);
    const all = [first];
    for (let p = 2; p <= pages; p++) all.push(await list(fu.token, { team: '西城营业所', pageSize: 5, page: p }));
    const due = all.flatMap((p) => p.items.map((i) => i.dueAt));
    expect(due).toHaveLength(made);
    expect([...due].sort()).toEqual(due);
    expect((await list(fu.token, { business: 'account_change' })).total).toBe(made);
    // registering the same services again makes nothing new
    await t.http
      .post('/api/agent/followups/services')
      .set(t.bearer(fu.token))
      .send({ unitId: other, items })
      .expect(200);
    expect((await list(fu.token, { team: '西城营业所' })).total).toBe(made);
  });

  it('refuses a registered service in the future or older than the window, and an unknown unit', async () => {
    const item = (servedAt: number) => ({
      ref: 'X1',
      business: 'counter',
      servedAt: new Date(servedAt).toISOString(),
      residentName: '王芳',
      phone: '13600002222',
      district: '西城区',
    });
    const now = t.clock.now().getTime();
    const send = (body: object) => t.http.post('/api/agent/followups/services').set(t.bearer(fu.token)).send(body);
    expect((await send({ unitId, items: [item(now + 60_000)] }).expect(400)).body.error.code).toBe(
      'FOLLOWUP_SERVED_AT_INVALID',
    );
    await send({ unitId, items: [item(now - 15 * 24 * 3600_000)] }).expect(400);
    expect((await send({ unitId: '0123456789abcdef01234567', items: [item(now)] }).expect(400)).body.error.code).toBe(
      'FOLLOWUP_UNIT_INVALID',
    );
    await send({ unitId, items: [{ ...item(now), phone: '123' }] }).expect(400);
  });

  it.each(followupEndpoints)('lets only follow-up staff and supervisors call %s', async (_name, e) => {
    const path = fillPath(e.path, { id: '0123456789abcdef01234567' });
    const send = (token?: string) => {
      const req = e.method === 'GET' ? t.http.get(path) : t.http.post(path).send({});
      return token ? req.set(t.bearer(token)) : req;
    };
    const resident = await t.resident();
    const agent = await t.staff('fu-agent2', 'agent');
    expect((await send()).status).toBe(401);
    expect((await send(resident)).status).toBe(403);
    expect((await send(agent.token)).status).toBe(403);
    expect((await send(field.token)).status).toBe(403);
    expect((await send(coord.token)).status).toBe(403);
    expect([200, 400, 404]).toContain((await send(fu.token)).status);
    expect([200, 400, 404]).toContain((await send(sup.token)).status);
  });

  it('answers 404 for a task that does not exist', async () => {
    const res = await t.http
      .post('/api/agent/followups/0123456789abcdef01234567')
      .set(t.bearer(fu.token))
      .send({ onTime: true, level: 'good' })
      .expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});
