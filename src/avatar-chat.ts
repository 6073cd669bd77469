import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { toWireWav } from './audio/decode.js';
import { styles } from './avatar-chat.styles.js';
import { ChatSession } from './chat/chat-session.js';
import type { ChatMessage } from './chat/conversation.js';
import { browserStore } from './chat/persist.js';
import { ProblemLine } from './chat/problem-line.js';
import type { ActionEvent } from './components/actions.js';
import type { AvatarChatComposer } from './components/avatar-chat-composer.js';
import { ChatContextProvider, type ProvidedValues } from './context.js';
import { ConversationController } from './conversation-controller.js';
import { Announcer } from './controllers/announcer.js';
import { ConnectionController } from './controllers/connection-controller.js';
import { PanelController } from './controllers/panel-controller.js';
import { ServiceController } from './controllers/service-controller.js';
import { hasToken, socketUrl, type TokenSource } from './controllers/token.js';
import { EVENTS, type EventDetails } from './events.js';
import { FailureReporter } from './failures.js';
import { oneOf, VERSION, type CustomState, type Status, type VoiceMode } from './names.js';
import { PlayerController } from './player-controller.js';
import type { TurnConfig } from './protocol/frames.js';
import {
  chatSettings,
  configProblemOf,
  nearestLang,
  suggestionsConverter,
  tokenSourceOf,
  turnConfigOf,
  type ChatSettings,
} from './settings.js';
import { defaultStrings, format, type Strings } from './strings.js';
import { VoiceTurnController } from './voice-turn-controller.js';

const ignore = () => {};

/**
 * @summary Chat with a talking avatar over a WebSocket (Chat Mode), by text or microphone.
 * @tag avatar-chat
 * @status experimental
 * @since 0.1
 * @dependency avatar-chat-header
 * @dependency avatar-chat-stage
 * @dependency avatar-chat-transcript
 * @dependency avatar-chat-composer
 *
 * @slot header - Extra content at the end of the header.
 * @slot empty - Shown while the transcript is empty (replaces the greeting).
 *
 * @fires {AvatarChatStatusEvent} avatar-chat-status - The connection status changed: `{ status, attempt }`.
 * @fires {AvatarChatSendEvent} avatar-chat-send - Before a turn goes out (cancelable): `{ kind, payload }`; listeners may add fields to `payload`.
 * @fires {AvatarChatMessageEvent} avatar-chat-message - An entry was added from the server: `{ message, raw }`.
 * @fires {AvatarChatRecordStartEvent} avatar-chat-record-start - The microphone started capturing.
 * @fires {AvatarChatRecordStopEvent} avatar-chat-record-stop - Capture stopped: `{ durationMs, bytes, sent }`.
 * @fires {AvatarChatReplyStartEvent} avatar-chat-reply-start - A reply's media started playing: `{ messageId }`.
 * @fires {AvatarChatReplyEndEvent} avatar-chat-reply-end - A reply's media ended or was stopped: `{ messageId }`.
 * @fires {AvatarChatErrorEvent} avatar-chat-error - Any failure: `{ code, message, recoverable, cause? }`.
 * @fires {AvatarChatConfigEvent} avatar-chat-config - Service mode: the configuration was read: `{ config }` (without the token).
 *
 * @csspart base - The panel.
 * @csspart header - The header bar.
 * @csspart heading - The header text.
 * @csspart status - The connection status, in words.
 * @csspart close-button - Closes the floating panel.
 * @csspart player - The stage: poster, video, or the speaking indicator.
 * @csspart video - The reply video element.
 * @csspart audio - The reply audio element.
 * @csspart play-button - "Tap to play", shown when autoplay is blocked or `playback="manual"`.
 * @csspart transcript - The conversation log.
 * @csspart message - Every transcript entry.
 * @csspart message--user - An entry written or spoken by the user.
 * @csspart message--avatar - A reply from the avatar.
 * @csspart message--system - A status or error line.
 * @csspart bubble - The text bubble of an entry.
 * @csspart time - The timestamp of an entry.
 * @csspart replay-button - Plays an entry's media again.
 * @csspart retry-button - Sends a failed turn again (or a turn that got no answer).
 * @csspart typing - The "thinking" entry while a reply is awaited ("No answer yet" once overdue).
 * @csspart suggestions - The conversation starters under the greeting (until the first turn).
 * @csspart suggestion - One conversation starter: a click sends its text.
 * @csspart stop-button - Stops the reply that plays (in its entry).
 * @csspart mute-button - Mutes and unmutes replies' sound (header).
 * @csspart new-chat-button - Starts a new conversation (header).
 * @csspart error - The line that explains a problem (configuration, microphone, connection).
 * @csspart composer - The input row.
 * @csspart input - The text input.
 * @csspart send-button - The send button.
 * @csspart mic-button - The microphone button.
 * @csspart level - The live input level meter.
 * @csspart launcher - The floating launcher button.
 * @csspart reconnect-button - "Try now", beside the error line while the chat service cannot be reached.
 * @csspart language-select - Service mode: the language picker (when the service lists more than one language).
 * @csspart load-earlier-button - Service mode: loads the previous page of the history.
 * @csspart badge - Unread replies on the closed launcher (a number).
 *
 * @cssproperty [--avatar-chat-accent=#1d4ed8] - Buttons, links, the user's bubbles.
 * @cssproperty [--avatar-chat-background=#fff] - Panel background.
 * @cssproperty [--avatar-chat-color=#111827] - Text colour.
 * @cssproperty [--avatar-chat-font-family=system-ui] - Font.
 * @cssproperty [--avatar-chat-font-size=15px] - Base font size; everything scales with it.
 * @cssproperty [--avatar-chat-radius=14px] - Corner radius of the panel and bubbles.
 * @cssproperty [--avatar-chat-width=100%] - Width (floating: min(380px, 100vw)).
 * @cssproperty [--avatar-chat-height=100%] - Height (floating: min(600px, 100dvh)).
 * @cssproperty [--avatar-chat-user-background=accent] - The user's bubbles.
 * @cssproperty [--avatar-chat-avatar-background=#eef2f7] - The avatar's bubbles.
 * @cssproperty [--avatar-chat-offset=20px] - Floating: distance from the viewport corner.
 * @cssproperty [--avatar-chat-z-index=2147483000] - Floating: stacking order.
 *
 * @cssstate connecting - The first connection attempt is under way.
 * @cssstate connected - The socket is open.
 * @cssstate reconnecting - The connection was lost; retrying.
 * @cssstate recording - The microphone is capturing.
 * @cssstate playing - A reply's media is playing.
 * @cssstate open - The floating panel is open.
 * @cssstate error - A problem is shown in the error part.
 * @cssstate unreachable - The chat service cannot be reached (never connected, or two attempts in a row failed); retrying.
 * @cssstate listening - Hands-free: waiting for speech.
 * @cssstate thinking - A turn was sent and its answer has not come yet (not after the answer timeout).
 * @cssstate muted - Replies' sound is muted.
 */
export class AvatarChat extends LitElement {
  static readonly version = VERSION;
  static override styles = styles;

  // ---------------------------------------------------------------- attributes
  /** `ws:` or `wss:` URL of the Chat Mode socket. Changing it reconnects. */
  @property() url = '';
  /** Base URL of the avatar service's API: the widget sets itself up from it (token, configuration, history). */
  @property() service = '';
  /** Sent as `avatar_id`. */
  @property({ attribute: 'avatar-id' }) avatarId = '';
  /** Sent as `user_id`; generated (`anon-<uuid>`) when absent. */
  @property({ attribute: 'user-id' }) userId = '';
  /** Sent as `language`; default: the service's code for the nearest `lang`, else its primary subtag, else `en`. */
  @property() language = '';
  /** Sent as `source`. */
  @property() source = 'avatar-chat';
  /** Sent as `session` when set; a `session` in a server frame replaces it. */
  @property() session = '';
  /** Appended to the socket URL as `token`. */
  @property() token = '';
  /** Token flow: POST `{user_id, project_id}` here before each connect and use the `jwt` answer. */
  @property({ attribute: 'auth-url' }) authUrl = '';
  /** Sent to `auth-url` as `project_id`. */
  @property({ attribute: 'project-id' }) projectId = '';
  /** `push-to-talk` (hold the mic), `vad` (hands-free) or `off` (no mic). */
  @property() voice: VoiceMode = 'push-to-talk';
  /** Seconds; a recording is stopped and sent at this length. */
  @property({ attribute: 'max-recording', type: Number }) maxRecording = 30;
  /** `auto` plays replies as they arrive; `manual` waits for the play button. */
  @property() playback: 'auto' | 'manual' = 'auto';
  /** `inline` fills its box; `floating` is a launcher button that opens the panel. */
  @property({ reflect: true }) layout: 'inline' | 'floating' = 'inline';
  /** The floating panel is open. */
  @property({ type: Boolean, reflect: true }) open = false;
  /** Header text. */
  @property() heading = '';
  /** Input placeholder. */
  @property() placeholder = '';
  /** The avatar's first line, shown at the top of every conversation (not sent). */
  @property() greeting = '';
  /** Conversation starters (attribute: separated by `|`), shown under the greeting until the first turn. */
  @property({ converter: suggestionsConverter }) suggestions: string[] = [];
  /** Replies' sound is muted; the header's mute button toggles it. */
  @property({ type: Boolean, reflect: true }) muted = false;
  /** Image shown in the player while nothing plays. */
  @property() poster = '';
  /** `light`, `dark` or `auto` (follows prefers-color-scheme). */
  @property({ reflect: true }) theme: 'auto' | 'light' | 'dark' = 'auto';
  /** Keep the user id (localStorage) and the transcript and session (sessionStorage) across reloads. */
  @property({ type: Boolean }) persist = false;
  /** URL of avatar-chat-worklet.js, for pages whose CSP forbids `blob:` scripts. */
  @property({ attribute: 'worklet-url' }) workletUrl = '';
  /** No connection; input and mic disabled. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  // ---------------------------------------------------------------- JS-only properties
  /** Overrides for any user-visible string (see strings.ts). */
  @property({ attribute: false }) strings: Partial<Strings> = {};
  /**
   * Called before each connect for a token; wins over `token` and `auth-url`. An error it throws with a `status` of
   * 400/401/403 means the credentials were refused (`auth`, no retry); anything else is retried like an outage.
   */
  @property({ attribute: false }) getToken?: () => string | Promise<string>;

  /** Connection status. */
  get status(): Status {
    return this.#connection.status;
  }
  /** The transcript (read-only copy). */
  get messages(): readonly ChatMessage[] {
    return this.#chat.messages;
  }
  /** True while the microphone is open. */
  get recording(): boolean {
    return this.#voice.recording;
  }

  // ---------------------------------------------------------------- private state (rendered: changes request an update)
  /** `strings` over the defaults. */
  #strings: Strings = defaultStrings;
  /** Why url or avatar-id cannot be used, for the site owner ('' when they can). */
  #configProblem = '';
  /** The avatar whose stored conversation was restored. */
  #restoredFor = '';
  readonly #internals = this.attachInternals();

  // ---------------------------------------------------------------- controllers
  /** The error line. */
  readonly #problem = new ProblemLine({ strings: () => this.#strings, onChange: () => this.requestUpdate() });
  /** The one way to report a failure: the `avatar-chat-error` event, and the error line when it blocks the chat. */
  readonly #failures = new FailureReporter({
    problem: this.#problem,
    strings: () => this.#strings,
    emit: detail => this.#emit('error', detail),
  });

  readonly #chat = new ChatSession({
    strings: () => this.#strings,
    session: () => this.#settings.session,
    store: () => (this.persist && this.#settings.storeKey ? browserStore(this.#settings.storeKey) : undefined),
    onChange: () => this.requestUpdate(),
    onAwait: () => this.#announcer.announce(format(this.#strings.thinking, { name: this.#settings.heading })),
  });

  readonly #connection = new ConnectionController(this, {
    url: fresh => (this.service ? this.#service.socketUrl(this.url, { fresh }) : socketUrl(this.#tokenSource(), fresh)),
    usesToken: () => !this.service && hasToken(this.#tokenSource()),
    onStatus: (status, attempt) => this.#handleStatus(status, attempt),
    onFrame: data => this.#conversation.handleFrame(data),
    onError: (code, _message, recoverable, cause) =>
      this.#failures.connection(code, { recoverable, cause, unreachable: this.#connection.unreachable }),
    onTurnState: (id, state) => this.#chat.setTurnState(id, state),
  });

  /** Turns out, frames in. */
  readonly #conversation = new ConversationController({
    chat: this.#chat,
    connection: this.#connection,
    failures: this.#failures,
    strings: () => this.#strings,
    emit: (name, detail) => this.#emit(name, detail),
    configProblem: () => this.#configProblem,
    service: () => (this.service ? this.#service : undefined),
    baseUrl: () => (this.url || this.service).replace(/^ws/, 'http'), // relative media URLs are on the service's host
    setSession: session => {
      this.session = session;
    },
    unlockPlayback: () => this.#player.unlock(),
    replyArrived: message => this.#handleReply(message),
  });

  readonly #service = new ServiceController({
    onConfig: config => {
      this.#emit('config', { config: config.json });
      this.requestUpdate();
    },
    onHistory: page => this.#chat.addHistory(page.entries), // above the conversation; media never autoplays
    failures: this.#failures,
    stopConnecting: () => this.#connection.disconnect(),
    onChange: () => this.requestUpdate(),
    wantsHistory: () => !!(this.userId || this.persist),
    rendered: () => this.updateComplete,
  });

  /** The microphone: recordings become voice turns. */
  readonly #voice = new VoiceTurnController(this, {
    mode: () => this.#settings.voice,
    disabled: () => this.disabled,
    workletUrl: () => this.workletUrl || undefined,
    maxMs: () => this.maxRecording * 1000,
    showLevel: (level, turnMs) => this.#composer?.showLevel(level, turnMs),
    sendVoice: wav => this.#sendVoice(wav),
    drained: () => this.#connection.drained(),
    bargeIn: () => {
      this.#player.stop();
      this.#player.unlock();
    },
    failures: this.#failures,
    strings: () => this.#strings,
    emit: (name, detail) => this.#emit(name, detail),
    onRecordingChange: recording => this.#setState('recording', recording),
  });

  /** Replies' media on the stage. */
  readonly #player = new PlayerController(this, {
    stage: () => this.renderRoot?.querySelector('avatar-chat-stage'),
    chat: this.#chat,
    failures: this.#failures,
    strings: () => this.#strings,
    emit: (name, detail) => this.#emit(name, detail),
    onPlayingChange: playing => {
      this.#setState('playing', playing);
      this.#voice.paused = playing; // hands-free: the avatar is not heard as the user
    },
  });

  readonly #announcer = new Announcer(this);
  readonly #panel = new PanelController(this, {
    floating: () => this.layout === 'floating',
    isOpen: () => this.open,
    setOpen: open => {
      this.open = open;
    },
    recording: () => this.recording,
    cancelRecording: () => this.cancelRecording(),
    focusInput: () => this.#composer?.focusInput(),
    focusLauncher: () => this.renderRoot.querySelector<HTMLElement>('.launcher')?.focus(),
  });
  readonly #context = new ChatContextProvider(this, () => this.#provided());

  constructor() {
    super();
    this.#connectLater();
  }

  /** No connect on insertion: willUpdate decides, once the attributes are known. (A method, not a line in the
   *  constructor: the manifest analyser would list `this.#connection.autoConnect = …` there as a public field.) */
  #connectLater(): void {
    this.#connection.autoConnect = false;
  }

  get #composer(): AvatarChatComposer | null | undefined {
    return this.renderRoot?.querySelector('avatar-chat-composer');
  }

  // ---------------------------------------------------------------- lifecycle
  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Removed, not moved: Blob URLs would outlive the element until the page unloads. Revoke them; entries keep their text.
    Promise.resolve().then(() => {
      if (!this.isConnected) this.#chat.releaseBlobMedia();
    });
  }

  /** At most one render per frame: a burst of replies costs a render per frame, not per reply (hidden pages: ≤ 100 ms).
   *  The first render does not wait for a frame: it is in the first paint. */
  protected override async scheduleUpdate(): Promise<unknown> {
    if (!this.hasUpdated) return super.scheduleUpdate();
    await new Promise(resolve => {
      requestAnimationFrame(resolve);
      setTimeout(resolve, 100);
    });
    await this.#voice.frameLeaving;
    return super.scheduleUpdate();
  }

  /** Complete once the sub-elements have rendered what this update gave them too. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    const parts = this.renderRoot?.querySelectorAll<LitElement>(
      'avatar-chat-header, avatar-chat-stage, avatar-chat-transcript, avatar-chat-composer',
    );
    await Promise.all([...(parts ?? [])].map(part => part.updateComplete));
    return done;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('strings')) this.#strings = { ...defaultStrings, ...this.strings };
    this.voice = oneOf(this.voice, ['push-to-talk', 'vad', 'off'] as const);
    this.playback = oneOf(this.playback, ['auto', 'manual'] as const);
    this.layout = oneOf(this.layout, ['inline', 'floating'] as const);
    this.theme = oneOf(this.theme, ['auto', 'light', 'dark'] as const);
    const { storeKey } = this.#settings;
    if (this.persist && storeKey && this.#restoredFor !== storeKey) {
      this.#restoredFor = storeKey;
      this.session ||= this.#chat.restore() ?? '';
    }
    this.#panel.update();
    this.#checkConfig();
    const serviceChanged = this.#updateService();
    this.#updateConnection(changed, { serviceChanged });
    this.#voice.update();
    this.#context.provide();
  }

  protected override updated(): void {
    this.#setState('open', this.layout === 'floating' && this.open);
    this.#setState('error', !!this.#problem.text);
    this.#setState('unreachable', this.#connection.unreachable);
    const voice = { handsFree: this.voice === 'vad', playing: !!this.#player.playingId };
    this.#setState('listening', this.#voice.waitsForSpeech(voice));
    this.#setState('thinking', this.#chat.awaited?.overdue === false);
    this.#setState('muted', this.muted);
  }

  // ---------------------------------------------------------------- public methods
  /** Sends a text turn; resolves to its transcript entry, or null when an `avatar-chat-send` listener cancelled it. */
  async send(text: string): Promise<ChatMessage | null> {
    const trimmed = String(text ?? '').trim();
    if (!trimmed) throw new Error(this.#strings.emptyText);
    await this.#service.avatarKnown({ avatarId: this.avatarId });
    return this.#conversation.send(this.#chat.textTurn(trimmed, this.#turnConfig()));
  }
  /** Sends audio (a Blob or ArrayBuffer the browser can decode) as a voice turn, as a 16 kHz mono WAV. */
  async sendAudio(audio: Blob | ArrayBuffer): Promise<ChatMessage | null> {
    let wav: Uint8Array;
    try {
      wav = await toWireWav(audio);
    } catch (cause) {
      this.#failures.report('send', this.#strings.audioUnreadable, { recoverable: true, cause });
      throw new Error(this.#strings.audioUnreadable, { cause });
    }
    await this.#service.avatarKnown({ avatarId: this.avatarId });
    return this.#sendVoice(wav);
  }
  /** Push-to-talk: starts capture. `vad`: starts listening. */
  startRecording(): Promise<void> {
    return this.#voice.start();
  }
  /** Push-to-talk: stops and sends. `vad`: stops listening (a turn in progress is sent). */
  stopRecording(): Promise<void> {
    return this.#voice.stop();
  }
  /** Stops and discards. */
  cancelRecording(): void {
    this.#voice.cancel();
  }
  /** Opens the socket (also after `disconnect()` or an auth error). */
  connect(): void {
    if (this.#configProblem) {
      this.#failures.config(this.#configProblem);
      return;
    }
    this.#connection.autoConnect = !this.disabled;
    this.#connection.connect();
  }
  /** Closes the socket and stops reconnecting. */
  disconnect(): void {
    this.#connection.disconnect();
  }
  /** Empties the transcript and its stored copy. */
  clear(): void {
    this.#chat.clear();
  }
  /**
   * Starts a new conversation: stops the reply, clears the transcript and forgets the session (and their stored
   * copy), then shows the greeting and suggestions again. Resolves once they show.
   */
  async newConversation(): Promise<void> {
    this.#player.newConversation();
    this.#chat.clear();
    this.session = '';
    this.#chat.save();
    // Service mode reads a new session before the greeting shows again; a Chat Mode socket names it in a later frame.
    await this.#service.renewSession();
    await this.updateComplete;
  }

  // ---------------------------------------------------------------- context
  /** What the sub-elements render (context.ts). */
  #provided(): ProvidedValues {
    const settings = this.#settings;
    return {
      snapshot: {
        messages: this.#chat.messages,
        playingId: this.#player.playingId,
        recording: this.recording,
        micProblem: this.#voice.problem,
        unreachable: this.#connection.unreachable,
        hasEarlier: this.#service.hasEarlier,
        historyCount: this.#chat.historyCount,
        voiceStatus: this.#voice.statusText(this.#strings, {
          handsFree: this.voice === 'vad',
          playing: !!this.#player.playingId,
          name: settings.heading,
        }),
        awaited: this.#chat.awaited,
        played: this.#player.played,
        status: this.status,
        speaking: this.#player.inHeader,
      },
      strings: this.#strings,
      config: {
        greeting: settings.greeting,
        poster: settings.poster,
        placeholder: this.placeholder,
        voice: settings.voice,
        disabled: this.disabled || !!this.#configProblem, // not set up: nothing to type into
        heading: settings.heading,
        suggestions: this.suggestions,
        muted: this.muted,
        floating: this.layout === 'floating',
        languages: this.#service.languages,
        language: this.#language,
      },
    };
  }

  // ---------------------------------------------------------------- events, failures, states
  /** Fires a public event; false when a listener cancelled it. */
  #emit<K extends keyof EventDetails>(name: K, detail: EventDetails[K]): boolean {
    const EventClass = EVENTS[name] as new (detail: EventDetails[K]) => Event;
    const event = new EventClass(detail);
    return this.dispatchEvent(event);
  }

  /** Sets or clears a custom state (`:state(name)`); a no-op where CustomStateSet is missing. */
  #setState(name: CustomState, on: boolean): void {
    try {
      if (on) this.#internals.states.add(name);
      else this.#internals.states.delete(name);
    } catch {
      /* older browsers */
    }
  }

  // ---------------------------------------------------------------- configuration
  #checkConfig(): void {
    const problem = configProblemOf(this);
    if (problem === this.#configProblem) return;
    this.#configProblem = problem;
    if (problem) this.#failures.config(this.#configProblem);
    else this.#problem.handleConfigUsable();
  }

  /** Connects while usable and shown (floating: once opened); a new url reconnects. */
  #updateConnection(changed: PropertyValues<this>, { serviceChanged }: { serviceChanged: boolean }): void {
    const floatingClosed = this.layout === 'floating' && !this.open && this.#connection.status === 'idle';
    const wanted = !this.#configProblem && !this.disabled && !floatingClosed;
    const newUrl = (changed.has('url') && changed.get('url') !== undefined) || serviceChanged;
    this.#connection.follow({ wanted, newUrl });
  }

  #turnConfig(): TurnConfig {
    return turnConfigOf(this, this.#settings, { userId: this.#chat.userId(this.userId), language: this.#language });
  }

  #tokenSource(): TokenSource {
    return tokenSourceOf(this, { userId: this.#chat.userId(this.userId) });
  }

  // ---------------------------------------------------------------- service mode
  /** The attributes over the service's defaults (settings.ts). */
  get #settings(): ChatSettings {
    return chatSettings(this, {
      defaults: this.#service.defaults,
      defaultHeading: this.#strings.heading,
      voiceWritten: this.hasAttribute('voice'),
    });
  }

  /** The visitor's pick, else `language`, else the service's entry for the nearest `lang`, else its primary subtag. */
  get #language(): string {
    return this.#service.language({ attribute: this.language, pageLang: nearestLang(this) });
  }

  /** Follows `service`, `project-id` and the user id; a change reads the configuration again. True when changed. */
  #updateService(): boolean {
    const service = this.#configProblem ? '' : this.service;
    const userId = service ? this.#chat.userId(this.userId) : '';
    return this.#service.update({ service, projectId: this.projectId, userId });
  }

  #handleLoadEarlier = () => this.#service.loadEarlier();

  // ---------------------------------------------------------------- turns
  #sendVoice(wav: Uint8Array): ChatMessage | null {
    return this.#conversation.send(
      this.#chat.voiceTurn(wav, this.#turnConfig(), { pushToTalk: this.#settings.voice !== 'vad' }),
    );
  }

  // ---------------------------------------------------------------- connection and frames
  #handleStatus(status: Status, attempt: number): void {
    for (const state of ['connecting', 'connected', 'reconnecting'] as const) this.#setState(state, state === status);
    if (status === 'connected' && this.service) this.#service.socketOpened(); // the token worked
    this.#problem.handleStatus(status, { service: !!this.service });
    this.requestUpdate();
    this.#emit('status', { status, attempt });
  }

  /** "Try now": the next attempt at once, instead of at the end of the backoff delay. */
  #handleTryNow = () => this.connect();

  /** A reply from the avatar: the badge counts it, the live region reads it, its media plays. */
  #handleReply(message: ChatMessage): void {
    this.#panel.replyArrived();
    if (message.text) this.#announcer.announce(message.text);
    if (message.media) this.#player.play(message, { autoplay: this.playback === 'auto' });
  }

  // ---------------------------------------------------------------- panel
  #handleSendText = (e: ActionEvent<'send-text'>) => {
    e.detail.sent = this.send(e.detail.text);
  };

  /** A starter was clicked: it is sent as a turn, and the visitor keeps typing in the input. */
  #handleSuggestion = (e: ActionEvent<'suggestion'>) => {
    this.send(e.detail.text).catch(ignore); // reported through avatar-chat-error
    this.#composer?.focusInput();
  };

  #handleLauncherClick = () => this.#panel.toggle({ open: true });

  // ---------------------------------------------------------------- header
  #handleNewChat = () => {
    void this.newConversation().then(() => this.#composer?.focusInput());
  };

  #handleMute = () => {
    this.muted = !this.muted;
  };

  #handleClose = () => this.#panel.toggle({ open: false });

  #handleLanguage = (e: ActionEvent<'language'>) => this.#service.chooseLanguage(e.detail.code);

  // ---------------------------------------------------------------- render
  /** "Try now" while the service cannot be reached (inside the error line, which says so). */
  #renderTryNow() {
    if (!this.#connection.unreachable) return nothing;
    return html`<button part="reconnect-button" class="reconnect" @click=${this.#handleTryNow}>
      ${this.#strings.tryNow}
    </button>`;
  }

  /** The floating launcher: opens the panel; its badge counts unread replies. */
  #renderLauncher() {
    const s = this.#strings;
    const unread = this.#panel.unread;
    return html`<button part="launcher" class="launcher" aria-expanded="false" @click=${this.#handleLauncherClick}>
      <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3 4h18v13H9l-6 4z" /></svg>
      <span class="sr-only">${unread ? format(s.openUnread, { count: unread }) : s.open}</span>
      ${unread ? html`<span part="badge" class="badge" aria-hidden="true">${unread}</span>` : nothing}
    </button>`;
  }

  protected override render() {
    const floating = this.layout === 'floating';
    return html`
      ${floating ? this.#renderLauncher() : nothing}
      <section
        part="base"
        class="base"
        role=${floating ? 'dialog' : 'region'}
        aria-label=${this.#settings.heading}
        @keydown=${this.#panel.handleKeydown}
      >
        <avatar-chat-header
          exportparts="header, heading, status, language-select, new-chat-button, mute-button, close-button"
          @new-chat=${this.#handleNewChat}
          @mute=${this.#handleMute}
          @close=${this.#handleClose}
          @language=${this.#handleLanguage}
          ><slot name="header" slot="header"></slot
        ></avatar-chat-header>
        <avatar-chat-stage
          exportparts="player, video, audio, play-button"
          @reply-start=${this.#player.handleReplyStart}
          @reply-end=${this.#player.handleReplyEnd}
          @playback-error=${this.#player.handlePlaybackError}
        ></avatar-chat-stage>
        <avatar-chat-transcript
          exportparts="transcript, message, message--user, message--avatar, message--system, bubble, time, replay-button, retry-button, load-earlier-button, typing, suggestions, suggestion, stop-button"
          @retry=${this.#conversation.handleRetry}
          @replay=${this.#player.handleReplay}
          @load-earlier=${this.#handleLoadEarlier}
          @stop=${this.#player.handleStop}
          @suggestion=${this.#handleSuggestion}
          ><slot name="empty" slot="empty"></slot
        ></avatar-chat-transcript>
        <p part="error" class="error" role="alert">${this.#problem.text}${this.#renderTryNow()}</p>
        <avatar-chat-composer
          exportparts="composer, input, send-button, mic-button, level"
          @send-text=${this.#handleSendText}
          @mic=${this.#voice.handleMicAction}
        ></avatar-chat-composer>
        <div class="sr-only" aria-live="polite">${this.#announcer.text}</div>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'avatar-chat': AvatarChat;
  }
}
