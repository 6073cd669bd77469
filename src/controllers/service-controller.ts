/**
 * Service mode for the element (element-api.md, "Service mode"): one ServiceClient per service + project + user, the
 * configuration it read, the socket URL with a token, and history pages. No DOM; the element turns the results into
 * defaults, transcript entries and errors.
 */
import {
  ServiceClient,
  type HistoryPage,
  type ServiceClientOptions,
  type ServiceConfig,
  type ServiceFailure,
  type ServiceResult,
} from '../service/service-client.js';
import { withToken } from './token.js';

export type { HistoryPage, ServiceConfig, ServiceFailure };

export interface ServiceSettings {
  /** The `service` attribute ('' = not in service mode). */
  service: string;
  projectId: string;
  userId: string;
}

/** Options of every ServiceClient made here (tests shorten the retries). */
export type ServiceClientExtras = Omit<ServiceClientOptions, 'service' | 'userId' | 'projectId'>;

/** A failed call, thrown to the connection so that it backs off and tries again (the message never has a token). */
export class ServiceUnavailable extends Error {
  /** Already reported (its line shows): the connection's retry says nothing more. */
  readonly reported: boolean;

  constructor(
    readonly failure: ServiceFailure,
    { reported = false }: { reported?: boolean } = {},
  ) {
    super(failure.message);
    this.reported = reported;
  }
}

export class ServiceController {
  /** The configuration last read (undefined before, or when it could not be read). */
  config: ServiceConfig | undefined;
  readonly #extras: ServiceClientExtras;
  #client: ServiceClient | undefined;
  #key = '';
  /** The configuration call under way, shared by its callers. */
  #configRequest: Promise<ServiceResult<ServiceConfig>> | undefined;
  /** The socket has not opened since the last token was handed out: the next URL gets a fresh token. */
  #tokenUnproven = false;

  constructor(extras: ServiceClientExtras = {}) {
    this.#extras = extras;
  }

  get active(): boolean {
    return !!this.#client;
  }

  /** Follows the attributes: a new service, project or user forgets the token and the configuration. True when changed. */
  update({ service, projectId, userId }: ServiceSettings): boolean {
    const key = service ? `${service}\n${projectId}\n${userId}` : '';
    if (key === this.#key) return false;
    this.#key = key;
    this.config = undefined;
    this.#configRequest = undefined;
    this.#tokenUnproven = false;
    this.#client = service
      ? new ServiceClient({ ...this.#extras, service, userId, projectId: projectId || undefined })
      : undefined;
    return true;
  }

  /** `GET /connection` (once; `again` reads a new one, e.g. for a new session). Concurrent callers share the call. */
  async configuration({ again = false }: { again?: boolean } = {}): Promise<ServiceResult<ServiceConfig>> {
    const client = this.#client;
    if (!client) return { ok: false, failure: notActive() };
    if (this.config && !again) return { ok: true, value: this.config };
    if (again || !this.#configRequest) {
      const request = client.configuration();
      this.#configRequest = request;
      const result = await request;
      if (this.#client !== client || this.#configRequest !== request) return result; // attributes changed meanwhile
      this.#configRequest = undefined;
      if (result.ok) this.config = result.value;
      return result;
    }
    return this.#configRequest;
  }

  /**
   * The socket URL for the next attempt: `url` when set, else the service's, with a token. A new token after an
   * attempt that never opened, or when `fresh` (the server refused the token); ServiceClient renews it by age.
   */
  async socketUrl(url: string, { fresh }: { fresh: boolean }): Promise<ServiceResult<string>> {
    const client = this.#client;
    if (!client) return { ok: false, failure: notActive() };
    const renew = fresh || this.#tokenUnproven;
    this.#tokenUnproven = true;
    if (!url) return client.socketUrl({ fresh: renew });
    const token = await client.token({ fresh: renew });
    return token.ok ? { ok: true, value: withToken(url, token.value) } : token;
  }

  /** The socket opened with the last token. */
  socketOpened(): void {
    this.#tokenUnproven = false;
  }

  /** The server refused the token: the next URL gets a fresh one. */
  invalidateToken(): void {
    this.#client?.invalidateToken();
  }

  history(page: number): Promise<ServiceResult<HistoryPage>> {
    return this.#client ? this.#client.history({ page }) : Promise.resolve({ ok: false, failure: notActive() });
  }
}

const notActive = (): ServiceFailure => ({
  code: 'config',
  reason: 'config',
  endpoint: 'connection',
  message: 'service is not set',
  recoverable: false,
});
