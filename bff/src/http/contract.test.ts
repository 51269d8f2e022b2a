import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { ErrorBody } from '@bianmin/shared';
import { createLogger } from '../lib/logger';
import { seedOutlets } from '../seed/outlets';
import { createTestApp, type TestApp } from '../testing/app';

/**
 * An answer that fails its own response schema is the server's fault: the caller gets a 500
 * with no internal field paths, and the log gets an error naming the endpoint and the issues.
 * Every mounted route goes through the same check (http/route.ts), so one route proves it.
 */
describe('a response that breaks its contract', () => {
  let t: TestApp;
  const lines: Array<Record<string, unknown>> = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    t = await createTestApp({ logger: pino({ level: 'error' }, sink) });
    await seedOutlets(t.models, createLogger('silent'));
  });
  afterAll(() => t.close());

  it('is a 500 INTERNAL without field paths, logged as an error with the issues', async () => {
    const outlet = await t.models.Outlet.findOne().lean();
    const id = String(outlet?._id);
    await t.http.get(`/api/outlets/${id}`).expect(200);
    // data written by another version: a facility this contract does not know
    await t.models.Outlet.collection.updateOne({ _id: outlet?._id }, { $set: { facilities: ['wifi'] } });

    const res = await t.http.get(`/api/outlets/${id}`).expect(500);
    const body = ErrorBody.parse(res.body);
    expect(body.error.code).toBe('INTERNAL');
    expect(body.error.details).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toMatch(/facilities|response\./);

    const logged = lines.find((l) => l.msg === 'request failed');
    expect(logged).toMatchObject({ level: 50, path: `/api/outlets/${id}` });
    expect(JSON.stringify(logged)).toMatch(/getOutlet/);
    expect(JSON.stringify(logged)).toMatch(/response\.facilities/);
  });
});
