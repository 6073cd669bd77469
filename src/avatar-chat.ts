import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { toWireWav } from './audio/decode.js';
import { styles } from './avatar-chat.styles.js';
import { ChatSession, type FrameEffect, type OutgoingTurn } from './chat/chat-session.js';
import { configProblem } from './chat/config.js';
import type { ChatMessage } from './chat/conversation.js';
import { browserStore } from './chat/persist.js';
import type { ActionEvent } from './components/actions.js';
import type { AvatarChatComposer } from './components/avatar-chat-composer.js';
import type { AvatarChatStage } from './components/avatar-chat-stage.js';
import { ChatContextProvider } from './context.js';
import { Announcer } from './controllers/announcer.js';
import { ConnectionController } from './controllers/connection-controller.js';
import type { MicAction } from './controllers/mic-controller.js';
import { hasToken, socketUrl, type TokenSource } from './controllers/token.js';
import { VoiceController, type VoiceTurn } from './controllers/voice-controller.js';
import * as ev from './events.js';
import { oneOf, VERSION, type ErrorCode, type Status, type VoiceMode } from './names.js';
import type { TurnConfig } from './protocol/frames.js';
import { defaultStrings, type Strings } from './strings.js';

type CustomState = 'connecting' | 'connected' | 'reconnecting' | 'recording' | 'playing' | 'open' | 'error';

/** Every public event by short name: `#emit` builds them all. */
const EVENTS = {
  status: ev.AvatarChatStatusEvent,
  send: ev.AvatarChatSendEvent,
  message: ev.AvatarChatMessageEvent,
  recordStart: ev.AvatarChatRecordStartEvent,
  recordStop: ev.AvatarChatRecordStopEvent,
  replyStart: ev.AvatarChatReplyStartEvent,
  replyEnd: ev.AvatarChatReplyEndEvent,
  error: ev.AvatarChatErrorEvent,
};
type EventDetails = { [K in keyof typeof EVENTS]: InstanceType<(typeof EVENTS)[K]>['detail'] };

/** How a failure is reported (besides its code and message). */
interface Failure {
  recoverable: boolean;
  cause?: unknown;
  /** It blocks the chat: the error line shows it. */
  blocking?: boolean;
}

const ignore = () => {};

/**
 * @summary Chat with a talking avatar over a WebSocket (Chat Mode), by text or microphone.
 * @tag avatar-chat
 * @status experimental
 * @since 0.1
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
 * @csspart retry-button - Sends a failed turn again.
 * @csspart error - The line that explains a problem (configuration, microphone, connection).
 * @csspart composer - The input row.
 * @csspart input - The text input.
 * @csspart send-button - The send button.
 * @csspart mic-button - The microphone button.
 * @csspart level - The live input level meter.
 * @csspart launcher - The floating launcher button.
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
 */
export class AvatarChat extends LitElement {
  static readonly version = VERSION;
  static override styles = styles;
  static override properties = {
    url: {},
    avatarId: { attribute: 'avatar-id' },
    userId: { attribute: 'user-id' },
    language: {},
    source: {},
    session: {},
    token: {},
    authUrl: { attribute: 'auth-url' },
    projectId: { attribute: 'project-id' },
    voice: {},
    maxRecording: { attribute: 'max-recording', type: Number },
    playback: {},
    layout: { reflect: true },
    open: { type: Boolean, reflect: true },
    heading: {},
    placeholder: {},
    greeting: {},
    poster: {},
    theme: { reflect: true },
    persist: { type: Boolean },
    workletUrl: { attribute: 'worklet-url' },
    disabled: { type: Boolean, reflect: true },
    strings: { attribute: false },
    getToken: { attribute: false },
  };

  // ---------------------------------------------------------------- attributes
  /** `ws:` or `wss:` URL of the Chat Mode socket. Changing it reconnects. */
  url = '';
  /** Sent as `avatar_id`. */
  avatarId = '';
  /** Sent as `user_id`; generated (`anon-<uuid>`) when absent. */
  userId = '';
  /** Sent as `language`; default: the nearest `lang`, else `en`. */
  language = '';
  /** Sent as `source`. */
  source = 'avatar-chat';
  /** Sent as `session` when set; a `session` in a server frame replaces it. */
  session = '';
  /** Appended to the socket URL as `token`. */
  token = '';
  /** Token flow: POST `{user_id, project_id}` here before each connect and use the `jwt` answer. */
  authUrl = '';
  /** Sent to `auth-url` as `project_id`. */
  projectId = '';
  /** `push-to-talk` (hold the mic), `vad` (hands-free) or `off` (no mic). */
  voice: VoiceMode = 'push-to-talk';
  /** Seconds; a recording is stopped and sent at this length. */
  maxRecording = 30;
  /** `auto` plays replies as they arrive; `manual` waits for the play button. */
  playback: 'auto' | 'manual' = 'auto';
  /** `inline` fills its box; `floating` is a launcher button that opens the panel. */
  layout: 'inline' | 'floating' = 'inline';
  /** The floating panel is open. */
  open = false;
  /** Header text. */
  heading = '';
  /** Input placeholder. */
  placeholder = '';
  /** The avatar's first line while the transcript is empty (not sent). */
  greeting = '';
  /** Image shown in the player while nothing plays. */
  poster = '';
  /** `light`, `dark` or `auto` (follows prefers-color-scheme). */
  theme: 'auto' | 'light' | 'dark' = 'auto';
  /** Keep the user id (localStorage) and the transcript and session (sessionStorage) across reloads. */
  persist = false;
  /** URL of avatar-chat-worklet.js, for pages whose CSP forbids `blob:` scripts. */
  workletUrl = '';
  /** No connection; input and mic disabled. */
  disabled = false;

  // ---------------------------------------------------------------- JS-only properties
  /** Overrides for any user-visible string (see strings.ts). */
  strings: Partial<Strings> = {};
  /** Called before each connect for a token; wins over `token` and `auth-url`. */
  getToken?: () => string | Promise<string>;

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
  /** The error line ('' hides it). */
  #problem = '';
  /** Why url or avatar-id cannot be used ('' when they can). */
  #configProblem = '';
  /** Why the microphone cannot be used ('' when it can). */
  #micProblem = '';
  /** The reply whose media plays ('' when none). */
  #playingId = '';
  /** The avatar whose stored conversation was restored. */
  #restoredFor = '';
  readonly #internals = this.attachInternals();

  // ---------------------------------------------------------------- controllers
  readonly #chat = new ChatSession({
    strings: () => this.#strings,
    session: () => this.session,
    store: () => (this.persist && this.avatarId ? browserStore(this.avatarId) : undefined),
    onChange: () => this.requestUpdate(),
  });

  readonly #connection = new ConnectionController(this, {
    url: fresh => socketUrl(this.#tokenSource(), fresh),
    usesToken: () => hasToken(this.#tokenSource()),
    onStatus: (status, attempt) => this.#handleStatus(status, attempt),
    onFrame: data => this.#handleFrame(data),
    onError: (code, _message, recoverable, cause) => {
      const message = this.#strings[code === 'auth' ? 'authFailed' : 'socketLost'];
      this.#reportError(code, message, { recoverable, cause, blocking: true });
    },
    onTurnState: (id, state) => this.#chat.setTurnState(id, state),
  });

  readonly #voice = new VoiceController(this, {
    workletUrl: () => this.workletUrl || undefined,
    maxMs: () => this.maxRecording * 1000,
    onLevel: (level, turnMs) => this.#composer?.showLevel(level, turnMs),
    onOpen: () => this.#handleMicOpen(),
    onSpeechStart: () => this.#emit('recordStart', {}),
    onTurn: turn => this.#handleVoiceTurn(turn),
    onError: (code, message, cause) => {
      this.#micProblem = this.#strings[message];
      this.#reportError(code, this.#micProblem, { recoverable: false, cause, blocking: true });
    },
  });

  /** A voice frame's bytes move only while the main thread is free: renders wait until it has left (drained()). */
  #frameLeaving: Promise<void> = Promise.resolve();

  readonly #announcer = new Announcer(this);
  readonly #context = new ChatContextProvider(this, () => ({
    snapshot: {
      messages: this.#chat.messages,
      playingId: this.#playingId,
      recording: this.recording,
      micProblem: this.#micProblem,
    },
    strings: this.#strings,
    config: {
      greeting: this.greeting,
      poster: this.poster,
      placeholder: this.placeholder,
      voice: this.voice,
      disabled: this.disabled,
    },
  }));

  /** What a mic gesture in the composer does. */
  readonly #micActions: Record<MicAction, () => void> = {
    start: () => {
      this.startRecording().catch(ignore);
    },
    stop: () => {
      void this.stopRecording();
    },
    cancel: () => this.cancelRecording(),
    toggle: () => this.#micActions[this.recording ? 'stop' : 'start'](),
  };

  constructor() {
    super();
    this.#connectLater();
  }

  /** No connect on insertion: willUpdate decides, once the attributes are known. */
  #connectLater(): void {
    this.#connection.autoConnect = false;
  }

  get #stage(): AvatarChatStage | null | undefined {
    return this.renderRoot?.querySelector('avatar-chat-stage');
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
    await this.#frameLeaving;
    return super.scheduleUpdate();
  }

  /** Complete once the sub-elements have rendered what this update gave them too. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    const parts = this.renderRoot?.querySelectorAll<LitElement>(
      'avatar-chat-stage, avatar-chat-transcript, avatar-chat-composer',
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
    if (this.persist && this.avatarId && this.#restoredFor !== this.avatarId) {
      this.#restoredFor = this.avatarId;
      this.session ||= this.#chat.restore() ?? '';
    }
    this.#checkConfig();
    this.#updateConnection(changed);
    // No mic button (voice off) or no input (disabled): a listening session ends, nothing is sent.
    if (this.disabled || this.voice === 'off') this.#voice.cancel();
    this.#context.provide();
  }

  protected override updated(): void {
    this.#setState('open', this.layout === 'floating' && this.open);
    this.#setState('error', !!this.#problem);
  }

  // ---------------------------------------------------------------- public methods
  /** Sends a text turn; resolves to its transcript entry, or null when an `avatar-chat-send` listener cancelled it. */
  async send(text: string): Promise<ChatMessage | null> {
    const trimmed = String(text ?? '').trim();
    if (!trimmed) throw new Error(this.#strings.emptyText);
    return this.#sendTurn(this.#chat.textTurn(trimmed, this.#turnConfig()));
  }
  /** Sends audio (a Blob or ArrayBuffer the browser can decode) as a voice turn, as a 16 kHz mono WAV. */
  async sendAudio(audio: Blob | ArrayBuffer): Promise<ChatMessage | null> {
    let wav: Uint8Array;
    try {
      wav = await toWireWav(audio);
    } catch (cause) {
      this.#reportError('send', this.#strings.audioUnreadable, { recoverable: true, cause });
      throw new Error(this.#strings.audioUnreadable, { cause });
    }
    return this.#sendVoice(wav);
  }
  /** Push-to-talk: starts capture. `vad`: starts listening. */
  async startRecording(): Promise<void> {
    if (this.disabled || this.voice === 'off' || this.recording) return;
    await this.#voice.claim();
    this.#stage?.stop(); // barge-in: the avatar never talks into the microphone
    this.#stage?.unlock();
    const open = await this.#voice.start(this.voice === 'vad' ? 'vad' : 'push-to-talk');
    if (!open) throw new Error(this.#micProblem);
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
      this.#reportError('config', this.#configProblem, { recoverable: false, blocking: true });
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

  // ---------------------------------------------------------------- events, failures, states
  /** Fires a public event; false when a listener cancelled it. */
  #emit<K extends keyof EventDetails>(name: K, detail: EventDetails[K]): boolean {
    const EventClass = EVENTS[name] as new (detail: EventDetails[K]) => Event;
    const event = new EventClass(detail);
    return this.dispatchEvent(event);
  }

  /** The one way to report a failure: the `avatar-chat-error` event, and the error line when it blocks the chat. */
  #reportError(code: ErrorCode, message: string, { recoverable, cause, blocking = false }: Failure): void {
    if (blocking) this.#setProblem(message);
    this.#emit('error', { code, message, recoverable, ...(cause === undefined ? {} : { cause }) });
  }

  #setProblem(text: string): void {
    if (text === this.#problem) return;
    this.#problem = text;
    this.requestUpdate();
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
    const key = configProblem({ url: this.url, avatarId: this.avatarId });
    const text = key ? this.#strings[key] : '';
    if (text === this.#configProblem) return;
    if (text) this.#reportError('config', text, { recoverable: false, blocking: true });
    else if (this.#problem === this.#configProblem) this.#setProblem('');
    this.#configProblem = text;
  }

  /** Connects while usable and shown (floating: once opened); a new url reconnects. */
  #updateConnection(changed: PropertyValues<this>): void {
    const connection = this.#connection;
    const floatingClosed = this.layout === 'floating' && !this.open && connection.status === 'idle';
    const wanted = !this.#configProblem && !this.disabled && !floatingClosed;
    const newUrl = changed.has('url') && changed.get('url') !== undefined;
    if (wanted === connection.autoConnect && !(wanted && newUrl)) return;
    connection.autoConnect = wanted;
    connection.disconnect();
    if (wanted) connection.connect();
  }

  #tokenSource(): TokenSource {
    const { url, token, getToken, authUrl, projectId } = this;
    return { url, token, getToken, authUrl, projectId, userId: this.#chat.userId(this.userId) };
  }

  #turnConfig(): TurnConfig {
    return {
      avatarId: this.avatarId,
      userId: this.#chat.userId(this.userId),
      language: this.language || this.closest('[lang]')?.getAttribute('lang') || 'en',
      source: this.source || 'avatar-chat',
      session: this.session,
    };
  }

  // ---------------------------------------------------------------- turns
  #sendVoice(wav: Uint8Array): ChatMessage | null {
    return this.#sendTurn(this.#chat.voiceTurn(wav, this.#turnConfig(), { pushToTalk: this.voice !== 'vad' }));
  }

  /** Asks `avatar-chat-send` listeners, adds the entry and sends the frame (or queues it). Throws when it cannot. */
  #sendTurn(turn: OutgoingTurn): ChatMessage | null {
    if (this.#configProblem) {
      this.#reportError('config', this.#configProblem, { recoverable: false, blocking: true });
      throw new Error(this.#configProblem);
    }
    if (!this.#emit('send', { kind: turn.kind, payload: turn.payload })) return null;
    this.#stage?.unlock();
    const message = this.#chat.addTurn(turn);
    this.#deliver(message.id);
    return this.#chat.get(message.id)!;
  }

  #deliver(id: string): void {
    const result = this.#connection.send(id, this.#chat.frameOf(id)!);
    this.#chat.setTurnState(id, result === 'full' ? 'failed' : result);
    if (result !== 'full') return;
    this.#reportError('send', this.#strings.outboxFull, { recoverable: true, blocking: true });
    throw new Error(this.#strings.outboxFull);
  }

  // ---------------------------------------------------------------- connection and frames
  #handleStatus(status: Status, attempt: number): void {
    for (const state of ['connecting', 'connected', 'reconnecting'] as const) this.#setState(state, state === status);
    if (status === 'connected' && this.#problem === this.#strings.socketLost) this.#setProblem('');
    this.requestUpdate();
    this.#emit('status', { status, attempt });
  }

  #handleFrame(raw: unknown): void {
    const baseUrl = this.url.replace(/^ws/, 'http'); // relative media URLs are on the service's host
    for (const effect of this.#chat.receive(raw, { baseUrl })) this.#apply(effect, raw);
  }

  #apply(effect: FrameEffect, raw: unknown): void {
    switch (effect.type) {
      case 'protocol-problem':
        this.#reportError('protocol', this.#strings.protocolError, { recoverable: true, cause: effect.problem });
        break;
      case 'session':
        this.session = effect.session;
        this.#chat.save();
        break;
      case 'server-error':
        this.#reportError('server', effect.text, { recoverable: effect.error.recoverable, cause: effect.error });
        if (effect.reauth) this.#connection.reauth();
        break;
      case 'message':
        this.#emit('message', { message: effect.message, raw });
        if (effect.message.role !== 'avatar') break;
        if (effect.message.text) this.#announcer.announce(effect.message.text);
        if (effect.message.media) this.#play(effect.message, { autoplay: this.playback === 'auto' });
        break;
    }
  }

  // ---------------------------------------------------------------- player
  #play(message: ChatMessage, { autoplay }: { autoplay: boolean }): void {
    const play = (stage: AvatarChatStage | null | undefined) => stage?.play(message.id, message.media!, { autoplay });
    if (this.#stage) void play(this.#stage);
    else void this.updateComplete.then(() => play(this.#stage)); // the first render is still to come
  }

  #handleReplyStart = (e: ActionEvent<'reply-start'>) => {
    this.#setPlaying(e.detail.id);
    this.#emit('replyStart', { messageId: e.detail.id });
  };

  #handleReplyEnd = (e: ActionEvent<'reply-end'>) => {
    if (this.#playingId !== e.detail.id) return;
    this.#setPlaying('');
    this.#emit('replyEnd', { messageId: e.detail.id });
  };

  #setPlaying(id: string): void {
    this.#playingId = id;
    this.#setState('playing', !!id);
    this.#voice.paused = !!id; // hands-free: the avatar is not heard as the user
    this.requestUpdate();
  }

  #handlePlaybackError = (e: ActionEvent<'playback-error'>) => {
    const { blocked, cause } = e.detail;
    if (!blocked) this.#chat.addSystemLine(this.#strings.mediaFailed);
    const message = blocked ? this.#strings.playbackBlocked : this.#strings.mediaFailed;
    this.#reportError('playback', message, { recoverable: true, cause });
  };

  #handleReplay = (e: ActionEvent<'replay'>) => {
    const message = this.#chat.get(e.detail.id);
    if (message?.media) this.#play(message, { autoplay: true });
  };

  #handleRetry = (e: ActionEvent<'retry'>) => {
    const { id } = e.detail;
    if (!this.#chat.frameOf(id)) {
      this.#chat.setTurnState(id, undefined);
      return;
    }
    try {
      this.#deliver(id);
    } catch {
      /* reported; stays failed */
    }
  };

  // ---------------------------------------------------------------- microphone
  #handleMicOpen(): void {
    this.#micProblem = '';
    this.#setState('recording', true);
    if (this.voice !== 'vad') this.#emit('recordStart', {});
  }

  #handleVoiceTurn({ wav, durationMs, closed }: VoiceTurn): void {
    if (closed) {
      this.#setState('recording', false);
      this.#composer?.showLevel(0, 0);
    }
    this.requestUpdate();
    let sent = false;
    if (wav) {
      try {
        sent = !!this.#sendVoice(wav);
        if (sent) this.#frameLeaving = this.#connection.drained();
      } catch {
        /* reported; the entry keeps a retry button */
      }
    }
    if (durationMs || closed) this.#emit('recordStop', { durationMs, bytes: wav?.length ?? 0, sent });
  }

  #handleMicAction = (e: ActionEvent<'mic'>) => this.#micActions[e.detail.action]();

  // ---------------------------------------------------------------- panel
  #handleSendText = (e: ActionEvent<'send-text'>) => {
    e.detail.sent = this.send(e.detail.text);
  };

  #toggle({ open }: { open: boolean }): void {
    this.open = open;
    this.updateComplete.then(() => {
      if (open) this.#composer?.focusInput();
      else this.renderRoot.querySelector<HTMLElement>('.launcher')?.focus();
    });
  }

  #handlePanelKeydown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && this.layout === 'floating' && !this.recording && !e.defaultPrevented) {
      e.stopPropagation();
      this.#toggle({ open: false });
    }
  };

  // ---------------------------------------------------------------- render
  protected override render() {
    const s = this.#strings;
    const floating = this.layout === 'floating';
    const heading = this.heading || s.heading;
    const status = s[`status${this.status[0].toUpperCase()}${this.status.slice(1)}` as 'statusIdle'];
    return html`
      ${
        floating
          ? html`<button
              part="launcher"
              class="launcher"
              aria-label=${s.open}
              aria-expanded="false"
              @click=${() => this.#toggle({ open: true })}
            >
              <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3 4h18v13H9l-6 4z" /></svg>
            </button>`
          : nothing
      }
      <section
        part="base"
        class="base"
        role=${floating ? 'dialog' : 'region'}
        aria-label=${heading}
        @keydown=${this.#handlePanelKeydown}
      >
        <header part="header">
          <h2 part="heading">${heading}</h2>
          <span part="status" class="status">${status}</span>
          <slot name="header"></slot>
          ${
            floating
              ? html`<button
                  part="close-button"
                  class="icon-button"
                  aria-label=${s.close}
                  @click=${() => this.#toggle({ open: false })}
                >
                  ×
                </button>`
              : nothing
          }
        </header>
        <avatar-chat-stage
          exportparts="player, video, audio, play-button"
          @reply-start=${this.#handleReplyStart}
          @reply-end=${this.#handleReplyEnd}
          @playback-error=${this.#handlePlaybackError}
        ></avatar-chat-stage>
        <avatar-chat-transcript
          exportparts="transcript, message, message--user, message--avatar, message--system, bubble, time, replay-button, retry-button"
          @retry=${this.#handleRetry}
          @replay=${this.#handleReplay}
          ><slot name="empty" slot="empty"></slot
        ></avatar-chat-transcript>
        <p part="error" class="error" role="alert">${this.#problem}</p>
        <avatar-chat-composer
          exportparts="composer, input, send-button, mic-button, level"
          @send-text=${this.#handleSendText}
          @mic=${this.#handleMicAction}
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
