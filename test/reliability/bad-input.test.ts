import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { endpoints, ErrorBody, fillPath, type Endpoint } from '@bianmin/shared';
import { createWechatClient } from '../../bff/src/lib/wechat';
import { createTestApp, type TestApp } from '../../bff/src/testing/app';
import { startWechatStandin, type WechatStandin } from '../../bff/src/testing/wechat-standin';

/**
 * Bad input on every route of the contract: generated bodies, query strings, headers and path ids.
 * Whatever arrives, the BFF answers with a status below 500, in the error envelope, with no stack
 * trace or database text, and no promise is left rejected. New endpoints are covered as soon as
 * they are added to the shared contract.
 */

const all = Object.entries(endpoints) as Array<[string, Endpoint]>;

/** Top-level keys a schema names, so generated input reaches past the first "unknown key" check. */
function keysOf(schema: z.ZodType | undefined): string[] {
  let current: unknown = schema;
  for (let i = 0; i < 5 && current; i += 1) {
    if (current instanceof z.ZodObject) return Object.keys(current.shape);
    const def = (current as { _zod?: { def?: { in?: unknown; innerType?: unknown; schema?: unknown } } })._zod?.def;
    current = def?.in ?? def?.innerType ?? def?.schema;
  }
  return [];
}

const operator = fc.constantFrom<unknown>(
  { $ne: null },
  { $gt: '' },
  { $where: 'sleep(1000)' },
  { $regex: '.*' },
  { $in: [] },
  { $expr: { $eq: [1, 1] } },
);
const hostileString = fc.constantFrom(
  '',
  ' ',
  '$ne',
  '{"$gt":""}',
  '../../etc/passwd',
  '\u0000',
  '<script>alert(1)</script>',
  '000000000000000000000000',
  'ffffffffffffffffffffffff',
  '1'.repeat(5000),
  '张*明',
  '-1',
  'NaN',
  '1e309',
);
const value = fc.oneof(
  { depthSize: 'small' },
  fc.jsonValue({ maxDepth: 2 }),
  operator,
  hostileString,
  fc.integer(),
  fc.double(),
);
const pathValue = fc.oneof(
  hostileString,
  fc.string({ maxLength: 40 }),
  fc.stringMatching(/^[0-9a-f]{24}$/),
  fc.constant('$where'),
);

function bodyFor(schema: z.ZodType | undefined) {
  const keys = keysOf(schema);
  return fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    operator,
    keys.length > 0
      ? fc.dictionary(fc.constantFrom(...keys, '$where', '__proto__', 'constructor'), value, {
          maxKeys: keys.length + 1,
        })
      : fc.dictionary(fc.string({ maxLength: 8 }), value, { maxKeys: 3 }),
  );
}

function queryFor(schema: z.ZodType | undefined) {
  const keys = keysOf(schema);
  const key =
    keys.length > 0 ? fc.constantFrom(...keys, ...keys.map((k) => `${k}[$ne]`), 'x[$gt]') : fc.constant('x[$gt]');
  const queryValue = fc.oneof(
    hostileString,
    fc.string({ maxLength: 20 }),
    fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  );
  return fc.dictionary(key, queryValue, { maxKeys: 4 });
}

/** The answer without what differs between two identical requests (request ids, the server's clock). */
function stable(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(stable);
  if (typeof body !== 'object' || body === null) return body;
  return Object.fromEntries(
    Object.entries(body)
      .filter(([key]) => key !== 'requestId' && key !== 'serverTime')
      .map(([key, value]) => [key, stable(value)]),
  );
}

/**
 * WeChat Pay's servers read failures of the notification endpoint as `{code, message}` (its
 * documented shape); everything else answers in the app's envelope.
 */
const ProviderError = z.object({ code: z.string().min(1), message: z.string().min(1) });

type Who = 'none' | 'resident' | 'agent' | 'supervisor' | 'field' | 'coordinator' | 'garbage';

/** Who is signed in to reach past each access kind's guard (field staff and coordinators in one unit). */
const WHO_FOR: Record<Endpoint['access'], Who> = {
  public: 'none',
  authenticated: 'resident',
  resident: 'resident',
  staff: 'agent',
  supervisor: 'supervisor',
  unit: 'field',
  coordinator: 'coordinator',
  dispatcher: 'coordinator',
  manager: 'coordinator',
  followup: 'supervisor',
};

describe('bad input on every route', () => {
  let t: TestApp;
  // WeChat's login, stood in for: a well-formed code reaches the real client and is refused there
  let wechat: WechatStandin;
  const tokens: Partial<Record<Who, string>> = {};
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onRejection);
    wechat = await startWechatStandin({ appId: 'wx-fuzz', appSecret: 'fuzz-secret' });
    t = await createTestApp({
      env: { PAYER_LOOKUP_PER_MINUTE: '10000' },
      wechat: createWechatClient({ appId: 'wx-fuzz', appSecret: 'fuzz-secret', apiBase: wechat.url }),
    });
    tokens.garbage = 'not.a.token-at-all';
  });

  /** Fresh sessions: a generated call may have been a logout. */
  async function signIn() {
    tokens.resident = await t.residentToken('fuzz-resident');
    tokens.agent = await t.staffToken('fuzz-agent', 'agent');
    tokens.supervisor = await t.staffToken('fuzz-super', 'supervisor');
    tokens.field = await t.staffToken('fuzz-field', 'field');
    tokens.coordinator = await t.staffToken('fuzz-coord', 'coordinator');
    // both in one unit, so the field routes reach past "not in a unit"
    if (!(await t.models.Unit.exists({ name: '模糊测试供电所' }))) {
      const agents = await t.models.Agent.find({ username: { $in: ['fuzz-field', 'fuzz-coord'] } }).lean();
      await t.models.Unit.create({
        name: '模糊测试供电所',
        utility: 'power',
        district: '东城区',
        members: agents.map((a) => ({
          agentId: String(a._id),
          name: a.displayName,
          role: a.role,
          phone: '13800000000',
        })),
      });
    }
  }
  beforeEach(signIn);
  afterAll(async () => {
    process.off('unhandledRejection', onRejection);
    await t.close();
    await wechat.close();
  });

  function send(
    e: Endpoint,
    input: { params: Record<string, string>; query: object; body: unknown; who: Who; header?: [string, string] },
  ) {
    const url = fillPath(e.path, input.params);
    let req = t.http[e.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete'](url).query(
      input.query as Record<string, string>,
    );
    const token = tokens[input.who];
    if (token) req = req.set('Authorization', `Bearer ${token}`);
    if (e.method !== 'GET') req = req.set('Content-Type', 'application/json');
    if (input.header) req = req.set(input.header[0], input.header[1]);
    // sent as text, so a generated Content-Type header cannot change how the client encodes it
    if (e.method !== 'GET') req = req.send(JSON.stringify(input.body ?? null));
    // a stream that opens would never end: give up waiting; opening it is a valid answer
    return req.timeout({ response: 5000 });
  }

  function expectWellFormed(status: number, body: unknown, text: string, where: string, external = false) {
    expect(status, where).toBeLessThan(500);
    if (status >= 400) {
      const shape = external ? ErrorBody.or(ProviderError) : ErrorBody;
      expect(shape.safeParse(body).success, `${where}: ${text.slice(0, 200)}`).toBe(true);
      expect(text, where).not.toMatch(/\bat \S+\.(ts|js):\d+|node_modules|Mongo\w*Error|Cast to|E11000/);
    }
  }

  for (const [name, e] of all) {
    it(`${name} (${e.method} ${e.path}) answers any generated input below 500, in the envelope`, async () => {
      const paramKeys = [...e.path.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '');
      // a stream with valid credentials and no id to miss would stay open: fuzz it signed-out only
      const whoChoices: Who[] =
        e.stream && paramKeys.length === 0
          ? ['none', 'garbage']
          : ['none', 'garbage', 'resident', 'agent', 'supervisor', 'field', 'coordinator'];
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            params: fc.record(Object.fromEntries(paramKeys.map((k) => [k, pathValue]))),
            query: queryFor(e.query),
            body: bodyFor(e.body),
            who: fc.constantFrom(...whoChoices),
            header: fc.option(
              fc.tuple(
                fc.constantFrom(
                  'Content-Type',
                  'Last-Event-ID',
                  'X-HTTP-Method-Override',
                  'Wechatpay-Serial',
                  'Idempotency-Key',
                ),
                fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
              ),
              { nil: undefined },
            ),
          }),
          async (input) => {
            if (name === 'logout') await signIn();
            let res;
            try {
              res = await send(e, input);
            } catch (err) {
              // only an open stream may time out
              if (e.stream && (err as { timeout?: number }).timeout) return;
              throw err;
            }
            expectWellFormed(
              res.status,
              res.body,
              res.text,
              `${name} ${JSON.stringify(input).slice(0, 300)}`,
              e.external === true,
            );
          },
        ),
        { numRuns: 15 },
      );
    });
  }

  it('treats an operator object in any body field as invalid input', async () => {
    for (const [name, e] of all) {
      if (!e.body || e.access === 'public') continue;
      const who: Who = WHO_FOR[e.access];
      for (const key of keysOf(e.body)) {
        const params = Object.fromEntries([...e.path.matchAll(/:(\w+)/g)].map((m) => [m[1] ?? '', '0'.repeat(24)]));
        const res = await send(e, { params, query: {}, body: { [key]: { $ne: null } }, who });
        expect(res.status, `${name}.${key}`).toBeGreaterThanOrEqual(400);
        expectWellFormed(res.status, res.body, res.text, `${name}.${key}`);
      }
    }
  });

  it('ignores operator syntax in query strings: the answer is a 400 or the same as without it', async () => {
    for (const [name, e] of all) {
      if (e.method !== 'GET' || e.stream || e.path.includes('/:') || e.access === 'public') continue;
      const who: Who = WHO_FOR[e.access];
      const plain = await send(e, { params: {}, query: {}, body: undefined, who });
      const keys = [...keysOf(e.query), 'userId', 'status'];
      const injected = Object.fromEntries(
        keys.flatMap((k) => [
          [`${k}[$ne]`, 'null'],
          [`${k}[$gt]`, ''],
        ]),
      );
      const res = await send(e, { params: {}, query: injected, body: undefined, who });
      expectWellFormed(res.status, res.body, res.text, name);
      if (res.status !== 400) {
        expect(res.status, name).toBe(plain.status);
        expect(stable(res.body), name).toEqual(stable(plain.body));
      }
    }
  });

  it('refuses an oversized body with 413 on every route that takes one', async () => {
    const big = { text: 'x'.repeat(t.config.bodyLimitBytes + 10) };
    for (const [name, e] of all) {
      if (!e.body) continue;
      const params = Object.fromEntries([...e.path.matchAll(/:(\w+)/g)].map((m) => [m[1] ?? '', '0'.repeat(24)]));
      const who: Who = WHO_FOR[e.access];
      const res = await send(e, { params, query: {}, body: big, who });
      // an access check may answer first; what matters is that the body is never read
      expect([401, 403, 413], name).toContain(res.status);
      expectWellFormed(res.status, res.body, res.text, name);
    }
  });

  it('left no promise rejected along the way', () => {
    expect(rejections).toEqual([]);
  });
});
