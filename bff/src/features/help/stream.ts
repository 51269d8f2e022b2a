import { authOf } from '../../http/auth';
import { lastEventId, openSse, type SseStream, type StreamSessions } from '../../http/sse';
import type { AppContext } from '../../http/state';
import type { EventPoller } from '../../lib/events/poller';
import type { EventStore, LiveEvent } from '../../lib/events/store';

/**
 * Streams live events to one SSE client: first, when the client resumes with Last-Event-ID,
 * the stored events it missed (up to what the poller has fanned out), then the live ones; live
 * events arriving meanwhile are held back so nothing is lost or sent twice. The stream ends when
 * the caller's session ends (logout, revocation, expiry: see `StreamSessions`) and, with
 * `maxMs`, after that long (the client resumes after the last event it got).
 */
export function streamEvents(
  ctx: AppContext,
  deps: { poller: EventPoller; store: EventStore; sessions: StreamSessions; heartbeatMs: number },
  select: {
    /** The stored events this client may see, for resuming. */
    filter: Record<string, unknown>;
    /** The event name and payload for this client, or null to skip it. */
    pick: (event: LiveEvent) => { event: string; data: unknown } | null;
    /** Ends the stream after this long; the client reconnects and resumes. */
    maxMs?: number;
  },
): SseStream {
  const resumeAfter = lastEventId(ctx);
  const sse = openSse(ctx, { heartbeatMs: deps.heartbeatMs, retryMs: select.maxMs ? 500 : undefined });
  const unwatch = deps.sessions.watch(authOf(ctx).sessionId, () => sse.close());
  const ending = select.maxMs ? setTimeout(() => sse.close(), select.maxMs) : undefined;
  ending?.unref();
  let lastSent = resumeAfter;
  let live = false;
  const held: LiveEvent[] = [];

  const deliver = (event: LiveEvent) => {
    if (lastSent !== undefined && event.seq <= lastSent) return;
    lastSent = event.seq;
    const out = select.pick(event);
    if (out) sse.send({ id: event.seq, ...out });
  };
  const unsubscribe = deps.poller.subscribe((event) => {
    if (live) deliver(event);
    else held.push(event);
  });
  void sse.done.then(() => {
    unsubscribe();
    unwatch();
    clearTimeout(ending);
  });

  void (async () => {
    if (resumeAfter !== undefined) {
      const upTo = await deps.poller.cursor();
      for (const event of await deps.store.readRange(resumeAfter, upTo, select.filter)) deliver(event);
    }
    live = true;
    for (const event of held.splice(0)) deliver(event);
  })().catch(() => sse.close());
  return sse;
}
