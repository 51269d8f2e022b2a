import type { CreateHelpBody, HelpCreated, HelpMessageCreated, ResidentHelp } from '@bianmin/shared';
import type { KeyValueStorage } from '../store/storage';
import { StorageKey } from '../store/storage';
import { ApiError, type ApiClient } from './client';
import type { Network } from './network';

/**
 * The requests the app keeps when they cannot be sent (no network, the BFF not answering) and
 * sends by itself later. Each is safe to send again: the tap's and the message's client keys
 * make the BFF answer a repeat with what the first one did, and a cancel twice is one cancel.
 */
export type KeptRequest =
  | { id: string; name: 'createHelp'; body: CreateHelpBody & { clientKey: string }; at: number }
  | {
      id: string;
      name: 'sendHelpMessage';
      body: { text: string; clientKey: string };
      /** The request it is about, or the kept tap whose request it will be. */
      helpId?: string;
      afterTap?: string;
      at: number;
    }
  | { id: string; name: 'cancelHelp'; helpId?: string; afterTap?: string; at: number };

/** A request to keep, as the page hands it over (the outbox stamps the time). */
export type NewKeptRequest = KeptRequest extends infer R ? (R extends KeptRequest ? Omit<R, 'at'> : never) : never;

/** What became of a kept request. */
export type Outcome =
  | { state: 'sent'; request: KeptRequest; response: HelpCreated | HelpMessageCreated | ResidentHelp }
  /** Not sent yet: kept, and sent by itself when it can be. `offline`: the phone said it had no network. */
  | { state: 'kept'; request: KeptRequest; offline: boolean }
  /** The BFF refused it (a closed request, the creation limit): dropped, with the reason. */
  | { state: 'refused'; request: KeptRequest; error: ApiError };

interface Stored {
  requests: KeptRequest[];
  /** Kept taps that were sent, by their key: the request each made (for the requests after it). */
  taps: Record<string, { helpId: string; at: number }>;
}

/** A kept request older than this is dropped unsent: a day-old call for help is no longer the resident's wish. */
export const KEEP_FOR_MS = 24 * 3600_000;
/** At most this many are kept (the oldest go first). */
const MAX_KEPT = 50;
const DEFAULT_BACKOFF = [2000, 5000, 10_000, 30_000];

/** True when the request never got an answer (no network, DNS, timeout, the BFF down). */
function unanswered(err: unknown): boolean {
  if (!(err instanceof ApiError)) return true;
  return err.code === 'NETWORK_ERROR' || err.status >= 500;
}

/**
 * A message refused for now only (sent too fast: 429): it stays kept and goes again after the
 * backoff, so what the resident wrote is never dropped for writing quickly.
 */
function notYet(err: unknown, request: KeptRequest): boolean {
  return request.name === 'sendHelpMessage' && err instanceof ApiError && err.status === 429;
}

/** Options of {@link createOutbox}. */
export interface OutboxOptions {
  api: ApiClient;
  storage: KeyValueStorage;
  network: Network;
  now?: () => number;
  /** Delays between retries while the network is there but the BFF does not answer. */
  backoffMs?: readonly number[];
}

/** The outbox: keep, send in order, retry when the network returns, and tell listeners. */
export function createOutbox(options: OutboxOptions) {
  const { api, storage, network, now = () => Date.now(), backoffMs = DEFAULT_BACKOFF } = options;
  const listeners = new Set<(outcome: Outcome) => void>();
  let queue: Promise<unknown> = Promise.resolve();
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: string | null = null;
  let started = false;

  function read(): Stored {
    const raw = storage.get(StorageKey.outbox) as Partial<Stored> | undefined;
    const since = now() - KEEP_FOR_MS;
    const requests = Array.isArray(raw?.requests) ? raw.requests.filter((r) => r.at >= since) : [];
    const taps = Object.fromEntries(
      Object.entries(raw?.taps && typeof raw.taps === 'object' ? raw.taps : {}).filter(([, t]) => t.at >= since),
    );
    return { requests, taps };
  }
  function write(stored: Stored): void {
    if (stored.requests.length === 0 && Object.keys(stored.taps).length === 0) storage.remove(StorageKey.outbox);
    else storage.set(StorageKey.outbox, stored);
  }
  function remove(id: string): void {
    const stored = read();
    write({ ...stored, requests: stored.requests.filter((r) => r.id !== id) });
  }
  function emit(outcome: Outcome): void {
    for (const listener of [...listeners]) listener(outcome);
  }

  async function sendOne(request: KeptRequest, helpId: string) {
    switch (request.name) {
      case 'createHelp':
        return api.call('createHelp', { body: request.body });
      case 'sendHelpMessage':
        return api.call('sendHelpMessage', { params: { id: helpId }, body: request.body });
      case 'cancelHelp':
        return api.call('cancelHelp', { params: { id: helpId } });
    }
  }

  function retryLater(): void {
    clearTimeout(timer);
    timer = undefined;
    // with no network at all, the network's return starts the next try (see start)
    if (!network.online() && started) return;
    const delay = backoffMs[Math.min(failures, backoffMs.length - 1)] ?? 30_000;
    failures += 1;
    timer = setTimeout(() => void flush(), delay);
  }

  /** One pass over the kept requests, in order; stops at the first that gets no answer. */
  async function run(): Promise<Map<string, Outcome>> {
    const done = new Map<string, Outcome>();
    let blocked = false;
    for (;;) {
      const stored = read();
      const next = stored.requests.find((r) => !done.has(r.id));
      if (!next) break;
      const afterTap = next.name === 'createHelp' ? undefined : next.afterTap;
      const helpId =
        next.name === 'createHelp' ? '' : (next.helpId ?? (afterTap ? stored.taps[afterTap]?.helpId : undefined));
      if (next.name !== 'createHelp' && !helpId) {
        if (stored.requests.some((r) => r.id === afterTap)) {
          // its tap is still kept: it goes after it
          done.set(next.id, { state: 'kept', request: next, offline: !network.online() });
          continue;
        }
        // its tap was refused or dropped: there is no request to send it to
        remove(next.id);
        const outcome: Outcome = {
          state: 'refused',
          request: next,
          error: new ApiError('HELP_CLOSED', '这条求助没有发出去，消息也就没有发出。', 409),
        };
        done.set(next.id, outcome);
        emit(outcome);
        continue;
      }
      inFlight = next.id;
      try {
        const response = await sendOne(next, helpId ?? '');
        inFlight = null;
        const after = read();
        const taps =
          next.name === 'createHelp'
            ? { ...after.taps, [next.id]: { helpId: (response as HelpCreated).help.id, at: now() } }
            : after.taps;
        write({ requests: after.requests.filter((r) => r.id !== next.id), taps });
        const outcome: Outcome = { state: 'sent', request: next, response };
        done.set(next.id, outcome);
        emit(outcome);
      } catch (err) {
        inFlight = null;
        if (unanswered(err) || notYet(err, next)) {
          done.set(next.id, { state: 'kept', request: next, offline: !network.online() });
          blocked = true;
          break;
        }
        remove(next.id);
        const outcome: Outcome = { state: 'refused', request: next, error: err as ApiError };
        done.set(next.id, outcome);
        emit(outcome);
      }
    }
    // what is still kept is marked as such for the callers of this pass
    for (const request of read().requests) {
      if (!done.has(request.id)) done.set(request.id, { state: 'kept', request, offline: !network.online() });
    }
    if (blocked) retryLater();
    else {
      failures = 0;
      clearTimeout(timer);
      timer = undefined;
    }
    return done;
  }

  /** Sends what is kept, after any pass already running (passes never overlap). */
  function flush(): Promise<Map<string, Outcome>> {
    const pass = queue.then(run, run);
    queue = pass.catch(() => undefined);
    return pass;
  }

  return {
    /**
     * Keeps `request` (once per id) and tries to send it now. Resolves with `sent` or `refused`
     * when the BFF answered, or `kept` when it could not be sent: it is then sent by itself when
     * it can be, and listeners hear of it.
     */
    async send(request: NewKeptRequest): Promise<Outcome> {
      const stored = read();
      if (!stored.requests.some((r) => r.id === request.id)) {
        const kept: KeptRequest = { ...request, at: now() };
        write({ ...stored, requests: [...stored.requests, kept].slice(-MAX_KEPT) });
      }
      const outcomes = await flush();
      const kept: KeptRequest = read().requests.find((r) => r.id === request.id) ?? { ...request, at: now() };
      return outcomes.get(request.id) ?? { state: 'kept', request: kept, offline: !network.online() };
    },

    /** The requests kept now, oldest first. */
    pending(): KeptRequest[] {
      return read().requests;
    },

    /** The request a sent tap made, by the tap's key. */
    tapResult(tapKey: string): string | null {
      return read().taps[tapKey]?.helpId ?? null;
    },

    /**
     * Drops a kept request that has not gone out, with the ones waiting for it (a tap taken
     * back before it was ever sent). False when it is on its way now, or was sent already.
     */
    drop(id: string): boolean {
      if (inFlight === id) return false;
      const stored = read();
      if (!stored.requests.some((r) => r.id === id)) return false;
      write({
        ...stored,
        requests: stored.requests.filter((r) => r.id !== id && !('afterTap' in r && r.afterTap === id)),
      });
      return true;
    },

    flush,

    /** Calls `listener` with every request sent or refused; answers a function that unsubscribes. */
    subscribe(listener: (outcome: Outcome) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /**
     * Starts sending by itself (the app's launch): what an earlier run of the app kept goes now,
     * and whatever is kept goes again as soon as the network returns.
     */
    start(): () => void {
      started = true;
      const unsubscribe = network.subscribe((online) => {
        if (online) {
          failures = 0;
          void flush();
        }
      });
      if (read().requests.length > 0) void flush();
      return () => {
        started = false;
        unsubscribe();
        clearTimeout(timer);
      };
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
