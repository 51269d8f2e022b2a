import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentAuthResult, LoginLockList } from '@bianmin/shared';
import { createManualClock } from '../../lib/clock';
import { hashPassword } from '../../lib/password';
import { createTestApp, type TestApp } from '../../testing/app';

// Attack (issue 13.8): ten wrong passwords from anywhere locked a named staff member out of her
// own login, renewable every minute. Now an attacker is slowed (progressive delay per username
// for addresses that failed, a cap for new ones) and the real person still gets in.
const env = {
  TRUST_PROXY: 'true',
  // per address, as in production; the old per-username count of this limit locked her out
  LOGIN_RATE_LIMIT_PER_MINUTE: '20',
  STAFF_LOGIN_FREE_FAILURES: '5',
  STAFF_LOGIN_MAX_DELAY_SECONDS: '60',
  STAFF_LOGIN_WINDOW_MINUTES: '60',
  STAFF_LOGIN_NEW_ADDRESS_CAP: '12',
};
const PASSWORD = 'her-own-password';

describe('staff login limits through the HTTP API', { timeout: 60_000 }, () => {
  const clock = createManualClock('2026-01-05T02:00:00.000Z');
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await createTestApp({ clock, env });
    b = await createTestApp({ clock, env, dbName: a.config.db.name }); // a second instance
  });
  afterAll(async () => {
    await b.close({ keepDatabase: true });
    await a.close();
  });

  async function staff(username: string, role: 'agent' | 'supervisor' = 'agent') {
    await a.models.Agent.create({
      username,
      role,
      displayName: `${username}名`,
      passwordHash: await hashPassword(PASSWORD),
    });
  }
  const login = (t: TestApp, from: string, body: { username: string; password: string; deviceToken?: string }) =>
    t.http.post('/api/agent/login').set('X-Forwarded-For', from).send(body);
  async function supervisorToken(): Promise<string> {
    const res = await login(a, '10.9.9.9', { username: 'lock-sup', password: PASSWORD }).expect(200);
    return AgentAuthResult.parse(res.body).token;
  }

  it('lets her in from her own browser and from a clean address after wrong passwords from many addresses', async () => {
    await staff('victim01');
    // she signed in yesterday from her browser: it keeps the device token
    const device = AgentAuthResult.parse(
      (await login(a, '10.0.0.1', { username: 'victim01', password: PASSWORD }).expect(200)).body,
    ).deviceToken;
    const attack = async (from: number, to: number) => {
      const statuses: number[] = [];
      for (let i = from; i < to; i++) {
        const t = i % 2 === 0 ? a : b; // both instances count the same failures
        statuses.push((await login(t, `172.16.0.${i + 1}`, { username: 'victim01', password: `guess-${i}` })).status);
      }
      return statuses;
    };
    expect(await attack(0, 10)).toEqual(Array(10).fill(401));
    // the attacker's own addresses now wait
    const held = await login(a, '172.16.0.10', { username: 'victim01', password: 'guess-again' }).expect(429);
    expect(held.body.error.code).toBe('RATE_LIMITED');
    expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
    // she is not locked out: a desk that never failed lets her in
    await login(a, '10.0.0.77', { username: 'victim01', password: PASSWORD }).expect(200);
    // past the cap, new addresses wait too, but her own browser still gets in
    expect(await attack(10, 25)).toEqual([401, 401, ...Array(13).fill(429)]);
    await login(b, '10.0.0.1', { username: 'victim01', password: PASSWORD, deviceToken: device }).expect(200);
  });

  it('makes each further try from a failed address wait twice as long, with Retry-After', async () => {
    await staff('victim02');
    const from = '172.16.1.1';
    for (let i = 0; i < 5; i++) await login(a, from, { username: 'victim02', password: `g${i}` }).expect(401);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const held = await login(i % 2 ? a : b, from, { username: 'victim02', password: 'g' }).expect(429);
      const wait = Number(held.headers['retry-after']);
      waits.push(wait);
      clock.advance(wait * 1000 - 1000);
      await login(a, from, { username: 'victim02', password: 'g' }).expect(429); // a second early
      clock.advance(1000);
      await login(b, from, { username: 'victim02', password: 'g' }).expect(401); // its turn: counted
    }
    expect(waits).toEqual([2, 4, 8, 16]);
  });

  it('past the cap only her known devices get in, and a device that guesses loses that trust', async () => {
    await staff('victim03');
    const device = AgentAuthResult.parse(
      (await login(a, '10.0.3.1', { username: 'victim03', password: PASSWORD }).expect(200)).body,
    ).deviceToken;
    for (let i = 0; i < 12; i++)
      await login(a, `172.16.3.${i + 1}`, { username: 'victim03', password: `g${i}` }).expect(401);
    const fresh = await login(a, '10.0.3.200', { username: 'victim03', password: PASSWORD }).expect(429);
    expect(Number(fresh.headers['retry-after'])).toBeGreaterThan(0);
    const ok = await login(a, '10.0.3.1', { username: 'victim03', password: PASSWORD, deviceToken: device }).expect(
      200,
    );
    expect(AgentAuthResult.parse(ok.body).deviceToken).toBe(device);

    // a stolen device token is no master key: its own wrong passwords count
    for (let i = 0; i < 3; i++) {
      await login(a, `172.16.3.${50 + i}`, { username: 'victim03', password: `d${i}`, deviceToken: device }).expect(
        401,
      );
    }
    await login(a, '10.0.3.1', { username: 'victim03', password: PASSWORD, deviceToken: device }).expect(429);
  });

  it('shows a supervisor the held-up usernames and lets her clear one; other staff may not', async () => {
    await staff('lock-sup', 'supervisor');
    await staff('victim04');
    await staff('plain-agent');
    const from = '172.16.4.1';
    for (let i = 0; i < 5; i++) await login(a, from, { username: 'victim04', password: `g${i}` }).expect(401);
    await login(a, from, { username: 'nobody-here', password: 'g' }).expect(401);
    const sup = await supervisorToken();
    const list = LoginLockList.parse(
      (await a.http.get('/api/agent/supervisor/login-locks').set('Authorization', `Bearer ${sup}`).expect(200)).body,
    );
    expect(list.items.find((l) => l.username === 'victim04')).toMatchObject({
      displayName: 'victim04名',
      failures: 5,
      onlyKnownDevices: false,
    });
    expect(list.items.find((l) => l.username === 'victim04')?.waitSeconds).toBeGreaterThan(0);
    expect(list.items.map((l) => l.username)).not.toContain('nobody-here');

    const agent = AgentAuthResult.parse(
      (await login(a, '10.0.4.9', { username: 'plain-agent', password: PASSWORD }).expect(200)).body,
    );
    await a.http
      .post('/api/agent/supervisor/login-locks/victim04/clear')
      .set('Authorization', `Bearer ${agent.token}`)
      .expect(403);
    await login(a, from, { username: 'victim04', password: PASSWORD }).expect(429);
    const cleared = LoginLockList.parse(
      (
        await b.http
          .post('/api/agent/supervisor/login-locks/victim04/clear')
          .set('Authorization', `Bearer ${sup}`)
          .expect(200)
      ).body,
    );
    expect(cleared.items.map((l) => l.username)).not.toContain('victim04');
    await login(a, from, { username: 'victim04', password: PASSWORD }).expect(200);
  });
});
