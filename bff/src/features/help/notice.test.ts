import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentHelpDetail, Notice, ResidentHelp } from '@bianmin/shared';
import { woTestApp, type WoTestApp } from '../workorders/test-helpers';

/**
 * A help request about an account in a district with a current outage notice is told of it at
 * once, in its first answer and on every read while it is open; the agent's detail shows the same
 * notice. Only the account's own district and utility, only a current notice.
 */
describe('help requests and outage notices', () => {
  let t: WoTestApp;
  let coord: Awaited<ReturnType<WoTestApp['member']>>;
  let agent: Awaited<ReturnType<WoTestApp['staff']>>;
  let notice: Notice;

  beforeAll(async () => {
    t = await woTestApp();
    const east = await t.unit('东城供电所', 'power', '东城区', ['dongcheng-1']);
    coord = await t.member(east, 'hn-coord01', 'coordinator', '王工', '13811110001');
    agent = await t.staff('hn-agent', 'agent');
    const now = t.clock.now().getTime();
    const res = await t.http
      .post('/api/agent/notices')
      .set(t.bearer(coord.token))
      .send({
        utility: 'power',
        kind: 'planned',
        district: '东城区',
        description: '线路检修。',
        startsAt: new Date(now + 3600_000).toISOString(),
        endsAt: new Date(now + 9 * 3600_000).toISOString(),
      })
      .expect(201);
    notice = Notice.parse(res.body);
  });
  afterAll(() => t.close());

  const ask = async (token: string, accountId: string) =>
    ResidentHelp.parse(
      (await t.http.post('/api/help').set(t.bearer(token)).send({ context: { accountId } }).expect(201)).body.help,
    );
  const detail = async (id: string) =>
    AgentHelpDetail.parse((await t.http.get(`/api/agent/help/${id}`).set(t.bearer(agent.token)).expect(200)).body);

  it('tells a request about a 东城区 power account of the 东城区 power notice at once, and the agent too', async () => {
    const resident = await t.resident('13700003001');
    const accountId = await t.bindAccount(resident, 'power', '东城区', 'dongcheng-1');
    const help = await ask(resident, accountId);
    expect(help.notice).toMatchObject({ id: notice.id, title: '东城区计划停电', whenText: '1月5日 11:00 至 19:00。' });
    const again = ResidentHelp.parse(
      (await t.http.get(`/api/help/${help.id}`).set(t.bearer(resident)).expect(200)).body,
    );
    expect(again.notice?.id).toBe(notice.id);
    expect((await detail(help.id)).notice?.id).toBe(notice.id);
  });

  it('tells nothing for another district, another utility or no account', async () => {
    const resident = await t.resident('13700003002');
    const west = await t.bindAccount(resident, 'power', '西城区', 'xicheng-1');
    const water = await t.bindAccount(resident, 'water', '东城区', 'dongcheng-1');
    for (const accountId of [west, water]) {
      const help = await ask(resident, accountId);
      expect(help.notice).toBeNull();
      expect((await detail(help.id)).notice).toBeNull();
      await t.http.post(`/api/help/${help.id}/cancel`).set(t.bearer(resident)).expect(200);
    }
    const bare = ResidentHelp.parse(
      (await t.http.post('/api/help').set(t.bearer(resident)).send({}).expect(201)).body.help,
    );
    expect(bare.notice).toBeNull();
  });

  it('stops telling once the notice is over', async () => {
    const resident = await t.resident('13700003003');
    const accountId = await t.bindAccount(resident, 'power', '东城区', 'dongcheng-1');
    const help = await ask(resident, accountId);
    expect(help.notice?.id).toBe(notice.id);
    await t.http
      .post(`/api/agent/notices/${notice.id}`)
      .set(t.bearer(coord.token))
      .send({ status: 'cancelled' })
      .expect(200);
    const after = ResidentHelp.parse(
      (await t.http.get(`/api/help/${help.id}`).set(t.bearer(resident)).expect(200)).body,
    );
    expect(after.notice).toBeNull();
  });
});
