import { describe, expect, it, vi } from 'vitest';
import { createEventPoller } from './poller';
import type { EventStore, LiveEvent } from './store';

/** An in-memory stand-in for the events collection: the poller's ordering logic is pure. */
function memoryStore() {
  const events: LiveEvent[] = [];
  let reads = 0;
  const store = {
    latestSeq: () => Promise.resolve(events.at(-1)?.seq ?? 0),
    readAfter: (seq: number) => {
      reads += 1;
      return Promise.resolve(events.filter((e) => e.seq > seq));
    },
  } as unknown as EventStore;
  return {
    store,
    reads: () => reads,
    add(seq: number) {
      events.push({
        seq,
        type: 't',
        helpId: null,
        userId: null,
        staff: {},
        residentType: null,
        resident: null,
        at: new Date(),
      });
    },
  };
}

/**
 * Every promise the in-memory store's reads chain is settled: they resolve at once, so all of
 * them run before the next macrotask. A condition, not a time.
 */
const settle = () => new Promise((resolve) => setImmediate(resolve));
/** Waits for the started poller's first poll (a timer of 0 ms) to have read the store. */
const firstPoll = (mem: ReturnType<typeof memoryStore>) => vi.waitFor(() => expect(mem.reads()).toBeGreaterThan(0));

describe('event poller', () => {
  it('fans out an event written on this instance at once when kicked, without waiting for the interval', async () => {
    const mem = memoryStore();
    // an interval far longer than the test: only a kick can deliver in time
    const poller = createEventPoller({ store: mem.store, intervalMs: 60_000 });
    const seen: number[] = [];
    poller.subscribe((e) => seen.push(e.seq));
    poller.start();
    await firstPoll(mem);
    mem.add(1);
    poller.kick();
    await settle();
    expect(seen).toEqual([1]);
    poller.stop();
  });

  it('runs one more poll when kicked during a poll, so the newest event is not left for the next turn', async () => {
    const mem = memoryStore();
    const poller = createEventPoller({ store: mem.store, intervalMs: 60_000 });
    const seen: number[] = [];
    poller.subscribe((e) => seen.push(e.seq));
    poller.start();
    await firstPoll(mem);
    mem.add(1);
    const first = poller.poll();
    mem.add(2);
    poller.kick();
    await first;
    await settle();
    expect(seen).toEqual([1, 2]);
    poller.stop();
  });

  it('ignores kicks when not started (tests and stopped servers poll by hand)', async () => {
    const mem = memoryStore();
    const poller = createEventPoller({ store: mem.store, intervalMs: 60_000 });
    mem.add(1);
    poller.kick();
    await settle();
    expect(mem.reads()).toBe(0);
  });
});
