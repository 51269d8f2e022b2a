import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createManualClock } from './clock';
import { createLogger } from './logger';
import { createOnce } from './once';
import { createRunner, type Runner } from './runner';
import { createTestApp, type TestApp } from '../testing/app';

/**
 * Three instances' runners on one database and one (manual) clock, stepped in turn every
 * 250 ms of clock time: the background job runs on one instance at a time, once per period,
 * and when the leader dies another takes over within two slots.
 */
describe('the background runner', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const SLOT = 3000;

  function instances(clock: ReturnType<typeof createManualClock>, runs: Array<{ by: number; at: number }>) {
    const once = createOnce({ models: t.models, clock });
    return [0, 1, 2].map((by) =>
      createRunner({
        once,
        clock,
        logger: createLogger('silent'),
        slotMs: SLOT,
        jobs: [
          {
            name: 'tick',
            everyMs: 1000,
            run: () => {
              runs.push({ by, at: clock.now().getTime() });
              return Promise.resolve();
            },
          },
        ],
      }),
    );
  }

  /** Steps every live runner in an order that changes each beat, `beats` times of 250 ms. */
  async function drive(
    clock: ReturnType<typeof createManualClock>,
    runners: Runner[],
    beats: number,
    alive: boolean[],
  ) {
    for (let beat = 0; beat < beats; beat++) {
      const order = [0, 1, 2].map((k) => (k + beat) % 3);
      await Promise.all(order.filter((k) => alive[k]).map((k) => (runners[k] as Runner).step()));
      const leaders = runners.filter((r, k) => alive[k] && r.leads());
      expect(leaders.length).toBeLessThanOrEqual(1);
      clock.advance(250);
    }
  }

  it('runs each job on one instance at a time, every period, with one leader that keeps leading', async () => {
    const clock = createManualClock('2026-03-01T00:00:00.100Z');
    const runs: Array<{ by: number; at: number }> = [];
    const runners = instances(clock, runs);
    await drive(clock, runners, 240, [true, true, true]); // 60 s

    expect(new Set(runs.map((r) => r.by)).size).toBe(1);
    // one run per second of the minute: never twice in a second, never a second skipped
    const seconds = runs.map((r) => Math.floor(r.at / 1000));
    expect(new Set(seconds).size).toBe(seconds.length);
    expect(seconds.length).toBeGreaterThanOrEqual(59);
  });

  it('hands the work to another instance within two slots when the leader dies, and never runs it twice', async () => {
    const clock = createManualClock('2026-03-02T00:00:00.100Z');
    const runs: Array<{ by: number; at: number }> = [];
    const runners = instances(clock, runs);
    const alive = [true, true, true];
    await drive(clock, runners, 40, alive);
    const leader = runs.at(-1)?.by ?? -1;
    expect(leader).toBeGreaterThanOrEqual(0);

    alive[leader] = false; // SIGKILL: it takes no further step
    const diedAt = clock.now().getTime();
    await drive(clock, runners, 80, alive);

    const after = runs.filter((r) => r.at >= diedAt);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((r) => r.by !== leader)).toBe(true);
    expect(new Set(after.map((r) => r.by)).size).toBe(1);
    expect((after[0]?.at ?? Infinity) - diedAt).toBeLessThanOrEqual(2 * SLOT);
    const seconds = runs.map((r) => Math.floor(r.at / 1000));
    expect(new Set(seconds).size).toBe(seconds.length);
  });

  it('logs a slow job with its name and time; a quick one is not', async () => {
    const lines: Array<{ job?: string; ms?: number; msg?: string }> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as { job?: string; ms?: number; msg?: string });
        done();
      },
    });
    let release: () => void = () => undefined;
    const clock = createManualClock('2026-03-03T00:00:00.100Z');
    const runner = createRunner({
      once: createOnce({ models: t.models, clock }),
      clock,
      logger: pino({ level: 'warn' }, sink),
      slotMs: 3000,
      slowMs: 50,
      jobs: [
        { name: 'quick', everyMs: 1000, run: () => Promise.resolve() },
        { name: 'heavy', everyMs: 1000, run: () => new Promise<void>((resolve) => (release = resolve)) },
      ],
    });
    expect(await runner.step()).toEqual(['quick', 'heavy']);
    // the heavy one is still running: wait until it has been longer than slowMs, then end it
    const started = performance.now();
    await vi.waitFor(() => expect(performance.now() - started).toBeGreaterThan(60));
    release();
    await vi.waitFor(() => expect(lines.map((l) => l.msg)).toContain('background job was slow'));
    expect(lines.filter((l) => l.msg === 'background job was slow').map((l) => l.job)).toEqual(['heavy']);
    expect(lines.find((l) => l.job === 'heavy')?.ms).toBeGreaterThan(50);
  });
});
