import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CasePage, HelpCases, Case, type HelpCategory } from '@bianmin/shared';
import { helpTestApp } from '../help/test-helpers';

type T = Awaited<ReturnType<typeof helpTestApp>>;

describe('the case library (案例库)', () => {
  let t: T;
  let agent: { token: string; id: string };
  let resident: string;
  let accounts = 0;
  beforeAll(async () => {
    t = await helpTestApp();
    agent = await t.agent('case-agent', { presence: 'online', capacity: 50 });
    resident = await t.resident();
  });
  afterAll(() => t.close());

  /** A request of `category` about a power account in `district`, resolved by the agent when `resolve`. */
  async function request(category: HelpCategory, district: string, text: string, resolve = true): Promise<string> {
    accounts += 1;
    const accountId = await t.account(`grid-${district}`, district, `20${String(accounts).padStart(8, '0')}`);
    // a resident of her own each time: help creation is limited per resident
    const who = await t.resident();
    await t.bind(who, accountId);
    const id = await t.createHelp(who, { category, text, context: { accountId } });
    if (resolve) {
      await t.claimAndResolve(agent.token, id);
    }
    return id;
  }
  const keep = (helpId: string, what = '抄表员把读数抄错了') =>
    t.http
      .post('/api/agent/cases')
      .set(t.bearer(agent.token))
      .send({ helpId, cause: what, fix: '重新抄表，多收的钱退回', lesson: '读数比上月高一倍以上先核对再出账' });

  it('keeps a resolved complaint as a case with its category, utility, district and the resident’s words', async () => {
    const id = await request('complaint', '东城区', '这个月电费比上个月多了一倍，肯定抄错了');
    const res = await keep(id).expect(201);
    const kept = Case.parse(res.body);
    expect(kept).toMatchObject({
      helpId: id,
      category: 'complaint',
      utility: 'power',
      district: '东城区',
      problem: '这个月电费比上个月多了一倍，肯定抄错了',
      cause: '抄表员把读数抄错了',
      createdByName: expect.any(String) as string,
    });
    const again = await keep(id).expect(409);
    expect(again.body.error).toMatchObject({ code: 'CASE_EXISTS', message: '已经存为案例了，不用再存。' });
  });

  it('refuses a request still open, one with no category, one that does not exist, and bad words', async () => {
    const open = await request('complaint', '东城区', '还没处理', false);
    expect((await keep(open).expect(409)).body.error.code).toBe('CASE_NOT_RESOLVED');
    const uncategorised = await t.createHelp(await t.resident(), {});
    await t.claimAndResolve(agent.token, uncategorised);
    expect((await keep(uncategorised).expect(409)).body.error.code).toBe('CASE_NO_CATEGORY');
    expect((await keep('0123456789abcdef01234567').expect(404)).body.error.code).toBe('NOT_FOUND');
    const empty = await t.http
      .post('/api/agent/cases')
      .set(t.bearer(agent.token))
      .send({ helpId: open, cause: '  ', fix: '好了', lesson: '记住' })
      .expect(400);
    expect(empty.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(empty.body.error)).toContain('请写原因');
    const extra = await t.http
      .post('/api/agent/cases')
      .set(t.bearer(agent.token))
      .send({ helpId: open, cause: '原因', fix: '好了', lesson: '记住', by: 'me' })
      .expect(400);
    expect(extra.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('is for staff only: a resident gets no case, on every route', async () => {
    const id = await request('complaint', '东城区', '居民看不到案例');
    for (const res of [
      await keep(id).set(t.bearer(resident)),
      await t.http.get('/api/agent/cases').set(t.bearer(resident)),
      await t.http.get(`/api/agent/help/${id}/cases`).set(t.bearer(resident)),
    ])
      expect(res.status).toBe(403);
    for (const res of [await t.http.get('/api/agent/cases'), await t.http.get(`/api/agent/help/${id}/cases`)])
      expect(res.status).toBe(401);
  });

  it('shows an agent the cases of a new request’s category, its district first, then its utility elsewhere', async () => {
    const xicheng = await request('outage', '西城区', '西城停电');
    await keep(xicheng, '西城的变压器坏了').expect(201);
    const dongcheng = await request('outage', '东城区', '东城停电');
    await keep(dongcheng, '东城的线路被挖断了').expect(201);
    const otherKind = await request('bill_question', '东城区', '账单看不懂');
    await keep(otherKind, '不同的问题').expect(201);

    const arriving = await request('outage', '东城区', '又停电了', false);
    const beside = HelpCases.parse(
      (await t.http.get(`/api/agent/help/${arriving}/cases`).set(t.bearer(agent.token)).expect(200)).body,
    );
    expect(beside.items.map((c) => [c.cause, c.sameDistrict])).toEqual([
      ['东城的线路被挖断了', true],
      ['西城的变压器坏了', false],
    ]);
    expect(beside.total).toBe(2);
    expect(beside.own).toBeNull();

    // once kept, the request's own case is told apart from the others
    const own = HelpCases.parse(
      (await t.http.get(`/api/agent/help/${dongcheng}/cases`).set(t.bearer(agent.token)).expect(200)).body,
    );
    expect(own.own?.cause).toBe('东城的线路被挖断了');
    expect(own.items.map((c) => c.cause)).toEqual(['西城的变压器坏了']);
    expect((await t.http.get('/api/agent/help/0123456789abcdef01234567/cases').set(t.bearer(agent.token))).status).toBe(
      404,
    );
  });

  it('lists the library by category and district, a page at a time, with its total', async () => {
    for (let i = 0; i < 3; i += 1) await keep(await request('payment_failed', '朝阳区', `缴费失败 ${i}`)).expect(201);
    const first = CasePage.parse(
      (
        await t.http
          .get('/api/agent/cases')
          .query({ category: 'payment_failed', district: '朝阳区', pageSize: 2 })
          .set(t.bearer(agent.token))
          .expect(200)
      ).body,
    );
    expect(first.total).toBe(3);
    expect(first.items.map((c) => c.problem)).toEqual(['缴费失败 2', '缴费失败 1']);
    const second = CasePage.parse(
      (
        await t.http
          .get('/api/agent/cases')
          .query({ category: 'payment_failed', district: '朝阳区', pageSize: 2, page: 2 })
          .set(t.bearer(agent.token))
          .expect(200)
      ).body,
    );
    expect(second.items.map((c) => c.problem)).toEqual(['缴费失败 0']);
  });
});
