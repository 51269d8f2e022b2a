import { beforeAll, describe, expect, it } from 'vitest';
import { openStream, twoInstances, type helpTestApp } from '../help/test-helpers';

type T = Awaited<ReturnType<typeof helpTestApp>>;

// Attack (issue 13.6): a live stream opened with a token kept delivering after that token's
// logout or expiry, because only its opening was checked. Streams on either instance must end
// within a few session checks of the session ending on any instance.
const env = { STREAM_SESSION_CHECK_MS: '50', HELP_EVENTS_POLL_MS: '50', SESSION_TTL_MINUTES: '120' };

describe('live streams end with their session', () => {
  const two = twoInstances(env);
  let a: T;
  let b: T;
  let serverB: { url: string };
  beforeAll(() => {
    ({ a, b } = two);
    serverB = { url: two.urlB };
  });

  it("ends a resident's stream on instance B when she logs out on instance A, and keeps her other device's", async () => {
    const phone = await a.resident('two-device-resident');
    const tablet = await a.residentToken('two-device-resident');
    const id = await a.createHelp(phone, {});
    const onPhone = openStream(`${serverB.url}/api/help/${id}/events?access_token=${phone}`);
    const onTablet = openStream(`${serverB.url}/api/help/${id}/events`, b.bearer(tablet));
    expect(await onPhone.opened).toBe(200);
    expect(await onTablet.opened).toBe(200);

    await a.http.post('/api/auth/logout').set(a.bearer(phone)).expect(204);
    await onPhone.ended;

    // the tablet's session was checked in the same round and still stands: it keeps streaming
    const agent = await a.agent('stream-claimer');
    await a.http.post(`/api/agent/help/${id}/claim`).set(a.bearer(agent.token)).expect(200);
    const assigned = (e: { event: string; data: unknown }) =>
      e.event === 'help.status' && (e.data as { status?: string }).status === 'assigned';
    await onTablet.next(assigned, 15_000);
    expect(onPhone.events.some(assigned)).toBe(false);
    onTablet.close();
  });

  it("ends an agent's stream when she logs out on another instance", async () => {
    const agent = await a.agent('stream-leaver', { presence: 'online' });
    const stream = openStream(`${serverB.url}/api/agent/events`, b.bearer(agent.token));
    expect(await stream.opened).toBe(200);
    await a.http.post('/api/auth/logout').set(a.bearer(agent.token)).expect(204);
    await stream.ended;
    await expect.poll(() => b.services.help.presence.holding(agent.id)).toBe(false);
  });

  it('ends a stream whose session was revoked in the database', async () => {
    const resident = await a.resident();
    const id = await a.createHelp(resident, {});
    const stream = openStream(`${serverB.url}/api/help/${id}/events`, b.bearer(resident));
    expect(await stream.opened).toBe(200);
    const { sid } = JSON.parse(Buffer.from(resident.split('.')[1] ?? '', 'base64url').toString()) as { sid: string };
    await a.models.Session.updateOne({ _id: sid }, { $set: { revokedAt: a.clock.now() } });
    await stream.ended;
  });

  it('ends a stream when its session expires by the clock, with no request made', async () => {
    const resident = await a.resident();
    const id = await a.createHelp(resident, {});
    const stream = openStream(`${serverB.url}/api/help/${id}/events`, b.bearer(resident));
    expect(await stream.opened).toBe(200);
    a.clock.advance(121 * 60_000);
    await stream.ended;
    // and reopening it with the same token is refused
    const again = await b.http.get(`/api/help/${id}/events`).set(b.bearer(resident)).expect(401);
    expect(again.body.error.code).toBe('SESSION_EXPIRED');
  });
});
