import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_KEEP_MS } from './tick';
import { helpTestApp } from './test-helpers';

type T = Awaited<ReturnType<typeof helpTestApp>>;

describe('help housekeeping', () => {
  let t: T;
  beforeAll(async () => {
    t = await helpTestApp();
  });
  afterAll(() => t.close());

  const olderThanADay = () =>
    t.models.Event.countDocuments({ at: { $lt: new Date(t.clock.now().getTime() - EVENTS_KEEP_MS) } });

  it('forgets live events older than a day, keeps newer ones, and sweeps at most once a minute', async () => {
    await t.createHelp(await t.resident(), {});
    const start = t.clock.now();
    t.clock.advance(EVENTS_KEEP_MS + 60_000);
    await t.createHelp(await t.resident(), {});
    expect(await olderThanADay()).toBeGreaterThan(0);
    await t.services.help.tick();
    expect(await olderThanADay()).toBe(0);
    expect(await t.models.Event.countDocuments({ at: { $gt: start } })).toBeGreaterThan(0);

    // events a day old turning up half a minute after a sweep wait for the next minute's sweep
    const swept = t.clock.now();
    t.clock.set(new Date(swept.getTime() - EVENTS_KEEP_MS - 60_000));
    await t.createHelp(await t.resident(), {});
    t.clock.set(new Date(swept.getTime() + 30_000));
    await t.services.help.tick();
    expect(await olderThanADay()).toBeGreaterThan(0);
    t.clock.advance(31_000);
    await t.services.help.tick();
    expect(await olderThanADay()).toBe(0);
  });
});
