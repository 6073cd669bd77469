import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { call } from './call.js';

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';
export type TurnState = 'queued' | 'sent' | 'failed';

export interface ConnectionOptions {
  /** Resolves the socket URL (token included) before each attempt; `fresh` = true after an auth failure. May throw. */
  url: (fresh: boolean) => string | Promise<string>;
  /** Injectable for tests. */
  WebSocket?: typeof WebSocket;
  onStatus?: (status: ConnectionStatus, attempt: number) => void;
  /** Every message event's data (string, or ArrayBuffer for binary frames). */
  onFrame?: (data: unknown) => void;
  onError?: (code: 'socket' | 'auth', message: string, recoverable: boolean, cause?: unknown) => void;
  onTurnState?: (id: string, state: TurnState) => void;
  /** True when a token source is configured: a failed handshake then fetches a fresh token once, a second is `auth`. */
  usesToken?: () => boolean;
  /** Backoff [500 ms] × growFactor [2] ^ (n − 1), capped at maxDelay [30 s], times random() (full jitter). */
  minDelay?: number;
  maxDelay?: number;
  growFactor?: number;
  /** Up this long [5 s] resets the backoff and the auth-failure streak. */
  minUptime?: number;
  /** An attempt (token + handshake) not open after this long [10 s] is abandoned and retried. */
  connectTimeout?: number;
  /** Outbox bounds: turns [50] and bytes [20 MB], a turn counting as its UTF-16 size (length × 2). */
  maxQueue?: number;
  maxQueueBytes?: number;
  random?: () => number;
}

type Turn = { id: string; data: string };
type Listen = 'addEventListener' | 'removeEventListener';

/**
 * WebSocket lifecycle for a Lit host: reconnect with backoff, bounded outbox, token refresh, teardown on removal
 * (deferred by a microtask so that a synchronous DOM move keeps the socket).
 */
export class ConnectionController implements ReactiveController {
  status: ConnectionStatus = 'idle';
  /** The reconnect attempt while `reconnecting` (1, 2, …), else 0. */
  attempt = 0;
  /** Connect when the host is attached. */
  autoConnect = true;

  private ws?: WebSocket;
  /** stop: no automatic connects; wait: retry timer; try: attempt in flight; open: connected. */
  private state: 'stop' | 'wait' | 'try' | 'open' = 'stop';
  /** Attempt id: a late result of an abandoned attempt is ignored. */
  private gen = 0;
  /** Retry delay, connect timeout or uptime timer (one at a time, by state). */
  private timer?: ReturnType<typeof setTimeout>;
  private fails = 0;
  private authFails = 0;
  private fresh = false;
  /** Removed from the DOM; torn down at the next microtask unless re-inserted. */
  private leaving?: boolean;
  private queue: Turn[] = [];

  constructor(
    private host: ReactiveControllerHost,
    private o: ConnectionOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.leaving) return void (this.leaving = false); // moved within one task: keep everything
    this.listen('addEventListener');
    if (this.autoConnect) this.connect();
  }

  hostDisconnected(): void {
    this.leaving = true;
    // Promise, not queueMicrotask: fake timers replace the latter.
    Promise.resolve().then(() => {
      if (!this.leaving) return; // back already
      this.leaving = false;
      this.listen('removeEventListener');
      this.stop(false);
    });
  }

  /** Open now (also after disconnect() or an auth error); no-op while connecting or connected. */
  connect(): void {
    if (this.state == 'try' || this.state == 'open') return;
    if (this.state == 'stop') this.fails = this.authFails = 0;
    this.open();
  }

  /** Close with 1000 and stop reconnecting; queued turns fail. */
  disconnect(): void {
    this.stop(true);
  }

  /** Send one turn now, or queue it (in order, sent once on the next open), or refuse it when the outbox is full. */
  send(id: string, data: string): 'sent' | 'queued' | 'full' {
    const q = this.queue,
      o = this.o;
    if (!q.length && this.ws?.readyState == 1)
      try {
        this.ws.send(data);
        return 'sent';
      } catch {
        /* queue it */
      }
    const chars = q.reduce((n, t) => n + t.data.length, data.length);
    if (q.length >= (o.maxQueue ?? 50) || chars * 2 > (o.maxQueueBytes ?? 20e6)) return 'full';
    q.push({ id, data });
    return 'queued';
  }

  /** The server rejected the token (401/403): reconnect once with a fresh one; a second time in a row stops. */
  reauth(): void {
    if (this.state != 'stop' && this.o.usesToken?.() && !this.authFailed(new Error('Token rejected'))) this.open();
  }

  private kick = (e: Event) => {
    if (this.state == 'wait' && (e.type == 'online' || document.visibilityState == 'visible')) this.open();
  };

  private listen(f: Listen) {
    window[f]('online', this.kick);
    document[f]('visibilitychange', this.kick);
  }

  private async open() {
    this.drop();
    const id = this.gen,
      o = this.o;
    this.state = 'try';
    // Timers are set before a status callback, which may call connect()/disconnect().
    this.timer = setTimeout(() => this.fail(id, false, new Error('Connect timeout')), o.connectTimeout ?? 10000);
    this.set(this.fails ? 'reconnecting' : 'connecting', this.fails);
    let url: string;
    try {
      url = await o.url(this.fresh);
    } catch (e) {
      return this.fail(id, true, e);
    }
    if (id != this.gen) return;
    this.fresh = false;
    let ws: WebSocket;
    try {
      ws = this.ws = new (o.WebSocket ?? WebSocket)(url);
    } catch {
      // The browser's message would quote the URL, token included.
      return this.stop(true, 'socket', 'Invalid socket URL');
    }
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => {
      clearTimeout(this.timer);
      this.state = 'open';
      this.timer = setTimeout(() => (this.fails = this.authFails = 0), o.minUptime ?? 5000);
      this.set('connected');
      this.flush();
    };
    ws.onmessage = e => call(o.onFrame, e.data);
    ws.onclose = e => this.fail(id, this.state == 'try', { code: e.code, reason: e.reason });
  }

  /** An attempt failed or an open socket was lost: count it and schedule the next attempt. */
  private fail(id: number, handshake: boolean, cause: unknown) {
    if (id != this.gen) return;
    this.drop();
    if (handshake && navigator.onLine && this.authFailed(cause)) return;
    const n = ++this.fails,
      o = this.o,
      max = Math.min(o.maxDelay ?? 30000, (o.minDelay ?? 500) * (o.growFactor ?? 2) ** (n - 1));
    this.state = 'wait';
    this.timer = setTimeout(() => this.open(), (o.random ?? Math.random)() * max);
    this.set('reconnecting', n);
    if (n == 1 || !handshake)
      call(o.onError, 'socket', handshake ? 'Could not connect' : 'Connection lost', true, cause);
  }

  /** With a token source: the first failure asks for a fresh token, a second in a row stops. True when stopped. */
  private authFailed(cause: unknown): boolean {
    if (!this.o.usesToken?.()) return false;
    if (this.authFails++) return (this.stop(true, 'auth', 'Authentication failed', cause), true);
    return !(this.fresh = true);
  }

  /** Stop for good (until connect()): close, and with `fail` mark queued turns failed; optionally report an error. */
  private stop(fail: boolean, code?: 'socket' | 'auth', message = '', cause?: unknown) {
    this.drop();
    this.state = 'stop';
    if (this.status != 'idle') this.set('closed');
    if (code) call(this.o.onError, code, message, false, cause);
    if (fail) for (const t of this.queue.splice(0)) call(this.o.onTurnState, t.id, 'failed');
  }

  /** Abandon the current attempt or socket (closing it with 1000, also if it opens later) and its timer. */
  private drop() {
    this.gen++;
    clearTimeout(this.timer);
    const ws = this.ws;
    this.ws = undefined;
    if (!ws) return;
    ws.onclose = ws.onmessage = null;
    ws.onopen = () => ws.close(1000);
    if (ws.readyState < 2) ws.close(1000);
  }

  private flush() {
    while (this.queue.length && this.ws?.readyState == 1) {
      const t = this.queue[0];
      try {
        this.ws.send(t.data);
      } catch {
        return;
      }
      this.queue.shift();
      call(this.o.onTurnState, t.id, 'sent');
    }
  }

  private set(status: ConnectionStatus, attempt = 0) {
    if (status == this.status && attempt == this.attempt) return;
    this.status = status;
    this.attempt = attempt;
    this.host.requestUpdate();
    call(this.o.onStatus, status, attempt);
  }
}
