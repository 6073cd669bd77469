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
  /**
   * True when a token source is configured: a failed handshake then fetches a fresh token for the next attempt, and a
   * handshake refused twice in a row right after a fresh token, while the host answers plain HTTP, is `auth`.
   */
  usesToken?: () => boolean;
  /**
   * True when the socket URL's host answers plain HTTP (any answer but a 5xx; an outage or a deploy gives false). Asked
   * after a handshake failed right after a fresh token, to tell a refused token from a server that is down.
   */
  probe?: (socketUrl: string) => Promise<boolean>;
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
  probe: hostAnswers,
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

/** How long the host check may take before it counts as "no answer". */
const PROBE_TIMEOUT = 5_000;

/**
 * What url() throws when the service refused the credentials (a 400/401/403 from the token endpoint): the controller
 * stops with an `auth` error until connect(). Anything else url() throws (a token endpoint that cannot be reached or
 * answers 5xx) is "service unreachable", retried with backoff. Any error whose `code` is `'auth'` counts the same.
 */
export class CredentialsRefusedError extends Error {
  readonly code = 'auth';
}

const isRefusal = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'auth';

/** Where an attempt failed: getting the token, the handshake, the connect timeout; or an open socket was lost. */
type FailureStage = 'token' | 'handshake' | 'timeout' | 'lost';

/**
 * The default `probe`: a plain GET of the socket URL's origin over http(s). `no-cors`, so that any host answers (an
 * opaque answer counts as one); a readable 5xx (same origin) does not.
 */
async function hostAnswers(socketUrl: string): Promise<boolean> {
  const origin = new URL(socketUrl.replace(/^ws/, 'http')).origin;
  try {
    const response = await fetch(origin + '/', {
      mode: 'no-cors',
      cache: 'no-store',
      credentials: 'omit',
      signal: AbortSignal.timeout(PROBE_TIMEOUT),
    });
    return response.type === 'opaque' || response.status < 500;
  } catch {
    return false;
  }
}

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
  /** Failures since the last good connection (the backoff's n: a lost connection and each failed attempt). */
  #failures = 0;
  /** Attempts that failed in a row (a lost connection is not one): the ground for `unreachable`. */
  #failedAttempts = 0;
  /** Refusals in a row: a handshake refused right after a fresh token while the host answers, or reauth(). */
  #refusals = 0;
  /** A connection opened since connect(). */
  #opened = false;
  #unreachable = false;
  /** Ask url() for a fresh token on the next attempt. */
  #freshToken = false;
  /** The current attempt asked for a fresh token. */
  #attemptFresh = false;
  /** The socket URL of the current attempt (for the host check). */
  #attemptUrl = '';
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

  /**
   * True while the service cannot be reached: no connection opened since connect() and an attempt failed, or two
   * attempts in a row failed after a lost connection. False again once a connection opens, or when stopped.
   */
  get unreachable(): boolean {
    return this.#unreachable;
  }

  /** Open now (also after disconnect() or an auth error; while waiting to retry: at once); no-op while connecting or connected. */
  connect(): void {
    if (this.#phase === 'attempting' || this.#phase === 'open') return;
    if (this.#phase === 'stopped') {
      this.#failures = 0;
      this.#failedAttempts = 0;
      this.#refusals = 0;
      this.#opened = false;
    }
    void this.#open();
  }

  /** Close with 1000 and stop reconnecting; queued turns fail. */
  disconnect(): void {
    this.#stop({ failQueued: true });
  }

  /**
   * Follows what the host wants: connected while `wanted` (a `newUrl` reconnects), else disconnected and not
   * reconnecting. Nothing happens while it already is as wanted.
   */
  follow({ wanted, newUrl }: { wanted: boolean; newUrl: boolean }): void {
    if (wanted === this.autoConnect && !(wanted && newUrl)) return;
    this.autoConnect = wanted;
    this.disconnect();
    if (wanted) this.connect();
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

  /** The server rejected the token (401/403): reconnect once with a fresh one; a second refusal in a row stops. */
  reauth(): void {
    if (this.#phase === 'stopped' || !this.#options.usesToken()) return;
    if (this.#refused(new Error('Token rejected'))) return;
    this.#freshToken = true;
    void this.#open();
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
    socket.onerror = null;
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
    this.#setUnreachable(false);
    if (this.status !== 'idle') this.#setStatus('closed');
    if (error) call(this.#options.onError, error.code, error.message, false, error.cause);
    if (failQueued) for (const turn of this.#queue.splice(0)) call(this.#options.onTurnState, turn.id, 'failed');
  }

  /** A refusal (the service answered and said no): the second in a row stops with `auth`. True when stopped. */
  #refused(cause: unknown): boolean {
    this.#refusals++;
    if (this.#refusals < 2) return false;
    this.#stop({ failQueued: true, error: { code: 'auth', message: 'Authentication failed', cause } });
    return true;
  }

  #setUnreachable(unreachable: boolean): void {
    if (unreachable === this.#unreachable) return;
    this.#unreachable = unreachable;
    this.#host.requestUpdate();
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

  /**
   * An attempt failed, or an open socket was lost. A token refused by its endpoint stops with `auth`; a handshake that
   * failed right after a fresh token asks whether the host answers plain HTTP (a refusal) or not (an outage); every
   * other failure is retried with backoff.
   */
  #handleFailure(attemptId: number, { stage, cause }: { stage: FailureStage; cause: unknown }): void {
    if (attemptId !== this.#attemptId) return;
    this.#drop();
    if (stage === 'token' && isRefusal(cause)) {
      this.#stop({ failQueued: true, error: { code: 'auth', message: 'Authentication failed', cause } });
      return;
    }
    if (stage !== 'lost') this.#failedAttempts++;
    const tokenHandshake = stage === 'handshake' && this.#options.usesToken();
    if (tokenHandshake) this.#freshToken = true; // the token may be what the server refused
    if (tokenHandshake && this.#attemptFresh && navigator.onLine) void this.#checkRefusal({ cause });
    else this.#retryLater({ stage, cause });
  }

  /** A handshake failed right after a fresh token: a refusal if the host answers plain HTTP, else an outage. */
  async #checkRefusal({ cause }: { cause: unknown }): Promise<void> {
    const attemptId = this.#attemptId;
    this.#phase = 'waiting'; // connect(), `online` or the page coming back retry at once, as while waiting
    let answers = false;
    try {
      answers = await this.#options.probe(this.#attemptUrl);
    } catch {
      /* no answer */
    }
    if (attemptId !== this.#attemptId) return; // connect(), disconnect() or removal meanwhile
    if (!answers) {
      this.#refusals = 0; // an outage breaks the streak
    } else if (this.#refused(cause)) {
      return;
    }
    this.#retryLater({ stage: 'handshake', cause });
  }

  /** Schedules the next attempt (backoff with full jitter) and reports what the visitor should know. */
  #retryLater({ stage, cause }: { stage: FailureStage; cause: unknown }): void {
    const { minDelay, maxDelay, growFactor, random } = this.#options;
    const attempt = ++this.#failures;
    const delay = Math.min(maxDelay, minDelay * growFactor ** (attempt - 1));
    this.#phase = 'waiting';
    this.#timer = setTimeout(() => void this.#open(), random() * delay);
    const wasUnreachable = this.#unreachable;
    this.#setUnreachable(this.#failedAttempts >= (this.#opened ? 2 : 1));
    this.#setStatus('reconnecting', attempt);
    if (stage === 'lost') call(this.#options.onError, 'socket', 'Connection lost', true, cause);
    else if (this.#unreachable && !wasUnreachable)
      call(this.#options.onError, 'socket', 'Service unreachable', true, cause);
  }

  async #open(): Promise<void> {
    this.#drop();
    const attemptId = this.#attemptId;
    this.#phase = 'attempting';
    // Timers are set before a status callback, which may call connect()/disconnect().
    this.#timer = setTimeout(
      () => this.#handleFailure(attemptId, { stage: 'timeout', cause: new Error('Connect timeout') }),
      this.#options.connectTimeout,
    );
    this.#setStatus(this.#failures ? 'reconnecting' : 'connecting', this.#failures);
    this.#attemptFresh = this.#freshToken;
    let url: string;
    try {
      url = await this.#options.url(this.#attemptFresh);
    } catch (error) {
      this.#handleFailure(attemptId, { stage: 'token', cause: error });
      return;
    }
    if (attemptId !== this.#attemptId) return;
    this.#freshToken = false;
    this.#attemptUrl = url;
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
      this.#handleFailure(attemptId, { stage: this.#phase === 'attempting' ? 'handshake' : 'lost', cause });
    };
    // A handshake that fails fires `error`, then `close` — except in WebKit for a port it blocks (e.g. 9): `error` only,
    // and the widget would say "Connecting…" until the connect timeout. The first of the two counts; the other is ignored.
    socket.onerror = () => {
      if (this.#phase !== 'attempting') return; // an open socket's error is always followed by its close
      this.#handleFailure(attemptId, { stage: 'handshake', cause: { code: 1006, reason: '' } });
    };
  }

  #handleOpen(): void {
    clearTimeout(this.#timer);
    this.#phase = 'open';
    this.#opened = true;
    this.#failedAttempts = 0;
    this.#setUnreachable(false);
    this.#timer = setTimeout(() => {
      this.#failures = 0;
      this.#refusals = 0;
    }, this.#options.minUptime);
    this.#setStatus('connected');
    this.#flush();
  }
}
