import { PassThrough } from 'node:stream';
import type { AppContext, AppMiddleware } from './state';

/** An open Server-Sent Events response. */
export interface SseStream {
  /** Writes one event; `id` is what the client sends back as Last-Event-ID. */
  send(event: { id?: string | number; event: string; data: unknown }): void;
  close(): void;
  readonly closed: boolean;
  /** Resolves when the client went away or the stream was closed. */
  done: Promise<void>;
}

/**
 * `data:` lines of a payload, written once per payload object: a live event fanned out to many
 * streams is the same object for all of them (payloads are never changed once sent).
 */
const encoded = new WeakMap<object, string>();
function dataLines(data: unknown): string {
  const cached = typeof data === 'object' && data !== null ? encoded.get(data) : undefined;
  if (cached !== undefined) return cached;
  const lines = JSON.stringify(data)
    .split('\n')
    .map((line) => `data: ${line}`)
    .join('\n');
  if (typeof data === 'object' && data !== null) encoded.set(data, lines);
  return lines;
}

/** The id a reconnecting client resumes after: the `Last-Event-ID` header or `?lastEventId=`. */
export function lastEventId(ctx: AppContext): number | undefined {
  const raw = ctx.get('Last-Event-ID') || (typeof ctx.query.lastEventId === 'string' ? ctx.query.lastEventId : '');
  return /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
}

/**
 * Turns the response into an event stream: the headers (no caching, no proxy buffering), a
 * `retry` hint, a comment line every `heartbeatMs` so proxies keep the connection, and cleanup
 * when the client goes away.
 */
export function openSse(ctx: AppContext, options: { heartbeatMs: number; retryMs?: number }): SseStream {
  const stream = new PassThrough();
  ctx.req.socket.setTimeout(0);
  ctx.req.socket.setNoDelay(true);
  ctx.req.socket.setKeepAlive(true);
  ctx.status = 200;
  ctx.set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  ctx.body = stream;

  let closed = false;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  const heartbeat = setInterval(() => write(': ping\n\n'), options.heartbeatMs);
  heartbeat.unref();

  function write(chunk: string) {
    if (!closed) stream.write(chunk);
  }
  function close() {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    stream.end();
    resolveDone();
  }
  ctx.req.on('close', close);
  ctx.res.on('close', close);
  write(`retry: ${options.retryMs ?? 2000}\n\n`);

  return {
    send({ id, event, data }) {
      write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\n${dataLines(data)}\n\n`);
    },
    close,
    get closed() {
      return closed;
    },
    done,
  };
}

/**
 * EventSource cannot send headers: on stream routes only, a token may come as `?access_token=`
 * and is moved into the Authorization header before the access check reads it.
 */
export function tokenFromQuery(): AppMiddleware {
  return async function tokenFromQuery(ctx, next) {
    const token = ctx.query.access_token;
    if (!ctx.get('Authorization') && typeof token === 'string' && /^[\w.-]{10,2048}$/.test(token)) {
      ctx.request.headers.authorization = `Bearer ${token}`;
    }
    await next();
  };
}

/**
 * Ends open streams whose session no longer stands. A stream's opening is checked like any
 * request; after that, every `intervalMs` each session with a stream open on this instance is
 * asked once (`check`, which reads the session in the database): after a logout or a
 * revocation on any instance, or past the session's expiry by the injected clock, its streams
 * are closed, so a stream never outlives its login by more than `intervalMs` (plus one check).
 * A failed check (database hiccup) ends nothing; the next one decides.
 */
export function createStreamSessions(deps: {
  check: (sessionId: string) => Promise<boolean>;
  intervalMs: number;
  onError?: (err: unknown) => void;
}) {
  const open = new Map<string, Set<() => void>>();
  let timer: NodeJS.Timeout | undefined;
  let running = false;

  async function sweep() {
    if (running) return;
    running = true;
    try {
      for (const [sessionId, closers] of [...open]) {
        let alive: boolean;
        try {
          alive = await deps.check(sessionId);
        } catch (err) {
          deps.onError?.(err);
          continue;
        }
        if (!alive) for (const close of [...closers]) close();
      }
    } finally {
      running = false;
    }
  }

  return {
    /** Watches the session of one open stream; `close` ends the stream. Answers the unwatch. */
    watch(sessionId: string, close: () => void): () => void {
      const closers = open.get(sessionId) ?? new Set();
      closers.add(close);
      open.set(sessionId, closers);
      if (!timer) {
        timer = setInterval(() => void sweep(), deps.intervalMs);
        timer.unref();
      }
      return () => {
        closers.delete(close);
        if (closers.size === 0 && open.get(sessionId) === closers) open.delete(sessionId);
        if (open.size === 0 && timer) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
    /** Sessions with a stream open here (tests). */
    watched: (): number => open.size,
  };
}

export type StreamSessions = ReturnType<typeof createStreamSessions>;
