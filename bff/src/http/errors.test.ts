import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '@bianmin/shared';
import { createTestApp, type TestApp } from '../testing/app';
import { isDbUnavailable } from './errors';

describe('error envelope', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { BODY_LIMIT_KB: '4' } });
  });
  afterAll(() => t.close());

  it('answers an unknown route with 404 in the envelope', async () => {
    const res = await t.http.get('/api/no-such-thing').expect(404);
    expect(ErrorBody.parse(res.body).error.code).toBe('NOT_FOUND');
    await t.http.delete('/api/me').expect(404);
  });

  it('answers a body that is not JSON with 400 BAD_JSON', async () => {
    const res = await t.http
      .post('/api/auth/dev-login')
      .set('Content-Type', 'application/json')
      .send('{"openid": ')
      .expect(400);
    expect(res.body.error.code).toBe('BAD_JSON');
  });

  it('answers a body of another type with 415', async () => {
    const res = await t.http.post('/api/auth/dev-login').set('Content-Type', 'text/plain').send('openid=x').expect(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses an oversized body with 413, declared or streamed', async () => {
    const big = JSON.stringify({ openid: 'x', nickname: 'y'.repeat(10_000) });
    const declared = await t.http
      .post('/api/auth/dev-login')
      .set('Content-Type', 'application/json')
      .send(big)
      .expect(413);
    expect(declared.body.error.code).toBe('PAYLOAD_TOO_LARGE');

    // chunked, with no Content-Length to refuse it early
    const handle = t.app.callback();
    const server = http.createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(
          { port, method: 'POST', path: '/api/auth/dev-login', headers: { 'Content-Type': 'application/json' } },
          (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        for (let i = 0; i < 10; i += 1) req.write(big.slice(i * 1024, (i + 1) * 1024));
        req.end(big.slice(10 * 1024));
      });
      expect(streamed.status).toBe(413);
      expect(JSON.parse(streamed.body)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('never shows a stack trace or internal text, and gives a request id', async () => {
    const res = await t.http.post('/api/auth/dev-login').set('Content-Type', 'application/json').send('[').expect(400);
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/at \w+ \(|node_modules|SyntaxError/);
    expect(res.body.error.requestId).toBe(res.headers['x-request-id']);
  });

  it('sets secure headers on API answers', async () => {
    const res = await t.http.get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('database unavailable', () => {
  const named = (name: string, message = 'x', cause?: unknown) =>
    Object.assign(new Error(message, cause === undefined ? undefined : { cause }), { name });

  it('recognises the driver errors, and the errors raised because of them', () => {
    expect(isDbUnavailable(named('MongoServerSelectionError'))).toBe(true);
    expect(isDbUnavailable(named('MongoBulkWriteError', 'write failed', named('MongoNetworkError')))).toBe(true);
    expect(isDbUnavailable(named('Error', 'a', named('Error', 'b', named('MongoNotConnectedError'))))).toBe(true);
    // seen under load in test/reliability/outage.test.ts: a 500 instead of a 503
    expect(isDbUnavailable(named('Error', 'This socket has been ended by the other party'))).toBe(true);
    expect(isDbUnavailable(Object.assign(named('Error', 'write EPIPE'), { code: 'EPIPE' }))).toBe(true);
    expect(isDbUnavailable(named('MongoServerError', 'E11000 duplicate key'))).toBe(false);
    expect(isDbUnavailable(named('TypeError', 'x', named('RangeError')))).toBe(false);
  });
});
