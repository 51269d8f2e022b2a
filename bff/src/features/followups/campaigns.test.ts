import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Campaign, CampaignList } from '@bianmin/shared';
import { followupTestApp, type FollowupTestApp } from './test-helpers';

describe('专题回访: a supervisor’s campaign follows up all of its records, at 100%, and shows its counts', () => {
  let t: FollowupTestApp;
  let unitId: string;
  let field: Awaited<ReturnType<FollowupTestApp['member']>>;
  let coord: Awaited<ReturnType<FollowupTestApp['member']>>;
  let fu: Awaited<ReturnType<FollowupTestApp['followupStaff']>>;
  let sup: Awaited<ReturnType<FollowupTestApp['staff']>>;
  let campaign: Campaign;
  const before: string[] = [];

  beforeAll(async () => {
    // the sampling table takes none of 改管 and 维修 work here: whatever a campaign gets is its own
    t = await followupTestApp({ env: { FOLLOWUP_SHARES_JSON: '{"pipe_change":0,"repair":0,"help":0}' } });
    unitId = await t.unit('东城燃气抢修班', 'gas', '东城区', ['dongcheng-1']);
    field = await t.member(unitId, 'cp-field', 'field', '张建国', '13812345678');
    coord = await t.member(unitId, 'cp-coord', 'coordinator', '王工', '13911112222');
    fu = await t.followupStaff();
    sup = await t.staff('cp-sup', 'supervisor', '赵班长');
    before.push(await t.checkedOrder(unitId, { field, coord }), await t.checkedOrder(unitId, { field, coord }));
  });
  afterAll(() => t.close());

  const list = (token: string, query: Record<string, string | number> = {}) => t.followups(token, query);
  const campaigns = (token: string) =>
    t.http
      .get('/api/agent/followups/campaigns')
      .set(t.bearer(token))
      .expect(200)
      .then((r) => CampaignList.parse(r.body));
  const start = (token: string, body: object) =>
    t.http.post('/api/agent/followups/campaigns').set(t.bearer(token)).send(body);
  const pipeChange = { name: '改管专题', scope: { kind: 'business', business: 'pipe_change' } };

  it('follows up every 改管 order checked in the period, though the table samples none', async () => {
    expect((await list(fu.token)).total).toBe(0);
    const res = await start(sup.token, { ...pipeChange, from: '2025-12-29', to: '2026-01-12' }).expect(201);
    campaign = Campaign.parse(res.body);
    expect(campaign).toMatchObject({
      name: '改管专题',
      scopeText: '业务类型：改管',
      state: 'active',
      tasks: 2,
      done: 0,
      createdBy: '赵班长',
    });
    const page = await list(fu.token, { campaign: campaign.id });
    expect(page.total).toBe(2);
    expect(page.items.map((i) => i.sourceId).sort()).toEqual([...before].sort());
    expect(page.items.every((i) => i.reason === 'campaign' && i.campaign?.name === '改管专题')).toBe(true);
  });

  it('takes new 改管 completions while it runs, not other work; counts what is recorded', async () => {
    const joined = await t.checkedOrder(unitId, { field, coord });
    await t.checkedOrder(unitId, { field, coord }, 'gas_stove'); // 维修: not in this campaign
    const page = await list(fu.token, { campaign: campaign.id });
    expect(page.items.map((i) => i.sourceId)).toContain(joined);
    expect(page.total).toBe(3);
    expect((await list(fu.token)).total).toBe(3);
    await t.http
      .post(`/api/agent/followups/${page.items[0]?.id}`)
      .set(t.bearer(fu.token))
      .send({ onTime: true, level: 'good' })
      .expect(200);
    const mine = (await campaigns(fu.token)).items.find((c) => c.id === campaign.id);
    expect(mine).toMatchObject({ tasks: 3, done: 1, state: 'active' });
    expect((await list(fu.token, { campaign: campaign.id })).total).toBe(2);
  });

  it('ends once; afterwards its tasks stay on the desk and new completions are sampled as usual', async () => {
    const ended = Campaign.parse(
      (await t.http.post(`/api/agent/followups/campaigns/${campaign.id}/end`).set(t.bearer(sup.token)).expect(200))
        .body,
    );
    expect(ended).toMatchObject({ state: 'ended', tasks: 3, done: 1 });
    expect(ended.endedAt).not.toBeNull();
    const again = await t.http
      .post(`/api/agent/followups/campaigns/${campaign.id}/end`)
      .set(t.bearer(sup.token))
      .expect(409);
    expect(again.body.error).toMatchObject({ code: 'CAMPAIGN_ENDED', message: '这个专题回访已经结束了。' });
    await t.checkedOrder(unitId, { field, coord });
    expect((await list(fu.token, { campaign: campaign.id })).total).toBe(2);
    expect((await list(fu.token)).total).toBe(2);
  });

  it('joins a team’s resolved help requests, an existing task included, and names the team in the form', async () => {
    const agent = await t.staff('cp-agent', 'agent', '刘强');
    await t.models.Agent.updateOne({ username: 'cp-agent' }, { $set: { team: '投诉处理组' } });
    const resolve = async (category: string) => {
      const resident = await t.resident('13700005678');
      const help = await t.http.post('/api/help').set(t.bearer(resident)).send({ category }).expect(201);
      const id = (help.body as { help: { id: string } }).help.id;
      await t.http.post(`/api/agent/help/${id}/claim`).set(t.bearer(agent.token)).expect(200);
      await t.http
        .post(`/api/agent/help/${id}/resolve`)
        .set(t.bearer(agent.token))
        .send({ summary: '已处理' })
        .expect(200);
      return id;
    };
    const complaint = await resolve('complaint'); // followed up anyway (投诉 100%)
    const other = await resolve('other'); // sampled at 0 here
    expect((await list(fu.token, { team: '投诉处理组' })).total).toBe(1);
    const offered = await campaigns(sup.token);
    expect(offered.teams).toContain('投诉处理组');
    expect(offered.districts).toContain('东城区');
    const res = await start(sup.token, {
      name: '投诉组回访',
      scope: { kind: 'team', team: '投诉处理组' },
      from: '2026-01-01',
      to: '2026-01-31',
    }).expect(201);
    const team = Campaign.parse(res.body);
    expect(team).toMatchObject({ tasks: 2, done: 0 });
    const page = await list(fu.token, { campaign: team.id });
    expect(page.items.map((i) => i.sourceId).sort()).toEqual([complaint, other].sort());
    expect(page.items.find((i) => i.sourceId === complaint)?.reason).toBe('always');
    const listed = await campaigns(fu.token);
    expect(listed.items.map((c) => c.name)).toEqual(['投诉组回访', '改管专题']);
    expect(listed.total).toBe(2);
  });

  it('refuses a period backwards or over a year, and anyone but a supervisor', async () => {
    const backwards = await start(sup.token, { ...pipeChange, from: '2026-01-10', to: '2026-01-01' }).expect(400);
    expect(backwards.body.error.code).toBe('VALIDATION_FAILED');
    const long = await start(sup.token, { ...pipeChange, from: '2025-01-01', to: '2026-01-05' }).expect(400);
    expect(long.body.error.code).toBe('CAMPAIGN_PERIOD_INVALID');
    await start(fu.token, { ...pipeChange, from: '2026-01-01', to: '2026-01-05' }).expect(403);
    await t.http.post(`/api/agent/followups/campaigns/${campaign.id}/end`).set(t.bearer(fu.token)).expect(403);
    await t.http
      .post('/api/agent/followups/campaigns/0123456789abcdef01234567/end')
      .set(t.bearer(sup.token))
      .expect(404);
  });
});
