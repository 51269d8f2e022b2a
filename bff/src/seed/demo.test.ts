import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createLogger } from '../lib/logger';
import { createTestApp, type TestApp } from '../testing/app';
import { DEMO_PASSWORD, DEMO_STAFF, seedDemo } from './demo';

describe('demo seed', () => {
  let t: TestApp;
  const logger = createLogger('silent');
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates the demo agents and supervisor, who can log in with the demo password', async () => {
    await seedDemo({ models: t.models, config: t.config, logger });
    for (const staff of DEMO_STAFF) {
      const res = await t.http
        .post('/api/agent/login')
        .send({ username: staff.username, password: DEMO_PASSWORD })
        .expect(200);
      expect(res.body.agent.role).toBe(staff.role);
    }
    expect(DEMO_STAFF.map((s) => s.username)).toEqual(['agent01', 'agent02', 'agent03', 'super01']);
  });

  it('can run again without duplicating or overwriting anything', async () => {
    await t.models.Agent.updateOne({ username: 'agent01' }, { $set: { displayName: '改过的名字' } });
    await seedDemo({ models: t.models, config: t.config, logger });
    expect(await t.models.Agent.countDocuments()).toBe(DEMO_STAFF.length);
    expect((await t.models.Agent.findOne({ username: 'agent01' }).lean())?.displayName).toBe('改过的名字');
  });

  it('refuses to run in production', async () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40), MONGODB_URI: 'mongodb://x' });
    await expect(seedDemo({ models: t.models, config, logger })).rejects.toThrow(/production/);
  });
});
