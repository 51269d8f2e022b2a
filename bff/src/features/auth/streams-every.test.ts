import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints, fillPath } from '@bianmin/shared';
import { listen, openStream } from '../help/test-helpers';
import { woTestApp, type WoTestApp } from '../workorders/test-helpers';

/**
 * The class of issue 13.6: every live stream the API offers — not only the help streams that
 * were seen leaking — ends when the session that opened it ends. The table below must name
 * every endpoint the contract marks `stream: true`, so a new stream without a case fails here.
 */
const env = { STREAM_SESSION_CHECK_MS: '50', HELP_EVENTS_POLL_MS: '50' };

let unitId = '';
type Case = (t: WoTestApp) => Promise<{ token: string; params?: Record<string, string> }>;

const cases: Record<string, Case> = {
  async helpEvents(t) {
    const token = await t.resident('13700005501');
    const res = await t.http.post('/api/help').set(t.bearer(token)).send({}).expect(201);
    return { token, params: { id: (res.body as { help: { id: string } }).help.id } };
  },
  async agentEvents(t) {
    const agent = await t.staff('stream-every-agent', 'agent');
    return { token: agent.token };
  },
  async workOrderEvents(t) {
    const token = await t.resident('13700005502');
    const accountId = await t.bindAccount(token, 'power', '东城区', 'dongcheng-1');
    return { token, params: { id: await t.report(token, { problem: 'power_outage', accountId }) } };
  },
  async fieldEvents(t) {
    const member = await t.member(unitId, 'stream-every-field', 'field', '张建国', '13812345678');
    return { token: member.token };
  },
};

describe('every live stream ends with its session', () => {
  let t: WoTestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    t = await woTestApp({ env });
    t.services.help.live.poller.start();
    server = await listen(t.app);
    unitId = await t.unit('东城供电所', 'power', '东城区', ['dongcheng-1']);
  });
  afterAll(async () => {
    t.services.help.live.poller.stop();
    await server.close();
    await t.close();
  });

  const streams = Object.entries(endpoints)
    .filter(([, e]) => 'stream' in e && e.stream)
    .map(([name, e]) => ({ name, path: e.path }));

  it('has a case for every stream the contract offers', () => {
    expect(streams.map((s) => s.name).sort()).toEqual(Object.keys(cases).sort());
  });

  it.each(streams)('$name ($path) ends at logout', async ({ name, path }) => {
    const setup = cases[name];
    if (!setup) throw new Error(`no case for the stream ${name}`);
    const { token, params } = await setup(t);
    const stream = openStream(`${server.url}${fillPath(path, params)}?access_token=${token}`);
    expect(await stream.opened).toBe(200);
    await t.http.post('/api/auth/logout').set(t.bearer(token)).expect(204);
    await stream.ended;
  });
});
