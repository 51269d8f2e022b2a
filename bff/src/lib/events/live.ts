import type { Models } from '../../db/models';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { createCopies } from './copies';
import { createEventPoller } from './poller';
import { createEventStore, type EventStore } from './store';

/**
 * The live events of one instance: the store, the poller that fans them out here, the store as
 * the features write to it (an event written here reaches this instance's listeners at once, not
 * at the next poll), and the copies dropped through them (copies.ts).
 */
export function createLive(deps: {
  models: Models;
  clock: Clock;
  logger: Logger;
  pollMs: number;
  copiesStaleMs: number;
}) {
  const store = createEventStore({ models: deps.models, clock: deps.clock });
  const poller = createEventPoller({
    store,
    intervalMs: deps.pollMs,
    onError: (err) => deps.logger.warn({ err }, 'event poll failed'),
  });
  const events: EventStore = {
    ...store,
    async append(event) {
      const seq = await store.append(event);
      poller.kick();
      return seq;
    },
  };
  const copies = createCopies({ poller, events, staleMs: deps.copiesStaleMs });
  return { store, poller, events, copies };
}

export type Live = ReturnType<typeof createLive>;
