import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints, fillPath, type Endpoint } from '@bianmin/shared';
import { createManualClock } from '../../bff/src/lib/clock';
import { createTestApp, TEST_JWT_SECRET, type TestApp } from '../../bff/src/testing/app';

/**
 * Sessions on every signed-in route of the contract: a revoked, expired or forged token fails
 * everywhere at once, with 401 in the envelope, before any handler runs.
 */

const signedIn = (Object.entries(endpoints) as Array<[string, Endpoint]>).filter(([, e]) => e.access !== 'public');
const ZERO_ID = '0'.repeat(24);

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decode(token: string): { sid: string; sub: string; role: string; exp: number } {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
    sid: string;
    sub: string;
    role: string;
    exp: number;
  };
}

/** Sends `token` to every signed-in route and answers the routes that did not refuse it with `code`. */
async function routesAccepting(t: TestApp, token: string, code: string): Promise<string[]> {
  const accepted: string[] = [];
  for (const [name, e] of signedIn) {
    const params = Object.fromEntries([...e.path.matchAll(/:(\w+)/g)].map((m) => [m[1] ?? '', ZERO_ID]));
    const method = e.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
    let req = t.http[method](fillPath(e.path, params)).set('Authorization', `Bearer ${token}`);
    if (e.method !== 'GET') req = req.send({});
    const res = await req.timeout({ response: 5000 }).catch((err: unknown) => ({ status: 0, body: { err } }));
    const body = res.body as { error?: { code?: string } };
    if (res.status !== 401 || body.error?.code !== code)
      accepted.push(`${name} → ${res.status} ${body.error?.code ?? ''}`);
  }
  return accepted;
}

describe('sessions on every signed-in route', () => {
  const clock = createManualClock(new Date());
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  it('covers the routes of every feature', () => {
    expect(signedIn.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a logged-out resident token on every route', async () => {
    const token = await t.residentToken('revoked-resident');
    await t.http.post('/api/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
    expect(await routesAccepting(t, token, 'UNAUTHENTICATED')).toEqual([]);
  });

  it('refuses a logged-out staff token on every route', async () => {
    const token = await t.staffToken('revoked-agent', 'supervisor');
    await t.http.post('/api/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
    expect(await routesAccepting(t, token, 'UNAUTHENTICATED')).toEqual([]);
  });

  it('refuses a session past its expiry on every route', async () => {
    const token = await t.residentToken('expiring-resident');
    clock.advance((t.config.auth.sessionTtlMinutes + 1) * 60_000);
    expect(await routesAccepting(t, token, 'SESSION_EXPIRED')).toEqual([]);
  });

  describe('refuses a forged token on every route', () => {
    let claims: ReturnType<typeof decode>;
    let real: string;
    beforeAll(async () => {
      clock.set(new Date());
      real = await t.staffToken('forgery-target', 'supervisor');
      claims = decode(real);
    });

    const forgeries: Array<[string, () => string]> = [
      ['with alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`],
      [
        'signed with another key',
        () => jwt.sign({ ...claims }, 'another-secret-that-is-long-enough-too!!', { algorithm: 'HS256' }),
      ],
      ['signed with HS384 and the right key', () => jwt.sign({ ...claims }, TEST_JWT_SECRET, { algorithm: 'HS384' })],
      [
        'signed with RS256',
        () => {
          const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
          return jwt.sign({ ...claims }, privateKey, { algorithm: 'RS256' });
        },
      ],
      [
        'with a tampered payload',
        () => {
          const [header, , signature] = real.split('.');
          return `${header}.${b64({ ...claims, sub: ZERO_ID })}.${signature}`;
        },
      ],
    ];

    it.each(forgeries)('%s', async (_name, forge) => {
      expect(await routesAccepting(t, forge(), 'UNAUTHENTICATED')).toEqual([]);
    });
  });
});
