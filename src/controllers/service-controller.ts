/**
 * Service mode for the element (element-api.md, "Service mode"): one ServiceClient per service + project + user, the
 * configuration it read (read once, shared by its callers; again for a new conversation), the defaults it gives the
 * attributes, the visitor's language, the socket URL with a token, and history pages ("Load earlier"). Failures and
 * the problems of used answers go to the injected reporter (a failure retrying cannot mend stops connecting). No DOM:
 * the element hears the results through callbacks and turns them into the config event and transcript entries.
 */
import { posterOf, type ServiceLanguage } from '../service/config.js';
import { pickLanguage } from '../service/language.js';
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

/** The languages outside service mode or before the configuration: one list, so the context sees no change. */
const NO_LANGUAGES: readonly ServiceLanguage[] = [];

export interface ServiceSettings {
  /** The `service` attribute ('' = not in service mode). */
  service: string;
  projectId: string;
  userId: string;
}

/** Options of every ServiceClient made here (tests shorten the retries). */
export type ServiceClientExtras = Omit<ServiceClientOptions, 'service' | 'userId' | 'projectId'>;

/**
 * How a call's failure or a used answer's problems are reported: failures.ts's FailureReporter, by shape (failures.ts
 * imports this module, so naming it here would be a cycle).
 */
export interface ServiceFailureReporter {
  /** A call failed (its message is for the site owner); `blocking`: the visitor's line shows it. */
  service(failure: ServiceFailure, options: { blocking: boolean }): { stopConnecting: boolean };
  /** An answer was used despite `problems` (fields it could not read). */
  answerProblems(call: string, problems: readonly string[]): void;
}

export interface ServiceControllerOptions {
  /** The configuration was read (again for a new conversation); its problems are already reported. */
  onConfig: (config: ServiceConfig) => void;
  /** A page of history was read (its problems already reported): its entries go above the conversation. */
  onHistory: (page: HistoryPage) => void;
  failures: ServiceFailureReporter;
  /** A failure that retrying cannot mend (a refusal, a 402, a wrong service URL): stop connecting until `connect()`. */
  stopConnecting: () => void;
  /** Something the element renders changed (the languages, "Load earlier"). */
  onChange: () => void;
  /** Page 1 of the history is wanted: the user is known (`user-id`, or `persist`). */
  wantsHistory: () => boolean;
  /** Resolves once the element has rendered (history goes above a rendered transcript). */
  rendered: () => Promise<unknown>;
  extras?: ServiceClientExtras;
}

/** What the service's configuration gives the attributes that are not set ('' when it gives nothing). */
export interface ServiceDefaults {
  avatarId: string;
  session: string;
  /** The avatar's name (the heading). */
  name: string;
  greeting: string;
  poster: string;
  /** Hands-free is enabled. */
  vad: boolean;
}

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
  readonly #options: ServiceControllerOptions;
  #client: ServiceClient | undefined;
  #key = '';
  /** The configuration call under way, shared by its callers. */
  #configRequest: Promise<ServiceResult<ServiceConfig>> | undefined;
  /** The configuration read under way or done (its failures already reported). */
  #configLoad: Promise<ServiceConfig | ServiceFailure> | undefined;
  /** The socket has not opened since the last token was handed out: the next URL gets a fresh token. */
  #tokenUnproven = false;
  /** The language the visitor picked ('' = none). */
  #chosenLanguage = '';
  /** The next history page to load (0 = none left or not loaded). */
  #earlierPage = 0;
  /** A history page is being read. */
  #historyLoading = false;
  /** Page 1 of the history was asked for (once per service + user; not again for a new conversation). */
  #historyAsked = false;

  constructor(options: ServiceControllerOptions) {
    this.#options = options;
  }

  get active(): boolean {
    return !!this.#client;
  }

  /**
   * Follows the attributes: a new service, project or user forgets the token, the configuration and the history
   * pages, and reads the configuration again. True when changed.
   */
  update({ service, projectId, userId }: ServiceSettings): boolean {
    const key = service ? `${service}\n${projectId}\n${userId}` : '';
    if (key === this.#key) return false;
    this.#key = key;
    this.config = undefined;
    this.#configRequest = undefined;
    this.#configLoad = undefined;
    this.#tokenUnproven = false;
    this.#earlierPage = 0;
    this.#historyAsked = false;
    this.#client = service
      ? new ServiceClient({ ...this.#options.extras, service, userId, projectId: projectId || undefined })
      : undefined;
    if (service) void this.#load();
    return true;
  }

  // ---------------------------------------------------------------- configuration
  /** The service's first avatar (once the configuration was read). */
  get #avatar() {
    return this.config?.avatars[0];
  }

  /** What the configuration gives the attributes that are not set. */
  get defaults(): ServiceDefaults {
    const avatar = this.#avatar;
    return {
      avatarId: avatar?.id ?? '',
      session: this.config?.session ?? '',
      name: avatar?.name ?? '',
      greeting: avatar?.greetingText ?? '',
      poster: posterOf(avatar) ?? '',
      vad: !!this.config?.vadEnabled,
    };
  }

  /** Resolves once the configuration read under way (if any) is over: a turn waits for the avatar it names. */
  async configured(): Promise<void> {
    if (this.#configLoad) await this.#configLoad;
  }

  /** A turn without `avatar-id` waits for the configuration that names the avatar (it goes in the frame). */
  async avatarKnown({ avatarId }: { avatarId: string }): Promise<void> {
    if (this.active && !avatarId) await this.configured();
  }

  /** A new conversation: a new session from the service (no-op outside service mode). */
  async renewSession(): Promise<void> {
    if (!this.active) return;
    await this.#load({ again: true });
  }

  /** Reads the configuration once (shared by its callers); hands it to `onConfig`, or reports why it could not. */
  #load({ again = false }: { again?: boolean } = {}): Promise<ServiceConfig | ServiceFailure> {
    if (this.#configLoad && !again) return this.#configLoad;
    const load = this.#configuration({ again }).then(result => {
      if (this.#configLoad !== load) return result.ok ? result.value : result.failure; // superseded
      if (!result.ok) {
        if (result.failure.recoverable) this.#configLoad = undefined; // the next connect attempt tries again
        if (result.failure.code !== 'socket') this.#reportFailure(result.failure, { blocking: true });
        return result.failure;
      }
      this.#applyConfig(result.value);
      return result.value;
    });
    this.#configLoad = load;
    return load;
  }

  #applyConfig(config: ServiceConfig): void {
    this.#options.failures.answerProblems('GET /connection', config.problems);
    this.#options.onConfig(config);
    if (this.#historyAsked || !this.#options.wantsHistory()) return;
    this.#historyAsked = true;
    void this.#options.rendered().then(() => this.#loadHistory(1));
  }

  /** `GET /connection` (once; `again` reads a new one, e.g. for a new session). Concurrent callers share the call. */
  async #configuration({ again = false }: { again?: boolean } = {}): Promise<ServiceResult<ServiceConfig>> {
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

  // ---------------------------------------------------------------- language
  /** The service's languages (empty before the configuration, or outside service mode). */
  get languages(): readonly ServiceLanguage[] {
    return this.config?.languages ?? NO_LANGUAGES;
  }

  /** The visitor picked a language: later turns are sent with it. */
  chooseLanguage(code: string): void {
    this.#chosenLanguage = code;
    this.#options.onChange();
  }

  /** The visitor's pick, else `attribute`, else the service's entry for `pageLang`, else its primary subtag. */
  language({ attribute, pageLang }: { attribute: string; pageLang: string }): string {
    return pickLanguage({
      attribute: this.#chosenLanguage || attribute,
      pageLang,
      serviceCodes: this.languages.map(l => l.code),
    });
  }

  // ---------------------------------------------------------------- socket
  /**
   * The socket URL: after the configuration was read (or could not be: then `url`), with a token. An unreachable or
   * busy service throws ServiceUnavailable, so the connection backs off and tries again.
   */
  async socketUrl(url: string, { fresh }: { fresh: boolean }): Promise<string> {
    const config = await this.#load();
    if ('reason' in config && config.recoverable)
      throw new ServiceUnavailable(config, { reported: config.code !== 'socket' });
    const result = await this.#socketUrlWithToken(url, { fresh });
    if (result.ok) return result.value;
    const reported = result.failure.code !== 'socket';
    if (reported) this.#reportFailure(result.failure, { blocking: true });
    throw new ServiceUnavailable(result.failure, { reported });
  }

  /**
   * `url` when set, else the service's, with a token. A new token after an attempt that never opened, or when
   * `fresh` (the server refused the token); ServiceClient renews it by age.
   */
  async #socketUrlWithToken(url: string, { fresh }: { fresh: boolean }): Promise<ServiceResult<string>> {
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

  // ---------------------------------------------------------------- history
  /** Older history can be loaded ("Load earlier"). */
  get hasEarlier(): boolean {
    return this.#earlierPage > 0;
  }

  /** "Load earlier": the previous page of the history. */
  loadEarlier(): void {
    if (this.#earlierPage > 0) void this.#loadHistory(this.#earlierPage);
  }

  /** One page of history (page 1: the newest 50 records); a failure does not block the chat. */
  async #loadHistory(page: number): Promise<void> {
    if (this.#historyLoading) return;
    this.#historyLoading = true;
    const result = await this.#history(page);
    this.#historyLoading = false;
    if (!result.ok) {
      this.#reportFailure(result.failure, { blocking: false });
      return;
    }
    this.#options.failures.answerProblems('GET /chat', result.value.problems);
    this.#options.onHistory(result.value);
    this.#earlierPage = result.value.hasMore ? page + 1 : 0;
    this.#options.onChange();
  }

  #history(page: number): Promise<ServiceResult<HistoryPage>> {
    return this.#client ? this.#client.history({ page }) : Promise.resolve({ ok: false, failure: notActive() });
  }

  // ---------------------------------------------------------------- failures
  /** Reports a failed call; one that retrying cannot mend stops the connection. */
  #reportFailure(failure: ServiceFailure, { blocking }: { blocking: boolean }): void {
    if (this.#options.failures.service(failure, { blocking }).stopConnecting) this.#options.stopConnecting();
  }
}

const notActive = (): ServiceFailure => ({
  code: 'config',
  reason: 'config',
  endpoint: 'connection',
  message: 'service is not set',
  recoverable: false,
});
