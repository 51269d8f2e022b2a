import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createLogger } from '../lib/logger';
import { createTestApp, type TestApp } from '../testing/app';
import { DEMO_PASSWORD, DEMO_STAFF, seedDemo } from './demo';
import { DEMO_UNIT_STAFF, DEMO_UNITS } from './workorders';

describe('demo seed', () => {
  let t: TestApp;
  const logger = createLogger('silent');
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates the demo agents, supervisor and 回访员, who can log in with the demo password', async () => {
    await seedDemo({ models: t.models, config: t.config, logger });
    for (const staff of DEMO_STAFF) {
      const res = await t.http
        .post('/api/agent/login')
        .send({ username: staff.username, password: DEMO_PASSWORD })
        .expect(200);
      expect(res.body.agent.role).toBe(staff.role);
    }
    expect(DEMO_STAFF.map((s) => s.username)).toEqual(['agent01', 'agent02', 'agent03', 'super01', 'followup01']);
  });

  it('seeds a unit per utility in 东城区 and 西城区, two field members and a coordinator each, who can log in', async () => {
    await seedDemo({ models: t.models, config: t.config, logger });
    const units = await t.models.Unit.find({}).lean();
    for (const utility of ['power', 'water', 'gas'])
      expect(
        units
          .filter((u) => u.utility === utility)
          .map((u) => u.district)
          .sort(),
      ).toEqual(['东城区', '西城区']);
    for (const unit of units) {
      expect(unit.members.filter((m) => m.role === 'field')).toHaveLength(2);
      expect(unit.members.filter((m) => m.role === 'coordinator')).toHaveLength(1);
      expect(unit.members.every((m) => /^1[3-9]\d{9}$/.test(m.phone ?? ''))).toBe(true);
    }
    const east = units.find((u) => u.name === '东城供电所');
    expect(east?.members.map((m) => m.name)).toEqual(['张建国', '李文', '王工']);
    for (const username of ['field01', 'coord01']) {
      const res = await t.http.post('/api/agent/login').send({ username, password: DEMO_PASSWORD }).expect(200);
      expect(res.body.agent.role).toBe(username.startsWith('field') ? 'field' : 'coordinator');
    }
  });

  it('can run again without duplicating or overwriting anything', async () => {
    await t.models.Agent.updateOne({ username: 'agent01' }, { $set: { displayName: '改过的名字' } });
    await seedDemo({ models: t.models, config: t.config, logger });
    expect(await t.models.Agent.countDocuments()).toBe(DEMO_STAFF.length + DEMO_UNIT_STAFF.length);
    expect(await t.models.Unit.countDocuments()).toBe(DEMO_UNITS.length);
    expect((await t.models.Agent.findOne({ username: 'agent01' }).lean())?.displayName).toBe('改过的名字');
  });

  it('refuses to run in production', async () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40), MONGODB_URI: 'mongodb://x' });
    await expect(seedDemo({ models: t.models, config, logger })).rejects.toThrow(/production/);
  });
});
