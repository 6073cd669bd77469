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
 * (deferred by a microtask so that a synchronous DOM move keeps the socket). The private state lives in the
 * constructor's closure (short local names, no property lookups); the methods are closures over it.
 */
export class ConnectionController implements ReactiveController {
  status: ConnectionStatus = 'idle';
  /** The reconnect attempt while `reconnecting` (1, 2, …), else 0. */
  attempt = 0;
  /** Connect when the host is attached. */
  autoConnect = true;
  readonly hostConnected: () => void;
  readonly hostDisconnected: () => void;
  /** Open now (also after disconnect() or an auth error); no-op while connecting or connected. */
  readonly connect: () => void;
  /** Close with 1000 and stop reconnecting; queued turns fail. */
  readonly disconnect: () => void;
  /** Send one turn now, or queue it (in order, sent once on the next open), or refuse it when the outbox is full. */
  readonly send: (id: string, data: string) => 'sent' | 'queued' | 'full';
  /** The server rejected the token (401/403): reconnect once with a fresh one; a second time in a row stops. */
  readonly reauth: () => void;

  constructor(host: ReactiveControllerHost, o: ConnectionOptions) {
    // state — stop: no automatic connects; wait: retry timer; try: attempt in flight; open: connected.
    // gen: attempt id (a late result of an abandoned attempt is ignored); timer: retry delay, connect timeout or
    // uptime timer (one at a time, by state); fresh: ask url() for a fresh token; leaving: removed from the DOM,
    // torn down at the next microtask unless re-inserted.
    let ws: WebSocket | undefined,
      state: 'stop' | 'wait' | 'try' | 'open' = 'stop',
      gen = 0,
      timer: ReturnType<typeof setTimeout> | undefined,
      fails = 0,
      authFails = 0,
      fresh = false,
      leaving = false;
    const queue: Turn[] = [];
    const kick = (e: Event) => {
      if (state == 'wait' && (e.type == 'online' || document.visibilityState == 'visible')) open();
    };
    const listen = (f: Listen) => {
      window[f]('online', kick);
      document[f]('visibilitychange', kick);
    };
    const set = (status: ConnectionStatus, attempt = 0) => {
      if (status == this.status && attempt == this.attempt) return;
      this.status = status;
      this.attempt = attempt;
      host.requestUpdate();
      call(o.onStatus, status, attempt);
    };
    /** Abandon the current attempt or socket (closing it with 1000, also if it opens later) and its timer. */
    const drop = () => {
      gen++;
      clearTimeout(timer);
      const w = ws;
      ws = undefined;
      if (!w) return;
      w.onclose = w.onmessage = null;
      w.onopen = () => w.close(1000);
      if (w.readyState < 2) w.close(1000);
    };
    /** Stop for good (until connect()): close, with `fail` mark queued turns failed; optionally report an error. */
    const stop = (fail: boolean, code?: 'socket' | 'auth', message = '', cause?: unknown) => {
      drop();
      state = 'stop';
      if (this.status != 'idle') set('closed');
      if (code) call(o.onError, code, message, false, cause);
      if (fail) for (const t of queue.splice(0)) call(o.onTurnState, t.id, 'failed');
    };
    /** With a token source: the first failure asks for a fresh token, a second in a row stops. True when stopped. */
    const authFailed = (cause: unknown): boolean => {
      if (!o.usesToken?.()) return false;
      if (authFails++) return (stop(true, 'auth', 'Authentication failed', cause), true);
      return !(fresh = true);
    };
    const flush = () => {
      while (queue.length && ws?.readyState == 1) {
        const t = queue[0];
        try {
          ws.send(t.data);
        } catch {
          return;
        }
        queue.shift();
        call(o.onTurnState, t.id, 'sent');
      }
    };
    /** An attempt failed or an open socket was lost: count it and schedule the next attempt. */
    const fail = (id: number, handshake: boolean, cause: unknown) => {
      if (id != gen) return;
      drop();
      if (handshake && navigator.onLine && authFailed(cause)) return;
      const n = ++fails,
        max = Math.min(o.maxDelay ?? 30000, (o.minDelay ?? 500) * (o.growFactor ?? 2) ** (n - 1));
      state = 'wait';
      timer = setTimeout(open, (o.random ?? Math.random)() * max);
      set('reconnecting', n);
      if (n == 1 || !handshake)
        call(o.onError, 'socket', handshake ? 'Could not connect' : 'Connection lost', true, cause);
    };
    const open = async () => {
      drop();
      const id = gen;
      state = 'try';
      // Timers are set before a status callback, which may call connect()/disconnect().
      timer = setTimeout(() => fail(id, false, new Error('Connect timeout')), o.connectTimeout ?? 10000);
      set(fails ? 'reconnecting' : 'connecting', fails);
      let url: string;
      try {
        url = await o.url(fresh);
      } catch (e) {
        return fail(id, true, e);
      }
      if (id != gen) return;
      fresh = false;
      let w: WebSocket;
      try {
        w = ws = new (o.WebSocket ?? WebSocket)(url);
      } catch {
        // The browser's message would quote the URL, token included.
        return stop(true, 'socket', 'Invalid socket URL');
      }
      w.binaryType = 'arraybuffer';
      w.onopen = () => {
        clearTimeout(timer);
        state = 'open';
        timer = setTimeout(() => (fails = authFails = 0), o.minUptime ?? 5000);
        set('connected');
        flush();
      };
      w.onmessage = e => call(o.onFrame, e.data);
      w.onclose = e => fail(id, state == 'try', { code: e.code, reason: e.reason });
    };
    this.hostConnected = () => {
      if (leaving) return void (leaving = false); // moved within one task: keep everything
      listen('addEventListener');
      if (this.autoConnect) this.connect();
    };
    this.hostDisconnected = () => {
      leaving = true;
      // Promise, not queueMicrotask: fake timers replace the latter.
      Promise.resolve().then(() => {
        if (!leaving) return;
        leaving = false;
        listen('removeEventListener');
        stop(false);
      });
    };
    this.connect = () => {
      if (state == 'try' || state == 'open') return;
      if (state == 'stop') fails = authFails = 0;
      open();
    };
    this.disconnect = () => stop(true);
    this.send = (id, data) => {
      if (!queue.length && ws?.readyState == 1)
        try {
          ws.send(data);
          return 'sent';
        } catch {
          /* queue it */
        }
      const chars = queue.reduce((n, t) => n + t.data.length, data.length);
      if (queue.length >= (o.maxQueue ?? 50) || chars * 2 > (o.maxQueueBytes ?? 20e6)) return 'full';
      queue.push({ id, data });
      return 'queued';
    };
    this.reauth = () => {
      if (state != 'stop' && o.usesToken?.() && !authFailed(new Error('Token rejected'))) open();
    };
    host.addController(this);
  }
}
