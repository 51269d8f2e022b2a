import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { request } from '../test/taro';
import { openStream, SseParser, Utf8Decoder } from './stream';

describe('SseParser', () => {
  it('returns events split anywhere across chunks, with ids, names and JSON data', () => {
    const parser = new SseParser();
    const wire =
      'retry: 2000\n\nid: 7\nevent: help.status\ndata: {"a":1}\n\n: ping\n\nid: 8\nevent: help.message\ndata: {"b":"你好"}\r\n\r\n';
    const events = [];
    for (let i = 0; i < wire.length; i += 5) events.push(...parser.push(wire.slice(i, i + 5)));
    expect(events).toEqual([
      { id: '7', event: 'help.status', data: '{"a":1}' },
      { id: '8', event: 'help.message', data: '{"b":"你好"}' },
    ]);
    expect(parser.retryMs).toBe(2000);
  });

  it('joins multi-line data and keeps the last id for events without one', () => {
    const parser = new SseParser();
    expect(parser.push('id: 3\ndata: one\ndata: two\n\ndata: three\n\n')).toEqual([
      { id: '3', event: 'message', data: 'one\ntwo' },
      { id: '3', event: 'message', data: 'three' },
    ]);
  });
});

describe('Utf8Decoder', () => {
  it('decodes Chinese text cut inside a character', () => {
    const bytes = new TextEncoder().encode('客服已接单 ok');
    const decoder = new Utf8Decoder();
    let text = '';
    for (let i = 0; i < bytes.length; i += 2) text += decoder.decode(bytes.slice(i, i + 2));
    expect(text).toBe('客服已接单 ok');
  });
});

// A stand-in EventSource: tests drive it as the browser would.
class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onmessage: ((e: MessageEvent<string>) => void) | null = null;
  private listeners = new Map<string, (e: MessageEvent<string>) => void>();
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(name: string, cb: (e: MessageEvent<string>) => void) {
    this.listeners.set(name, cb);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  open() {
    this.readyState = FakeEventSource.OPEN;
    this.onopen?.();
  }
  emit(name: string, id: string, data: unknown) {
    this.listeners.get(name)?.({ data: JSON.stringify(data), lastEventId: id } as MessageEvent<string>);
  }
  fail() {
    this.readyState = FakeEventSource.CLOSED;
    this.onerror?.();
  }
}

describe('openStream in the browser (EventSource)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeEventSource.instances = [];
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('sends the token in the query and delivers named events with parsed data', () => {
    const onEvent = vi.fn();
    const stream = openStream({ path: '/api/help/abc/events', baseUrl: '', token: () => 'tok-1', onEvent });
    const source = FakeEventSource.instances[0];
    expect(source?.url).toBe('/api/help/abc/events?access_token=tok-1');
    source?.open();
    source?.emit('help.message', '12', { text: '您好' });
    expect(onEvent).toHaveBeenCalledWith('help.message', { text: '您好' }, '12');
    expect(stream.lastEventId()).toBe('12');
    stream.close();
  });

  it('after the browser gives up, reconnects with a fresh token and resumes after the last event id', async () => {
    let token = 'old';
    const beforeReconnect = vi.fn(() => {
      token = 'new';
      return Promise.resolve();
    });
    const stream = openStream({
      path: '/api/agent/events',
      baseUrl: 'http://bff',
      token: () => token,
      onEvent: () => undefined,
      beforeReconnect,
      backoffMs: [1000],
    });
    const first = FakeEventSource.instances[0];
    first?.open();
    first?.emit('help.created', '41', { help: {} });
    first?.fail();
    expect(FakeEventSource.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(beforeReconnect).toHaveBeenCalledTimes(1);
    expect(FakeEventSource.instances[1]?.url).toBe('http://bff/api/agent/events?access_token=new&lastEventId=41');
    stream.close();
  });

  it('stops for good when closed: no reconnection after close', async () => {
    const stream = openStream({ path: '/x', baseUrl: '', token: () => 't', onEvent: () => undefined, backoffMs: [10] });
    FakeEventSource.instances[0]?.fail();
    stream.close();
    await vi.advanceTimersByTimeAsync(100);
    expect(FakeEventSource.instances).toHaveLength(1);
  });
});

describe('openStream in the weapp (chunked Taro.request)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('parses chunks, then reconnects with Last-Event-ID when the request ends', async () => {
    vi.useFakeTimers();
    const tasks: { options: Record<string, unknown>; chunk: (text: string) => void; complete: () => void }[] = [];
    request.mockImplementation((options: Record<string, unknown>) => {
      let onChunk: (res: { data: ArrayBuffer }) => void = () => undefined;
      const task = Object.assign(new Promise(() => undefined), {
        onChunkReceived: (cb: typeof onChunk) => {
          onChunk = cb;
        },
        onHeadersReceived: () => undefined,
        abort: () => undefined,
      });
      tasks.push({
        options,
        chunk: (text) => onChunk({ data: new TextEncoder().encode(text).buffer }),
        complete: () => (options.complete as () => void)(),
      });
      return task;
    });
    const onEvent = vi.fn();
    const stream = openStream({
      path: '/api/help/abc/events',
      baseUrl: 'https://bff.example',
      token: () => 'tok',
      onEvent,
      mode: 'chunked',
      backoffMs: [500],
    });
    expect(tasks[0]?.options).toMatchObject({
      url: 'https://bff.example/api/help/abc/events',
      enableChunked: true,
      header: { Authorization: 'Bearer tok', Accept: 'text/event-stream' },
    });
    tasks[0]?.chunk('id: 5\nevent: help.sta');
    tasks[0]?.chunk('tus\ndata: {"status":"assigned"}\n\n');
    expect(onEvent).toHaveBeenCalledWith('help.status', { status: 'assigned' }, '5');
    tasks[0]?.complete();
    await vi.advanceTimersByTimeAsync(500);
    expect(tasks[1]?.options).toMatchObject({
      url: 'https://bff.example/api/help/abc/events?lastEventId=5',
      header: { 'Last-Event-ID': '5' },
    });
    stream.close();
  });
});
