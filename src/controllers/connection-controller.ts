import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { call, withDefaults } from './call.js';

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';
export type TurnState = 'queued' | 'sent' | 'failed';

export interface ConnectionOptions {
  /** Resolves the socket URL (token included) before each attempt; `fresh` = true after an auth failure. May throw. */
  url: (fresh: boolean) => string | Promise<string>;
  /** The WebSocket class [the page's, as it is when the controller is made]. Injectable for tests. */
  WebSocket?: typeof WebSocket;
  onStatus?: (status: ConnectionStatus, attempt: number) => void;
  /** Every message event's data (string, or ArrayBuffer for binary frames). */
  onFrame?: (data: unknown) => void;
  onError?: (code: 'socket' | 'auth', message: string, recoverable: boolean, cause?: unknown) => void;
  onTurnState?: (id: string, state: TurnState) => void;
  /** True when a token source is configured: a failed handshake then fetches a fresh token once, a second is `auth`. */
  usesToken?: () => boolean;
  /** Backoff minDelay × growFactor ^ (n − 1), capped at maxDelay, times random() (full jitter). */
  minDelay?: number;
  maxDelay?: number;
  growFactor?: number;
  /** Up this long resets the backoff and the auth-failure streak. */
  minUptime?: number;
  /** An attempt (token + handshake) not open after this long is abandoned and retried. */
  connectTimeout?: number;
  /** Outbox bounds: turns and bytes, a turn counting as its UTF-16 size (length × 2). */
  maxQueue?: number;
  maxQueueBytes?: number;
  random?: () => number;
}

/** Every option's default (times in ms). */
export const DEFAULTS = {
  /** Read when a controller is made, so that a page may replace the global first. */
  get WebSocket(): typeof WebSocket {
    return globalThis.WebSocket;
  },
  usesToken: (): boolean => false,
  minDelay: 500,
  maxDelay: 30_000,
  growFactor: 2,
  minUptime: 5_000,
  connectTimeout: 10_000,
  maxQueue: 50,
  maxQueueBytes: 20e6,
  random: Math.random,
};

type Settings = typeof DEFAULTS & ConnectionOptions;

/** `stopped`: no automatic connects; `waiting`: for the retry timer; `attempting`: token + handshake; `open`. */
type Phase = 'stopped' | 'waiting' | 'attempting' | 'open';

interface QueuedTurn {
  id: string;
  data: string;
}

/** WebSocket.OPEN (also on injected classes that lack the constant). */
const OPEN = 1;

/** How long drained() waits at most (ms): a stalled network must not hold the caller back for long. */
const DRAIN_TIMEOUT_MS = 250;

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

  readonly #host: ReactiveControllerHost;
  readonly #options: Settings;
  readonly #queue: QueuedTurn[] = [];
  #socket: WebSocket | undefined;
  #phase: Phase = 'stopped';
  /** Id of the current attempt: a late result of an abandoned attempt is ignored. */
  #attemptId = 0;
  /** The retry delay, the connect timeout or the uptime timer: one at a time, by phase. */
  #timer: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;
  #authFailures = 0;
  /** Ask url() for a fresh token on the next attempt. */
  #freshToken = false;
  /** Removed from the DOM: torn down at the next microtask unless re-inserted. */
  #leaving = false;

  constructor(host: ReactiveControllerHost, options: ConnectionOptions) {
    this.#host = host;
    this.#options = withDefaults(DEFAULTS, options);
    host.addController(this);
  }

  hostConnected(): void {
    if (this.#leaving) {
      this.#leaving = false; // moved within one task: keep everything
      return;
    }
    window.addEventListener('online', this.#handleWake);
    document.addEventListener('visibilitychange', this.#handleWake);
    if (this.autoConnect) this.connect();
  }

  hostDisconnected(): void {
    this.#leaving = true;
    // Promise, not queueMicrotask: fake timers replace the latter.
    Promise.resolve().then(() => {
      if (!this.#leaving) return;
      this.#leaving = false;
      window.removeEventListener('online', this.#handleWake);
      document.removeEventListener('visibilitychange', this.#handleWake);
      this.#stop({ failQueued: false });
    });
  }

  /** Open now (also after disconnect() or an auth error); no-op while connecting or connected. */
  connect(): void {
    if (this.#phase === 'attempting' || this.#phase === 'open') return;
    if (this.#phase === 'stopped') {
      this.#failures = 0;
      this.#authFailures = 0;
    }
    void this.#open();
  }

  /** Close with 1000 and stop reconnecting; queued turns fail. */
  disconnect(): void {
    this.#stop({ failQueued: true });
  }

  /** Send one turn now, or queue it (in order, sent once on the next open), or refuse it when the outbox is full. */
  send(id: string, data: string): 'sent' | 'queued' | 'full' {
    if (this.#queue.length === 0 && this.#socket?.readyState === OPEN) {
      try {
        this.#socket.send(data);
        return 'sent';
      } catch {
        /* queue it */
      }
    }
    const chars = this.#queue.reduce((sum, turn) => sum + turn.data.length, data.length);
    if (this.#queue.length >= this.#options.maxQueue || chars * 2 > this.#options.maxQueueBytes) return 'full';
    this.#queue.push({ id, data });
    return 'queued';
  }

  /**
   * Resolves once the socket has handed on every byte sent (`bufferedAmount` 0; at once without an open socket), or
   * after 250 ms. A large frame leaves only while the main thread is free, so work that can wait waits for this.
   */
  drained(): Promise<void> {
    const start = performance.now();
    return new Promise(resolve => {
      const check = () => {
        const socket = this.#socket;
        const pending = socket?.readyState === OPEN && socket.bufferedAmount > 0;
        if (pending && performance.now() - start < DRAIN_TIMEOUT_MS) setTimeout(check, 1);
        else resolve();
      };
      check();
    });
  }

  /** The server rejected the token (401/403): reconnect once with a fresh one; a second time in a row stops. */
  reauth(): void {
    if (this.#phase === 'stopped' || !this.#options.usesToken()) return;
    if (!this.#authFailed(new Error('Token rejected'))) void this.#open();
  }

  /** Back online, or the page became visible: retry now instead of at the end of the backoff delay. */
  readonly #handleWake = (event: Event): void => {
    if (this.#phase !== 'waiting') return;
    if (event.type === 'online' || document.visibilityState === 'visible') void this.#open();
  };

  #setStatus(status: ConnectionStatus, attempt = 0): void {
    if (status === this.status && attempt === this.attempt) return;
    this.status = status;
    this.attempt = attempt;
    this.#host.requestUpdate();
    call(this.#options.onStatus, status, attempt);
  }

  /** Abandon the current attempt or socket (closing it with 1000, also if it opens later) and its timer. */
  #drop(): void {
    this.#attemptId++;
    clearTimeout(this.#timer);
    const socket = this.#socket;
    this.#socket = undefined;
    if (!socket) return;
    socket.onclose = null;
    socket.onmessage = null;
    socket.onopen = () => socket.close(1000);
    if (socket.readyState <= OPEN) socket.close(1000);
  }

  /** Stop for good (until connect()): close, optionally fail the queued turns and report an error. */
  #stop({
    failQueued,
    error,
  }: {
    failQueued: boolean;
    error?: { code: 'socket' | 'auth'; message: string; cause?: unknown };
  }): void {
    this.#drop();
    this.#phase = 'stopped';
    if (this.status !== 'idle') this.#setStatus('closed');
    if (error) call(this.#options.onError, error.code, error.message, false, error.cause);
    if (failQueued) for (const turn of this.#queue.splice(0)) call(this.#options.onTurnState, turn.id, 'failed');
  }

  /**
   * With a token source, the first auth failure asks for a fresh token and a second in a row stops. True when stopped.
   */
  #authFailed(cause: unknown): boolean {
    if (!this.#options.usesToken()) return false;
    this.#authFailures++;
    if (this.#authFailures > 1) {
      this.#stop({ failQueued: true, error: { code: 'auth', message: 'Authentication failed', cause } });
      return true;
    }
    this.#freshToken = true;
    return false;
  }

  /** Send the queued turns, in order, while the socket takes them. */
  #flush(): void {
    while (this.#queue.length > 0 && this.#socket?.readyState === OPEN) {
      const turn = this.#queue[0];
      try {
        this.#socket.send(turn.data);
      } catch {
        return;
      }
      this.#queue.shift();
      call(this.#options.onTurnState, turn.id, 'sent');
    }
  }

  /** An attempt failed (`handshake`: before it opened) or an open socket was lost: schedule the next attempt. */
  #handleFailure(attemptId: number, { handshake, cause }: { handshake: boolean; cause: unknown }): void {
    if (attemptId !== this.#attemptId) return;
    this.#drop();
    if (handshake && navigator.onLine && this.#authFailed(cause)) return;
    const { minDelay, maxDelay, growFactor, random } = this.#options;
    const attempt = ++this.#failures;
    const delay = Math.min(maxDelay, minDelay * growFactor ** (attempt - 1));
    this.#phase = 'waiting';
    this.#timer = setTimeout(() => void this.#open(), random() * delay);
    this.#setStatus('reconnecting', attempt);
    if (attempt === 1 || !handshake) {
      const message = handshake ? 'Could not connect' : 'Connection lost';
      call(this.#options.onError, 'socket', message, true, cause);
    }
  }

  async #open(): Promise<void> {
    this.#drop();
    const attemptId = this.#attemptId;
    this.#phase = 'attempting';
    // Timers are set before a status callback, which may call connect()/disconnect().
    this.#timer = setTimeout(
      () => this.#handleFailure(attemptId, { handshake: false, cause: new Error('Connect timeout') }),
      this.#options.connectTimeout,
    );
    this.#setStatus(this.#failures ? 'reconnecting' : 'connecting', this.#failures);
    let url: string;
    try {
      url = await this.#options.url(this.#freshToken);
    } catch (error) {
      this.#handleFailure(attemptId, { handshake: true, cause: error });
      return;
    }
    if (attemptId !== this.#attemptId) return;
    this.#freshToken = false;
    let socket: WebSocket;
    try {
      socket = new this.#options.WebSocket(url);
    } catch {
      // The browser's message would quote the URL, token included.
      this.#stop({ failQueued: true, error: { code: 'socket', message: 'Invalid socket URL' } });
      return;
    }
    this.#socket = socket;
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => this.#handleOpen();
    socket.onmessage = event => call(this.#options.onFrame, event.data);
    socket.onclose = event => {
      const cause = { code: event.code, reason: event.reason };
      this.#handleFailure(attemptId, { handshake: this.#phase === 'attempting', cause });
    };
  }

  #handleOpen(): void {
    clearTimeout(this.#timer);
    this.#phase = 'open';
    this.#timer = setTimeout(() => {
      this.#failures = 0;
      this.#authFailures = 0;
    }, this.#options.minUptime);
    this.#setStatus('connected');
    this.#flush();
  }
}
