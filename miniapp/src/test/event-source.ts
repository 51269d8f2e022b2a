// A stand-in EventSource the tests push events through (H5 streams: lib/stream.ts).

export class FakeEventSource {
  static readonly CLOSED = 2;
  static last: FakeEventSource | null = null;
  readyState = 1;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onmessage: ((e: MessageEvent<string>) => void) | null = null;
  private listeners = new Map<string, (e: MessageEvent<string>) => void>();
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(name: string, cb: (e: MessageEvent<string>) => void) {
    this.listeners.set(name, cb);
  }
  /** The event names the page listens for. */
  names(): string[] {
    return [...this.listeners.keys()];
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  emit(name: string, id: string, data: unknown) {
    this.listeners.get(name)?.({ data: JSON.stringify(data), lastEventId: id } as MessageEvent<string>);
  }
}
