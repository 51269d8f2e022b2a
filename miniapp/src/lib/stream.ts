import Taro from '@tarojs/taro';
import { HelpEventName, WorkOrderEventName } from '@bianmin/shared';
import { isH5 } from './platform';

/** One Server-Sent Event as it came off the wire (`data` still JSON text). */
export interface SseEvent {
  /** The `id:` field, or null when the event had none. */
  id: string | null;
  event: string;
  data: string;
}

/**
 * An incremental parser of the `text/event-stream` format: feed it text as it arrives (chunks may
 * end anywhere, even inside a line) and it returns the complete events. Comments (`: ping`) are
 * skipped; `retry:` is remembered.
 */
export class SseParser {
  private buffer = '';
  private id: string | null = null;
  private event = '';
  private data: string[] = [];
  /** The server's `retry:` hint in ms, if it sent one. */
  retryMs: number | null = null;

  push(text: string): SseEvent[] {
    this.buffer += text;
    const out: SseEvent[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      // a lone \r at the very end may be the first half of \r\n: wait for more
      if (!match || (match[0] === '\r' && match.index === this.buffer.length - 1)) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const event = this.line(line);
      if (event) out.push(event);
    }
    return out;
  }

  private line(line: string): SseEvent | null {
    if (line === '') {
      if (this.data.length === 0) {
        this.event = '';
        return null;
      }
      const event = { id: this.id, event: this.event || 'message', data: this.data.join('\n') };
      this.event = '';
      this.data = [];
      return event;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    return null;
  }
}

/**
 * A streaming UTF-8 decoder for the weapp, whose older base libraries have no TextDecoder: a
 * chunk may end inside a multi-byte character, whose first bytes wait for the next chunk.
 */
export class Utf8Decoder {
  private pending: number[] = [];

  decode(chunk: ArrayBuffer | Uint8Array): string {
    const bytes = [...this.pending, ...(chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk))];
    this.pending = [];
    let out = '';
    let i = 0;
    while (i < bytes.length) {
      const b = bytes[i] ?? 0;
      const size = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      if (i + size > bytes.length) {
        this.pending = bytes.slice(i);
        break;
      }
      let code = size === 1 ? b : b & (0xff >> (size + 1));
      for (let k = 1; k < size; k++) code = (code << 6) | ((bytes[i + k] ?? 0) & 0x3f);
      out += b >= 0x80 && b < 0xc0 ? '\ufffd' : String.fromCodePoint(code);
      i += size;
    }
    return out;
  }
}

/** The connection's state, for a small "正在连接" hint. */
export type StreamStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Options of {@link openStream}. */
export interface StreamOptions {
  /** The stream's path, e.g. `/api/help/<id>/events`. */
  path: string;
  /** The BFF's origin ('' in H5). */
  baseUrl: string;
  /** The current token, read again at every (re)connection. */
  token: () => string | null;
  /** Every event with its JSON payload parsed (events whose data is not JSON are dropped). */
  onEvent: (name: string, data: unknown, id: string | null) => void;
  onStatus?: (status: StreamStatus) => void;
  /**
   * Called before each reconnection the client makes itself (after the stream was closed): the
   * page refetches its state there, which also logs in again through the API client when the
   * token expired, so whatever the stream missed is on screen even if resuming fails.
   */
  beforeReconnect?: () => Promise<unknown>;
  /** `eventsource` in the browser, `chunked` (Taro.request with enableChunked) in the weapp. */
  mode?: 'eventsource' | 'chunked';
  /** Delays between reconnections, growing to the last one. */
  backoffMs?: readonly number[];
  /**
   * The event names to listen for: EventSource reports named events only to listeners registered
   * by name (H5). The help streams' names by default.
   */
  events?: readonly string[];
}

/** An open stream; `close()` stops it for good. */
export interface StreamHandle {
  close: () => void;
  /** The id of the last event received: what a reconnection resumes after. */
  lastEventId: () => string | null;
}

const DEFAULT_BACKOFF = [1000, 2000, 4000, 8000, 15000];

function streamUrl(options: StreamOptions, lastEventId: string | null, withToken: boolean): string {
  const query: string[] = [];
  const token = options.token();
  if (withToken && token) query.push(`access_token=${encodeURIComponent(token)}`);
  if (lastEventId !== null) query.push(`lastEventId=${encodeURIComponent(lastEventId)}`);
  return `${options.baseUrl}${options.path}${query.length > 0 ? `?${query.join('&')}` : ''}`;
}

/**
 * Follows a Server-Sent Events stream of the BFF and never misses an event: every reconnection
 * resumes after the last event id received (EventSource's own reconnections send `Last-Event-ID`;
 * ours pass `?lastEventId=`). In H5 it is an EventSource with the token in the query (EventSource
 * cannot send headers); in the weapp a chunked `Taro.request` with the Authorization header, and
 * where chunked transfer is not supported, a short poll of `beforeReconnect`.
 */
export function openStream(options: StreamOptions): StreamHandle {
  const mode = options.mode ?? (isH5 ? 'eventsource' : 'chunked');
  const backoff = options.backoffMs ?? DEFAULT_BACKOFF;
  let lastId: string | null = null;
  let closed = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopCurrent: () => void = () => undefined;

  const status = (s: StreamStatus) => options.onStatus?.(s);

  function deliver(event: SseEvent) {
    if (event.id !== null) lastId = event.id;
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    options.onEvent(event.event, data, event.id);
  }

  function scheduleReconnect() {
    if (closed) return;
    stopCurrent();
    status('reconnecting');
    const delay = backoff[Math.min(failures, backoff.length - 1)] ?? 15000;
    failures += 1;
    timer = setTimeout(() => {
      timer = undefined;
      if (closed) return;
      const before = options.beforeReconnect ? options.beforeReconnect().catch(() => undefined) : Promise.resolve();
      void before.then(() => {
        if (!closed) connect();
      });
    }, delay);
  }

  function connectEventSource() {
    const source = new EventSource(streamUrl(options, lastId, true));
    const names = new Set<string>();
    const listen = (name: string) => {
      if (names.has(name)) return;
      names.add(name);
      source.addEventListener(name, (e) => {
        const message = e as MessageEvent<string>;
        deliver({ id: message.lastEventId || null, event: name, data: message.data });
      });
    };
    // EventSource only reports named events to listeners registered by name
    for (const name of options.events ?? KNOWN_EVENTS) listen(name);
    source.onmessage = (e) => deliver({ id: e.lastEventId || null, event: 'message', data: String(e.data) });
    source.onopen = () => {
      failures = 0;
      status('open');
    };
    source.onerror = () => {
      // CONNECTING: the browser reconnects by itself with Last-Event-ID. CLOSED: it gave up
      // (an answer that was not a stream, e.g. 401 after the token expired): we take over.
      if (source.readyState === EventSource.CLOSED) scheduleReconnect();
      else status('reconnecting');
    };
    stopCurrent = () => source.close();
  }

  function connectChunked() {
    const parser = new SseParser();
    const decoder = new Utf8Decoder();
    const token = options.token();
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      scheduleReconnect();
    };
    const task = Taro.request({
      url: streamUrl(options, lastId, false),
      method: 'GET',
      header: {
        Accept: 'text/event-stream',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(lastId !== null ? { 'Last-Event-ID': lastId } : {}),
      },
      enableChunked: true,
      responseType: 'arraybuffer',
      timeout: 24 * 60 * 60 * 1000,
      complete: end,
    });
    const chunked = task as unknown as {
      onChunkReceived?: (cb: (res: { data: ArrayBuffer }) => void) => void;
      onHeadersReceived?: (cb: (res: { statusCode?: number }) => void) => void;
      abort?: () => void;
    };
    stopCurrent = () => {
      ended = true;
      chunked.abort?.();
    };
    if (typeof chunked.onChunkReceived !== 'function') {
      // no chunked transfer on this base library: poll the state instead
      stopCurrent();
      startPolling();
      return;
    }
    chunked.onHeadersReceived?.((res) => {
      if (res.statusCode === undefined || res.statusCode === 200) {
        failures = 0;
        status('open');
      }
    });
    chunked.onChunkReceived((res) => {
      for (const event of parser.push(decoder.decode(res.data))) deliver(event);
    });
    void Promise.resolve(task).catch(end);
  }

  function startPolling() {
    status('open');
    const poll = () => {
      timer = setTimeout(() => {
        if (closed) return;
        void (options.beforeReconnect?.() ?? Promise.resolve()).catch(() => undefined).then(poll);
      }, POLL_MS);
    };
    poll();
  }

  function connect() {
    if (closed) return;
    status(failures === 0 ? 'connecting' : 'reconnecting');
    if (mode === 'eventsource' && typeof EventSource !== 'undefined') connectEventSource();
    else if (mode === 'eventsource') startPolling();
    else connectChunked();
  }

  connect();
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      stopCurrent();
      status('closed');
    },
    lastEventId: () => lastId,
  };
}

/** How often the fallback polls when no stream can be had. */
const POLL_MS = 3000;

/**
 * Names of the events of the help and work-order streams, from the contract (a help stream also
 * carries the progress of the order its request turned into).
 */
const KNOWN_EVENTS: readonly string[] = [...Object.values(HelpEventName), ...Object.values(WorkOrderEventName)];
