import type { EventStore, LiveEvent } from './store';

export type EventListener = (event: LiveEvent) => void;

/**
 * Reads new events in `seq` order and fans them out in-process. A number can be taken by one
 * instance and written a moment after a later number of another: the poller waits at such a gap
 * for up to `gapWaitMs` (on its own monotonic time) before it gives the number up as never written.
 */
export function createEventPoller(options: {
  store: EventStore;
  intervalMs: number;
  gapWaitMs?: number;
  onError?: (err: unknown) => void;
}) {
  const { store } = options;
  const gapWaitMs = options.gapWaitMs ?? 2000;
  const listeners = new Set<EventListener>();
  const lostListeners = new Set<() => void>();
  let cursor: number | undefined;
  /** When the last poll that read everything written before it started began (monotonic ms). */
  let readAllAt: number | undefined;
  let gapSince: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;

  async function init(): Promise<number> {
    cursor ??= await store.latestSeq();
    return cursor;
  }

  async function pollOnce(): Promise<number> {
    const started = performance.now();
    let position = await init();
    // stopped at a gap that may yet be filled: this poll has not read everything before it
    let stopped = false;
    let delivered = 0;
    for (;;) {
      const batch = await store.readAfter(position);
      if (batch.length === 0) break;
      for (const event of batch) {
        if (event.seq !== position + 1) {
          const now = performance.now();
          gapSince ??= now;
          if (now - gapSince < gapWaitMs) {
            stopped = true;
            break;
          }
          // the missing numbers may yet be written, and then would never be read here
          for (const listener of lostListeners) listener();
        }
        gapSince = undefined;
        position = event.seq;
        cursor = position;
        delivered += 1;
        for (const listener of listeners) {
          try {
            listener(event);
          } catch (err) {
            options.onError?.(err);
          }
        }
      }
      if (stopped || batch.length < 200) break;
    }
    if (!stopped) readAllAt = started;
    return delivered;
  }

  /** Reads and fans out what is new; concurrent calls share one read. Answers how many went out. */
  function poll(): Promise<number> {
    running ??= pollOnce().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        kick();
      }
    });
    return running;
  }

  /**
   * Polls now rather than at the next interval: called after this instance wrote an event, so its
   * own subscribers hear of it at once; other instances still hear of it within one interval.
   * Only while started. A kick during a poll runs one more poll after it, so nothing waits a turn.
   */
  function kick(): void {
    if (!timer) return;
    if (running) {
      again = true;
      return;
    }
    poll().catch((err: unknown) => options.onError?.(err));
  }

  return {
    poll,
    kick,
    /** The last sequence number fanned out (after the first poll). */
    async cursor(): Promise<number> {
      return init();
    },
    subscribe(listener: EventListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Told when the poller gives numbers up as never written: events may have passed it by. */
    onLost(listener: () => void): () => void {
      lostListeners.add(listener);
      return () => lostListeners.delete(listener);
    },
    /**
     * Whether every event written more than `ms` ago has been fanned out here: the last poll that
     * did not stop at a gap began less than `ms` ago (on the process's monotonic clock).
     */
    caughtUp(ms: number): boolean {
      return readAllAt !== undefined && performance.now() - readAllAt < ms;
    },
    start(): void {
      if (timer) return;
      const loop = () => {
        poll()
          .catch((err: unknown) => options.onError?.(err))
          .finally(() => {
            if (timer) timer = setTimeout(loop, options.intervalMs);
          });
      };
      timer = setTimeout(loop, 0);
    },
    stop(): void {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

export type EventPoller = ReturnType<typeof createEventPoller>;
