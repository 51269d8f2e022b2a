import { pause } from '../once';
import type { EventPoller } from './poller';
import type { EventStore } from './store';

/**
 * Copies of database documents kept by this instance for the hot paths (a session on every
 * request, a resident's link to an account on every bill list), dropped on every instance when
 * the documents change, so that a logout or an unbinding still holds at once everywhere.
 *
 * The rule that makes it hold: an instance serves a copy only while its event poller has read
 * every event written more than `staleMs` ago (`poller.caughtUp`), and a writer that takes
 * something away (`drop(keys)`) first changes the database, then writes an event naming the
 * keys, then waits `staleMs` before it answers. Once it answers, any instance still serving
 * copies has read that event since it was written and dropped them; an instance whose poller is
 * behind, stopped or failing reads the database instead. A read that began before a drop is not
 * kept (`generation`), and numbers the poller gives up as never written drop every copy.
 * Copies also expire after `maxAgeMs`, in case a writer died between its change and its event.
 */
export function createCopies(deps: {
  poller: Pick<EventPoller, 'subscribe' | 'onLost' | 'caughtUp'>;
  events: Pick<EventStore, 'append'>;
  staleMs: number;
  maxAgeMs?: number;
  maxEntries?: number;
}) {
  const { poller, events, staleMs } = deps;
  const maxAgeMs = deps.maxAgeMs ?? 60_000;
  const maxEntries = deps.maxEntries ?? 20_000;
  const entries = new Map<string, { value: unknown; readAt: number }>();
  let generation = 0;

  const keepCopy = (key: string, value: unknown, readAt: number) => {
    entries.delete(key);
    entries.set(key, { value, readAt });
    // the oldest copies go first (a Map keeps insertion order)
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries) break;
      entries.delete(oldest);
    }
  };
  const forget = (keys: readonly string[]) => {
    generation += 1;
    for (const key of keys) entries.delete(key);
  };
  poller.subscribe((event) => {
    if (event.drops?.length) forget(event.drops);
  });
  poller.onLost(() => {
    generation += 1;
    entries.clear();
  });

  return {
    /**
     * The copy of `key` when this instance may serve it; otherwise `read()`, kept when `keep`
     * says the value may be (for example a live session, never a missing one).
     */
    async get<T>(key: string, read: () => Promise<T>, keep: (value: T) => boolean): Promise<T> {
      const now = performance.now();
      const current = poller.caughtUp(staleMs);
      const copy = entries.get(key);
      if (copy && current && now - copy.readAt < maxAgeMs) return copy.value as T;
      const started = generation;
      const value = await read();
      if (current && started === generation && keep(value)) keepCopy(key, value, now);
      return value;
    },

    /** Keeps a copy of something this instance has just written and nobody can have changed yet (a new session). */
    put(key: string, value: unknown): void {
      if (poller.caughtUp(staleMs)) keepCopy(key, value, performance.now());
    },

    /**
     * After a change to what `keys` hold: drops them here at once and on every instance. With
     * `wait` (something was taken away: a logout, an unbinding) it answers only once no instance
     * can serve the old copies; without, a grant or a renaming shows elsewhere within a poll.
     */
    async drop(keys: string[], { wait }: { wait: boolean }): Promise<void> {
      forget(keys);
      await events.append({ type: 'copies.drop', staff: null, drops: keys });
      if (wait) await pause(staleMs);
    },
  };
}

export type Copies = ReturnType<typeof createCopies>;
