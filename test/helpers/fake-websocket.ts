/**
 * A scriptable stand-in for the browser WebSocket: records every instance and what was sent, and lets the test play
 * the server (open, message, fail the handshake, close). Inject with `WebSocket: FakeWebSocket.ctor`.
 */
export class FakeWebSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static instances: FakeWebSocket[] = [];
  static get ctor(): typeof WebSocket {
    return FakeWebSocket as unknown as typeof WebSocket;
  }
  static get last(): FakeWebSocket {
    return FakeWebSocket.instances[FakeWebSocket.instances.length - 1];
  }
  static reset(): void {
    FakeWebSocket.instances = [];
  }

  readyState = 0;
  /** Bytes sent but not yet handed on (set by tests). */
  bufferedAmount = 0;
  binaryType: BinaryType = 'blob';
  sent: unknown[] = [];
  /** The code passed to close() by the client, if it closed. */
  closedWith?: number;
  /** When set, send() throws this. */
  sendError?: Error;
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  onclose: ((e: CloseEvent) => void) | null = null;

  constructor(readonly url: string) {
    super();
    FakeWebSocket.instances.push(this);
  }

  send(data: unknown): void {
    if (this.readyState === 0) throw new DOMException('Still in CONNECTING state.', 'InvalidStateError');
    if (this.sendError) throw this.sendError;
    if (this.readyState === 1) this.sent.push(data); // CLOSING/CLOSED: discarded silently, as browsers do
  }

  close(code = 1005, reason = ''): void {
    if (this.readyState >= 2) return;
    this.closedWith = code;
    this.readyState = 2;
    queueMicrotaskReal(() => this.closed(code, reason, true));
  }

  // ---- the "server" side, driven by the test ----

  /** Complete the handshake. */
  open(): void {
    this.readyState = 1;
    this.fire(new Event('open'));
  }

  message(data: unknown): void {
    this.fire(new MessageEvent('message', { data }));
  }

  /** Fail (before open: the handshake fails, e.g. HTTP 403 or refused) or drop the connection: error then close 1006. */
  fail(): void {
    this.fire(new Event('error'));
    this.closed(1006, '', false);
  }

  /** Only `error`, no `close` (yet): what WebKit fires for a port it blocks (e.g. 9). `closeLater()` sends the close. */
  errorOnly(): void {
    this.fire(new Event('error'));
  }

  closeLater(): void {
    this.closed(1006, '', false);
  }

  /** The server closes cleanly. */
  serverClose(code = 1000, reason = ''): void {
    this.closed(code, reason, true);
  }

  private closed(code: number, reason: string, wasClean: boolean) {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.fire(new CloseEvent('close', { code, reason, wasClean }));
  }

  private fire(e: Event) {
    this.dispatchEvent(e);
    (this as unknown as Record<string, ((e: Event) => void) | null>)['on' + e.type]?.(e);
  }
}

/** A microtask that fake timers cannot hold back. */
const queueMicrotaskReal = (f: () => void) => void Promise.resolve().then(f);
