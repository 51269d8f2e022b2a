import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AgentAuthResult, AuthResult } from '@bianmin/shared';
import { createManualClock } from '../../lib/clock';
import { createWechatClient } from '../../lib/wechat';
import { createTestApp, TEST_JWT_SECRET, type TestApp } from '../../testing/app';
import { startWechatStandin, type WechatStandin } from '../../testing/wechat-standin';

function decode(token: string): { sid: string; sub: string; role: string; exp: number } {
  return jwt.decode(token) as { sid: string; sub: string; role: string; exp: number };
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('resident sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('signs a resident in with the development login and answers the profile', async () => {
    const res = await t.http.post('/api/auth/dev-login').send({ openid: 'dev-user-1', nickname: '张阿姨' }).expect(200);
    const body = AuthResult.parse(res.body);
    expect(body.user.nickname).toBe('张阿姨');
    expect(body.user.elderMode).toBe(false);
    const me = await t.http.get('/api/me').set('Authorization', `Bearer ${body.token}`).expect(200);
    expect(me.body).toMatchObject({ id: body.user.id, nickname: '张阿姨' });
  });

  it('gives the same resident back on a second login with the same openid', async () => {
    const first = await t.http.post('/api/auth/dev-login').send({ openid: 'same-person' }).expect(200);
    const second = await t.http.post('/api/auth/dev-login').send({ openid: 'same-person' }).expect(200);
    expect(second.body.user.id).toBe(first.body.user.id);
    expect(second.body.token).not.toBe(first.body.token);
  });

  it('makes the token fail at once after logout', async () => {
    const token = await t.residentToken();
    await t.http.get('/api/me').set('Authorization', `Bearer ${token}`).expect(200);
    await t.http.post('/api/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
    const res = await t.http.get('/api/me').set('Authorization', `Bearer ${token}`).expect(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    await t.http.post('/api/auth/logout').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('ends only the session that logged out', async () => {
    const phone = await t.residentToken('two-devices');
    const tablet = await t.residentToken('two-devices');
    await t.http.post('/api/auth/logout').set('Authorization', `Bearer ${phone}`).expect(204);
    await t.http.get('/api/me').set('Authorization', `Bearer ${tablet}`).expect(200);
  });

  it('refuses requests without a token or with a malformed header', async () => {
    for (const header of [undefined, 'Bearer', 'Basic abc', 'Bearer not-a-jwt-at-all', `Bearer ${'a'.repeat(3000)}`]) {
      const req = t.http.get('/api/me');
      if (header) req.set('Authorization', header);
      const res = await req.expect(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  describe('refuses a forged token', () => {
    let real: string;
    let claims: ReturnType<typeof decode>;
    beforeAll(async () => {
      real = await t.residentToken('forgery-target');
      claims = decode(real);
    });

    const cases: Array<[string, () => string, string?]> = [
      [
        'signed with another key',
        () =>
          jwt.sign({ sid: claims.sid, role: claims.role }, 'another-secret-that-is-long-enough!!', {
            algorithm: 'HS256',
            subject: claims.sub,
            issuer: 'bianmin',
            expiresIn: 600,
          }),
      ],
      [
        'signed with HS512 and the right key',
        () =>
          jwt.sign({ sid: claims.sid, role: claims.role }, TEST_JWT_SECRET, {
            algorithm: 'HS512',
            subject: claims.sub,
            issuer: 'bianmin',
            expiresIn: 600,
          }),
      ],
      ['with alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, iss: 'bianmin' })}.`],
      [
        'signed with RS256',
        () => {
          const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
          return jwt.sign({ sid: claims.sid, role: claims.role }, privateKey, {
            algorithm: 'RS256',
            subject: claims.sub,
            issuer: 'bianmin',
            expiresIn: 600,
          });
        },
      ],
      [
        'with a tampered payload',
        () => {
          const [header, , signature] = real.split('.');
          return `${header}.${b64({ ...claims, role: 'supervisor', iss: 'bianmin' })}.${signature}`;
        },
      ],
      [
        'naming a session that does not exist',
        () =>
          jwt.sign({ sid: 'no-such-session', role: claims.role }, TEST_JWT_SECRET, {
            algorithm: 'HS256',
            subject: claims.sub,
            issuer: 'bianmin',
            expiresIn: 600,
          }),
      ],
      [
        'naming a real session for another subject',
        () =>
          jwt.sign({ sid: claims.sid, role: claims.role }, TEST_JWT_SECRET, {
            algorithm: 'HS256',
            subject: '0123456789abcdef01234567',
            issuer: 'bianmin',
            expiresIn: 600,
          }),
      ],
      [
        'past its expiry',
        () =>
          jwt.sign({ sid: claims.sid, role: claims.role, exp: Math.floor(Date.now() / 1000) - 10 }, TEST_JWT_SECRET, {
            algorithm: 'HS256',
            subject: claims.sub,
            issuer: 'bianmin',
          }),
        'SESSION_EXPIRED',
      ],
    ];

    it.each(cases)('%s', async (_name, forge, code = 'UNAUTHENTICATED') => {
      const res = await t.http.get('/api/me').set('Authorization', `Bearer ${forge()}`).expect(401);
      expect(res.body.error.code).toBe(code);
    });

    it('while the real token still works', async () => {
      await t.http.get('/api/me').set('Authorization', `Bearer ${real}`).expect(200);
    });
  });

  it('refuses an unknown field or a bad openid with field details', async () => {
    const res = await t.http.post('/api/auth/dev-login').send({ openid: 'a b', admin: true }).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const paths = (res.body.error.details as Array<{ path: string }>).map((d) => d.path);
    expect(paths).toContain('body.openid');
    expect(paths).toContain('body');
  });

  it('treats an operator object where a string is expected as invalid', async () => {
    const res = await t.http
      .post('/api/auth/dev-login')
      .send({ openid: { $ne: null } })
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('session expiry', () => {
  const clock = createManualClock(new Date());
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock, env: { SESSION_TTL_MINUTES: '30' } });
  });
  afterAll(() => t.close());

  it('refuses a session past its expiry with SESSION_EXPIRED, then sweeps it away', async () => {
    const token = await t.residentToken('expiring');
    const { sid } = decode(token);
    clock.advance(29 * 60_000);
    await t.http.get('/api/me').set('Authorization', `Bearer ${token}`).expect(200);
    // the JWT's own exp is checked against the same clock, so the session check is what answers
    clock.advance(2 * 60_000);
    const res = await t.http.get('/api/me').set('Authorization', `Bearer ${token}`).expect(401);
    expect(res.body.error.code).toBe('SESSION_EXPIRED');
    expect(await t.models.Session.exists({ _id: sid })).toBeTruthy();
  });

  it('answers SESSION_EXPIRED when the session ended before the token did', async () => {
    const token = await t.residentToken('cut-short');
    const { sid } = decode(token);
    await t.models.Session.updateOne({ _id: sid }, { $set: { expiresAt: new Date(clock.now().getTime() - 1000) } });
    const res = await t.http.get('/api/me').set('Authorization', `Bearer ${token}`).expect(401);
    expect(res.body.error.code).toBe('SESSION_EXPIRED');
  });

  it('deletes expired sessions in the sweep and keeps live ones', async () => {
    const live = decode(await t.residentToken('live-one')).sid;
    await t.models.Session.create({
      _id: 'old-session',
      subjectId: 'x',
      role: 'resident',
      expiresAt: new Date(clock.now().getTime() - 60_000),
    });
    expect(await t.services.auth.sweepExpired()).toBeGreaterThanOrEqual(1);
    expect(await t.models.Session.exists({ _id: 'old-session' })).toBeNull();
    expect(await t.models.Session.exists({ _id: live })).toBeTruthy();
  });
});

describe('development login switch', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { DEV_LOGIN_ENABLED: 'false' } });
  });
  afterAll(() => t.close());

  it('is refused unless explicitly enabled', async () => {
    const res = await t.http.post('/api/auth/dev-login').send({ openid: 'someone' }).expect(403);
    expect(res.body.error.code).toBe('DEV_LOGIN_DISABLED');
  });
});

describe('POST /api/auth/wx-login', () => {
  // WeChat's jscode2session, stood in for at the HTTP boundary
  let wechat: WechatStandin;
  let t: TestApp;

  beforeAll(async () => {
    wechat = await startWechatStandin({
      appId: 'wx-app',
      appSecret: 'app-secret',
      logins: { 'good-code': { openid: 'wx-openid-1', session_key: 'SECRET-SESSION-KEY==', unionid: 'union-1' } },
    });
    t = await createTestApp({
      wechat: createWechatClient({ appId: 'wx-app', appSecret: 'app-secret', apiBase: wechat.url }),
    });
  });
  afterAll(async () => {
    await t.close();
    await wechat.close();
  });
  afterEach(() => {
    wechat.loginCalls.length = 0;
  });

  it('exchanges the code and keeps the session_key on the server only', async () => {
    const res = await t.http.post('/api/auth/wx-login').send({ code: 'good-code' }).expect(200);
    const body = AuthResult.parse(res.body);
    expect(JSON.stringify(res.body)).not.toContain('SECRET-SESSION-KEY');
    expect(wechat.loginCalls[0]?.searchParams.get('appid')).toBe('wx-app');
    expect(wechat.loginCalls[0]?.searchParams.get('grant_type')).toBe('authorization_code');
    const session = await t.models.Session.findById(decode(body.token).sid).select('+wxSessionKey').lean();
    expect(session?.wxSessionKey).toBe('SECRET-SESSION-KEY==');
    const user = await t.models.User.findById(body.user.id).lean();
    expect(user?.openid).toBe('wx-openid-1');
    await t.http.get('/api/me').set('Authorization', `Bearer ${body.token}`).expect(200);
  });

  it('answers 401 WX_LOGIN_FAILED for a code WeChat rejects', async () => {
    const res = await t.http.post('/api/auth/wx-login').send({ code: 'stale-code' }).expect(401);
    expect(res.body.error).toMatchObject({ code: 'WX_LOGIN_FAILED', message: expect.stringMatching(/微信/) });
  });

  it('answers 502 WX_UNAVAILABLE when WeChat is busy', async () => {
    const res = await t.http.post('/api/auth/wx-login').send({ code: 'busy' }).expect(502);
    expect(res.body.error.code).toBe('WX_UNAVAILABLE');
  });

  it('answers 503 when WeChat login is not configured', async () => {
    const unconfigured = await createTestApp();
    try {
      const res = await unconfigured.http.post('/api/auth/wx-login').send({ code: 'good-code' }).expect(503);
      expect(res.body.error.code).toBe('WX_UNAVAILABLE');
    } finally {
      await unconfigured.close();
    }
  });
});

describe('POST /api/agent/login', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.staffToken('agent-a');
  });
  afterAll(() => t.close());

  it('signs staff in with username and password', async () => {
    const res = await t.http
      .post('/api/agent/login')
      .send({ username: 'agent-a', password: 'test-password' })
      .expect(200);
    const body = AgentAuthResult.parse(res.body);
    expect(body.agent).toMatchObject({ username: 'agent-a', role: 'agent' });
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|scrypt/);
  });

  it('answers the same 401 for a wrong password and an unknown user', async () => {
    const wrong = await t.http.post('/api/agent/login').send({ username: 'agent-a', password: 'nope' }).expect(401);
    const unknown = await t.http.post('/api/agent/login').send({ username: 'nobody', password: 'nope' }).expect(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.error).toEqual({ ...wrong.body.error, requestId: unknown.body.error.requestId });
  });

  it('keeps staff tokens away from resident endpoints', async () => {
    const login = await t.http.post('/api/auth/dev-login').send({ openid: 'x' });
    expect(login.status).toBe(200);
    const staff = await t.http.post('/api/agent/login').send({ username: 'agent-a', password: 'test-password' });
    const res = await t.http
      .get('/api/me')
      .set('Authorization', `Bearer ${staff.body.token as string}`)
      .expect(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });
});

describe('login rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '5', TRUST_PROXY: 'true' } });
  });
  afterAll(() => t.close());

  // a username is not locked by many addresses (staff-login.test.ts); one address is limited
  it('limits a burst of staff logins from one address with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const res = await t.http
        .post('/api/agent/login')
        .set('X-Forwarded-For', '10.0.0.1')
        .send({ username: 'victim', password: `guess-${i}` });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.body.error.code).toBe('RATE_LIMITED');
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });

  it('limits a burst of development logins from one address but not from another', async () => {
    const burst = [];
    for (let i = 0; i < 7; i += 1) {
      burst.push(
        (
          await t.http
            .post('/api/auth/dev-login')
            .set('X-Forwarded-For', '10.1.1.1')
            .send({ openid: `b${i}` })
        ).status,
      );
    }
    expect(burst.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(burst.slice(5)).toEqual([429, 429]);
    await t.http.post('/api/auth/dev-login').set('X-Forwarded-For', '10.1.1.2').send({ openid: 'other' }).expect(200);
  });
});

describe('logins behind one shared address (a care home, a call centre, a carrier)', () => {
  // the product's defaults, not the tests' own high limit
  const defaults = { LOGIN_RATE_LIMIT_PER_MINUTE: undefined, LOGIN_PER_RESIDENT_PER_MINUTE: undefined };
  const people = 40;
  let wechat: WechatStandin;
  let t: TestApp;

  beforeAll(async () => {
    const logins = Object.fromEntries(
      Array.from({ length: people }, (_, i) => [
        `code-${i}`,
        // the first twelve codes are one resident's, logging in again and again
        { openid: i < 12 ? 'wx-again' : `wx-${i}`, session_key: `key-${i}` },
      ]),
    );
    wechat = await startWechatStandin({ appId: 'wx-app', appSecret: 'app-secret', logins });
    t = await createTestApp({
      env: defaults,
      wechat: createWechatClient({ appId: 'wx-app', appSecret: 'app-secret', apiBase: wechat.url }),
    });
  });
  afterAll(async () => {
    await t.close();
    await wechat.close();
  });

  it('signs in every resident and every agent who logs in from the same address at once', async () => {
    const residents = await Promise.all(
      Array.from({ length: people }, (_, i) => t.http.post('/api/auth/dev-login').send({ openid: `home-${i}` })),
    );
    expect(residents.map((r) => r.status)).toEqual(residents.map(() => 200));
    const staff = await Promise.all(Array.from({ length: 30 }, (_, i) => t.staffToken(`shift-${i}`)));
    expect(new Set(staff).size).toBe(30);
  });

  it('limits one resident on her own, with WeChat login or the development login, and nobody else', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1)
      statuses.push((await t.http.post('/api/auth/wx-login').send({ code: `code-${i}` })).status);
    expect(statuses).toEqual([...Array<number>(10).fill(200), 429, 429]);
    const refused = await t.http.post('/api/auth/wx-login').send({ code: 'code-11' }).expect(429);
    expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED', message: '登录太频繁了，请过一会儿再试。' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await t.http.post('/api/auth/wx-login').send({ code: 'code-12' }).expect(200);

    for (let i = 0; i < 10; i += 1) await t.http.post('/api/auth/dev-login').send({ openid: 'dev-again' }).expect(200);
    await t.http.post('/api/auth/dev-login').send({ openid: 'dev-again' }).expect(429);
    await t.http.post('/api/auth/dev-login').send({ openid: 'dev-other' }).expect(200);
  });
});
