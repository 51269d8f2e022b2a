import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app';
import { createManualClock } from './clock';
import { createLimits } from './limits';

describe('limits kept in the database', () => {
  let t: TestApp;
  let second: TestApp;
  const clock = createManualClock('2026-12-01T02:00:10.000Z');
  const rule = { max: 5, windowMs: 60_000 };

  beforeAll(async () => {
    t = await createTestApp();
    second = await createTestApp({ dbName: t.config.db.name });
  });
  afterAll(async () => {
    await second.close({ keepDatabase: true });
    await t.close();
  });

  it('allows max hits per window across instances counting at once, and no more', async () => {
    const a = createLimits({ models: t.models, clock });
    const b = createLimits({ models: second.models, clock });
    const outcomes = await Promise.all(
      Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? a : b).take('race', 'same-key', rule)),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(5);
    expect((await a.count('race', 'same-key', rule.windowMs)).count).toBe(5);
  });

  it('keeps counting after a restart and starts again in the next window', async () => {
    const first = createLimits({ models: t.models, clock });
    for (let i = 0; i < 5; i++) expect((await first.take('restart', 'k', rule)).ok).toBe(true);
    const restarted = createLimits({ models: second.models, clock });
    const refused = await restarted.take('restart', 'k', rule);
    expect(refused.ok).toBe(false);
    expect(refused.resetInMs).toBe(50_000);
    clock.advance(50_000);
    expect((await restarted.take('restart', 'k', rule)).ok).toBe(true);
  });

  it('stores keys hashed, limits each key on its own, clears one and sweeps ended windows', async () => {
    const limits = createLimits({ models: t.models, clock });
    await limits.take('lookup', '310101194803034321', rule);
    await limits.take('lookup', 'another', rule, 'agent01');
    const stored = await t.models.LimitHit.find({ name: 'lookup' }).lean();
    expect(JSON.stringify(stored)).not.toContain('310101194803034321');
    expect(await limits.labelled('lookup', rule.windowMs)).toEqual([
      { label: 'agent01', count: 1, resetInMs: expect.any(Number) as number },
    ]);
    expect(await limits.clear('lookup', 'another')).toBe(1);
    expect((await limits.count('lookup', '310101194803034321', rule.windowMs)).count).toBe(1);
    clock.advance(120_000);
    expect(await limits.sweep()).toBeGreaterThan(0);
    expect(await t.models.LimitHit.countDocuments({ name: 'lookup' })).toBe(0);
  });

  it('answers when the last hit of a key in this window was counted', async () => {
    const limits = createLimits({ models: t.models, clock });
    expect(await limits.latest('latest', 'k', rule.windowMs)).toBeNull();
    await limits.take('latest', 'k', rule);
    clock.advance(3000);
    await limits.take('latest', 'k', rule);
    expect(await limits.latest('latest', 'k', rule.windowMs)).toEqual(clock.now());
    expect(await limits.latest('latest', 'other', rule.windowMs)).toBeNull();
  });
});
