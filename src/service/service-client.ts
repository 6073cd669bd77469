/**
 * The REST side of service mode (element-api.md, "Service mode"; protocol.md, "Token flow"): the token, the
 * configuration, the socket URL and the history. A plain class with `fetch` injected: no DOM, never throws (every
 * method resolves to a result), never puts the token into a message.
 */
import type { ErrorCode } from '../names.js';
import { readConfiguration, readHistory, type HistoryPage, type ServiceConfig } from './config.js';
import { parseServiceUrl, serviceEndpoint, serviceSocketUrl } from './urls.js';

export type {
  HistoryEntry,
  HistoryPage,
  HistoryRecord,
  ServiceAvatar,
  ServiceConfig,
  ServiceLanguage,
} from './config.js';

export type ServiceEndpoint = 'jwt' | 'connection' | 'chat';

/** Why a call failed; `code` is the `avatar-chat-error` code to report. */
export type ServiceFailureReason =
  | 'config' // the `service` URL (or a 404 from it) says the configuration is wrong
  | 'unreachable' // network failure, or a token endpoint that answers 5xx
  | 'timeout' // no complete answer within the timeout
  | 'aborted' // the caller's signal
  | 'refused' // the credentials were refused
  | 'payment' // 402
  | 'busy' // 503/504, still after the retries
  | 'status' // any other HTTP error
  | 'malformed' // not JSON, or JSON of the wrong shape
  | 'too-large'; // an answer over `maxBodyBytes`

export interface ServiceFailure {
  code: Extract<ErrorCode, 'config' | 'socket' | 'auth' | 'server' | 'protocol'>;
  reason: ServiceFailureReason;
  endpoint: ServiceEndpoint;
  /** The HTTP status, when there was one. */
  status?: number;
  /** For the site owner: which call, what happened, what to check. Never contains the token. */
  message: string;
  /** Whether trying again later can help without the site owner. */
  recoverable: boolean;
  cause?: unknown;
}

export type ServiceResult<T> = { ok: true; value: T } | { ok: false; failure: ServiceFailure };

export interface ServiceClientOptions {
  /** The `service` attribute: the API's base URL. */
  service: string;
  userId: string;
  projectId?: string;
  /** Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Clock (default `Date.now`). */
  now?: () => number;
  /** Jitter source (default `Math.random`). */
  random?: () => number;
  /** Per attempt, answer body included (default 10 s). */
  timeoutMs?: number;
  /** How many times a 503/504 is retried (default 3). */
  busyRetries?: number;
  /** First retry delay, doubled each time, with jitter (default 500 ms); a `Retry-After` header wins up to the cap. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Largest answer body read (default 1 MiB). */
  maxBodyBytes?: number;
  /** A token older than this is fetched again before use (default 23 h: always before it is 24 h old). */
  tokenMaxAgeMs?: number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

const DEFAULTS = {
  timeoutMs: 10_000,
  busyRetries: 3,
  retryDelayMs: 500,
  maxRetryDelayMs: 8_000,
  maxBodyBytes: 1024 * 1024,
  tokenMaxAgeMs: 23 * 60 * 60 * 1000,
  historyPerPage: 50,
};

const STATUS_WORDS: Record<number, string> = {
  400: 'bad request',
  401: 'unauthorized',
  402: 'payment required',
  403: 'forbidden (token refused or expired)',
  404: 'not found',
  405: 'method not allowed',
  503: 'service busy',
  504: 'gateway timeout',
};

interface Token {
  value: string;
  fetchedAt: number;
}

/** A failed attempt, as the retry loop sees it. */
class CallError extends Error {
  constructor(readonly failure: ServiceFailure) {
    super(failure.message);
  }
}

export class ServiceClient {
  readonly #options: Required<Omit<ServiceClientOptions, 'projectId'>> & { projectId?: string };
  readonly #base: URL | undefined;
  readonly #baseError: string | undefined;
  #token: Token | undefined;
  #tokenRequest: Promise<Token> | undefined;

  constructor(options: ServiceClientOptions) {
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.#options = {
      fetch: (...args) => globalThis.fetch(...args),
      now: Date.now,
      random: Math.random,
      ...DEFAULTS,
      ...(given as ServiceClientOptions),
    };
    const parsed = parseServiceUrl(options.service);
    if ('url' in parsed) this.#base = parsed.url;
    else this.#baseError = parsed.error;
  }

  /** The service's base URL, or undefined when `service` is not usable (every call then fails with `config`). */
  get baseUrl(): string | undefined {
    return this.#base?.href;
  }

  /** When the token in memory was fetched (ms epoch), undefined without one. */
  get tokenFetchedAt(): number | undefined {
    return this.#token?.fetchedAt;
  }

  /** Forgets the token: the next call fetches a new one (after the socket was refused, for example). */
  invalidateToken(): void {
    this.#token = undefined;
  }

  /**
   * The token: the one in memory while it is younger than `tokenMaxAgeMs`, else `POST {service}/jwt` with
   * `{"user_id","project_id"}` → `jwt` (or `token`). `fresh` always fetches a new one.
   */
  async token(options: CallOptions & { fresh?: boolean } = {}): Promise<ServiceResult<string>> {
    try {
      return { ok: true, value: (await this.#validToken(options)).value };
    } catch (err) {
      return this.#failed(err, 'jwt');
    }
  }

  /** The Chat Mode socket URL with a valid token: `{service}` with `ws(s):` and `/ws/chat?token=…`. */
  async socketUrl(options: CallOptions & { fresh?: boolean } = {}): Promise<ServiceResult<string>> {
    const token = await this.token(options);
    return token.ok ? { ok: true, value: serviceSocketUrl(this.#base!, token.value) } : token;
  }

  /** `GET {service}/connection`: the configuration, validated (fields of the wrong type are left out, see `problems`). */
  async configuration(options: CallOptions = {}): Promise<ServiceResult<ServiceConfig>> {
    try {
      const json = await this.#authorized('connection', {}, options);
      const config = readConfiguration(json, this.#base!);
      if (!config) throw new CallError(this.#malformed('connection', 'the configuration is not a JSON object'));
      return { ok: true, value: config };
    } catch (err) {
      return this.#failed(err, 'connection');
    }
  }

  /** `GET {service}/chat?user_id=…&per_page=50&page=N`: one page of history (page 1 is the newest), oldest first. */
  async history(options: CallOptions & { page?: number; perPage?: number } = {}): Promise<ServiceResult<HistoryPage>> {
    const page = wholeNumber(options.page, 1);
    const perPage = wholeNumber(options.perPage, DEFAULTS.historyPerPage);
    try {
      const query = { user_id: this.#options.userId, per_page: perPage, page };
      const json = await this.#authorized('chat', query, options);
      const history = readHistory(json, page, this.#base!, this.#options.now);
      if (!history) throw new CallError(this.#malformed('chat', 'the history is not an object with a payload list'));
      return { ok: true, value: history };
    } catch (err) {
      return this.#failed(err, 'chat');
    }
  }

  // ---- token ----------------------------------------------------------------------------------------------

  async #validToken({ fresh = false, signal }: CallOptions & { fresh?: boolean }): Promise<Token> {
    const token = this.#token;
    if (!fresh && token && this.#options.now() - token.fetchedAt < this.#options.tokenMaxAgeMs) return token;
    // One request at a time: concurrent callers share it, so it does not follow any one caller's signal (it has its
    // own timeout); each caller stops waiting when its own signal aborts.
    this.#tokenRequest ??= this.#fetchToken().finally(() => {
      this.#tokenRequest = undefined;
    });
    return abortable(this.#tokenRequest, signal, () => new CallError(this.#aborted('jwt', 'POST /jwt')));
  }

  async #fetchToken(): Promise<Token> {
    const body: Record<string, string> = { user_id: this.#options.userId };
    if (this.#options.projectId) body.project_id = this.#options.projectId;
    const json = await this.#call('jwt', {
      method: 'POST',
      url: serviceEndpoint(this.#usableBase('jwt'), 'jwt'),
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const value =
      json && typeof json === 'object' && !Array.isArray(json) ? pickToken(json as Record<string, unknown>) : undefined;
    if (!value) throw new CallError(this.#malformed('jwt', 'the answer has no "jwt" or "token" text'));
    this.#token = { value, fetchedAt: this.#options.now() };
    return this.#token;
  }

  /**
   * A GET with the Bearer token. A 401/403 with a token from earlier fetches a fresh token and tries once more; a
   * 401/403 with a token fetched for this very call is an `auth` failure.
   */
  async #authorized(endpoint: 'connection' | 'chat', query: Record<string, string | number>, { signal }: CallOptions) {
    const url = serviceEndpoint(this.#usableBase(endpoint), endpoint, query);
    const before = this.#token;
    let token = await this.#validToken({ signal });
    let freshToken = token !== before; // fetched for this call (none in memory, or it was too old)
    for (;;) {
      try {
        return await this.#call(endpoint, {
          method: 'GET',
          url,
          headers: { Authorization: `Bearer ${token.value}` },
          signal,
        });
      } catch (err) {
        const refused = err instanceof CallError && err.failure.reason === 'refused';
        if (!refused) throw err;
        if (freshToken)
          throw new CallError({
            ...err.failure,
            code: 'auth',
            recoverable: false,
            message: `${err.failure.message}, with a token fetched moments ago: the service refuses this user or project`,
          });
        this.invalidateToken();
        token = await this.#validToken({ fresh: true, signal });
        freshToken = true;
      }
    }
  }

  // ---- one HTTP call: timeout, body cap, 503/504 retries, status → failure ---------------------------------

  async #call(
    endpoint: ServiceEndpoint,
    request: { method: string; url: URL; headers: Record<string, string>; body?: string; signal?: AbortSignal },
  ): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const { response, text } = await this.#attempt(endpoint, request);
      if (response.ok) return this.#json(endpoint, request, text);
      const failure = this.#statusFailure(endpoint, request, response.status);
      const busy = response.status === 503 || response.status === 504;
      if (!busy || attempt >= this.#options.busyRetries) throw new CallError(failure);
      await this.#sleep(this.#retryDelay(attempt, response.headers.get('Retry-After')), request.signal, endpoint);
    }
  }

  /** One fetch with the timeout, its body read up to `maxBodyBytes` (the timeout covers the body too). */
  async #attempt(
    endpoint: ServiceEndpoint,
    request: { method: string; url: URL; headers: Record<string, string>; body?: string; signal?: AbortSignal },
  ): Promise<{ response: Response; text: string }> {
    const what = describe(request);
    if (request.signal?.aborted) throw new CallError(this.#aborted(endpoint, what));
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#options.timeoutMs);
    const onAbort = () => controller.abort();
    request.signal?.addEventListener('abort', onAbort);
    try {
      const response = await this.#options.fetch(request.url.href, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: controller.signal,
        credentials: 'omit',
        cache: 'no-store',
      });
      const text = await readText(response, this.#options.maxBodyBytes, controller.signal);
      if (text === undefined)
        throw new CallError({
          code: 'protocol',
          reason: 'too-large',
          endpoint,
          status: response.status,
          message: `${what}: the answer is larger than ${this.#options.maxBodyBytes} bytes; not read`,
          recoverable: false,
        });
      return { response, text };
    } catch (err) {
      if (err instanceof CallError) throw err;
      if (timedOut)
        throw new CallError({
          code: 'socket',
          reason: 'timeout',
          endpoint,
          message: `${what}: no answer within ${this.#options.timeoutMs / 1000} s (service unreachable)`,
          recoverable: true,
          cause: err,
        });
      if (request.signal?.aborted) throw new CallError(this.#aborted(endpoint, what));
      throw new CallError({
        code: 'socket',
        reason: 'unreachable',
        endpoint,
        message: `${what}: the service cannot be reached (network error, CORS or a wrong service URL)`,
        recoverable: true,
        cause: err,
      });
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    }
  }

  #json(endpoint: ServiceEndpoint, request: { method: string; url: URL }, text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (err) {
      const start = JSON.stringify(text.slice(0, 40));
      throw new CallError({ ...this.#malformed(endpoint, `the answer is not JSON (it starts ${start})`), cause: err });
    }
  }

  #statusFailure(endpoint: ServiceEndpoint, request: { method: string; url: URL }, status: number): ServiceFailure {
    const what = `${describe(request)}: HTTP ${status}${STATUS_WORDS[status] ? ` (${STATUS_WORDS[status]})` : ''}`;
    const failure = (
      code: ServiceFailure['code'],
      reason: ServiceFailureReason,
      { recoverable, message }: { recoverable: boolean; message: string },
    ): ServiceFailure => ({ endpoint, status, code, reason, recoverable, message });
    if (status === 401 || status === 403 || (endpoint === 'jwt' && status === 400)) {
      const message = endpoint === 'jwt' ? `${what}: the service refused user_id/project_id; check project-id` : what;
      return failure('auth', 'refused', { recoverable: false, message });
    }
    if (status === 402)
      return failure('server', 'payment', {
        recoverable: false,
        message: `${what}: the service account needs attention`,
      });
    if (status === 503 || status === 504)
      return failure('server', 'busy', {
        recoverable: true,
        message: `${what}, still after ${this.#options.busyRetries} retries`,
      });
    if (status === 404 || status === 405)
      return failure('config', 'config', { recoverable: false, message: `${what}: is service the API's base URL?` });
    if (endpoint === 'jwt' && status >= 500)
      return failure('socket', 'unreachable', {
        recoverable: true,
        message: `${what}: the token endpoint is down (service unreachable)`,
      });
    const recoverable = status >= 500 || status === 408 || status === 429;
    return failure('server', 'status', { recoverable, message: what });
  }

  #malformed(endpoint: ServiceEndpoint, why: string): ServiceFailure {
    const what = endpoint === 'jwt' ? 'POST /jwt' : `GET /${endpoint}`;
    return {
      code: 'protocol',
      reason: 'malformed',
      endpoint,
      message: `${what} of ${this.#base?.href}: ${why}`,
      recoverable: false,
    };
  }

  #aborted(endpoint: ServiceEndpoint, what: string): ServiceFailure {
    return { code: 'socket', reason: 'aborted', endpoint, message: `${what}: aborted`, recoverable: true };
  }

  #usableBase(endpoint: ServiceEndpoint): URL {
    if (this.#base) return this.#base;
    throw new CallError({ code: 'config', reason: 'config', endpoint, message: this.#baseError!, recoverable: false });
  }

  /** Exponential backoff with jitter (half fixed, half random), or the server's `Retry-After` seconds; both capped. */
  #retryDelay(attempt: number, retryAfter: string | null): number {
    const { retryDelayMs, maxRetryDelayMs, random } = this.#options;
    const seconds = retryAfter !== null && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) : undefined;
    if (seconds !== undefined) return Math.min(seconds * 1000, maxRetryDelayMs);
    const delay = Math.min(retryDelayMs * 2 ** attempt, maxRetryDelayMs);
    return delay / 2 + (random() * delay) / 2;
  }

  #sleep(ms: number, signal: AbortSignal | undefined, endpoint: ServiceEndpoint): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(new CallError(this.#aborted(endpoint, `waiting to retry /${endpoint}`)));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #failed(err: unknown, endpoint: ServiceEndpoint): { ok: false; failure: ServiceFailure } {
    if (err instanceof CallError) return { ok: false, failure: err.failure };
    // a bug of ours, reported rather than thrown into the page
    return {
      ok: false,
      failure: {
        code: 'protocol',
        reason: 'malformed',
        endpoint,
        message: `/${endpoint}: ${String(err)}`,
        recoverable: false,
        cause: err,
      },
    };
  }
}

/** A whole number ≥ 1, else the fallback. */
const wholeNumber = (n: number | undefined, fallback: number) =>
  n !== undefined && Number.isFinite(n) && n >= 1 ? Math.floor(n) : fallback;

/** The promise, or a rejection with `error()` as soon as `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined, error: () => Error): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(error());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(error());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** `jwt`, else `token`: a non-blank string without spaces or control characters. */
function pickToken(json: Record<string, unknown>): string | undefined {
  for (const key of ['jwt', 'token']) {
    const value = Object.hasOwn(json, key) ? json[key] : undefined;
    if (typeof value === 'string' && /^[\x21-\x7e]+$/.test(value)) return value;
  }
  return undefined;
}

/** `GET https://x/connection` (no query: the user id stays out of messages). */
const describe = (request: { method: string; url: URL }) =>
  `${request.method} ${request.url.origin}${request.url.pathname}`;

/**
 * The body as text, or undefined when it is larger than `max` bytes (stops reading there). Rejects when `signal`
 * aborts, also while a read is pending (a stream that does not follow the fetch's signal cannot hang the call).
 */
async function readText(response: Response, max: number, signal: AbortSignal): Promise<string | undefined> {
  const length = Number(response.headers.get('Content-Length'));
  if (length > max) {
    await response.body?.cancel().catch(() => {});
    return undefined;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) break;
      size += value.byteLength;
      if (size > max) return undefined;
      chunks.push(value);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (size > max || signal.aborted) reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
