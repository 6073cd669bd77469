import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { styles } from './avatar-chat.styles.js';
import { TranscriptController } from './controllers/transcript-controller.js';
import { TurnController } from './controllers/turn-controller.js';
import type { ChatMessage } from './conversation.js';
import * as ev from './events.js';
import { oneOf, VERSION, type ErrorCode, type Status, type VoiceMode } from './names.js';
import { defaultStrings, type Strings } from './strings.js';

type CustomState = 'connecting' | 'connected' | 'reconnecting' | 'recording' | 'playing' | 'open' | 'error';

/**
 * @summary Chat with a talking avatar over a WebSocket (Chat Mode), by text or microphone.
 * @tag avatar-chat
 * @status experimental
 * @since 0.1
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
    str: { state: true },
    problem: { state: true },
    announcement: { state: true },
    playingId: { state: true },
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
    return this.turns.connection.status;
  }
  /** The transcript (read-only copy). */
  get messages(): readonly ChatMessage[] {
    return this.turns.conversation.messages;
  }
  /** True while the microphone is open. */
  get recording(): boolean {
    return this.turns.recorder.state !== 'inactive';
  }

  // ---------------------------------------------------------------- internal state (used by TurnController)
  /** @internal */ str: Strings = defaultStrings;
  /** @internal */ problem = '';
  /** @internal */ announcement = '';
  /** @internal */ playingId = '';
  private get input() {
    return this.renderRoot.querySelector('textarea') as HTMLTextAreaElement;
  }
  private readonly internals = this.attachInternals();

  // ---------------------------------------------------------------- controllers
  /** @internal */ readonly turns = new TurnController(this);
  private readonly log = new TranscriptController(this, {
    retry: id => this.turns.onRetry(id),
    replay: id => this.turns.onReplay(id),
  });

  // ---------------------------------------------------------------- lifecycle
  /** At most one render per frame: a burst of replies costs a render per frame, not per reply (hidden pages: ≤ 100 ms). */
  protected override async scheduleUpdate(): Promise<unknown> {
    await new Promise(r => (requestAnimationFrame(r), setTimeout(r, 100)));
    return super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('strings')) this.str = { ...defaultStrings, ...this.strings };
    this.voice = oneOf(this.voice, ['push-to-talk', 'vad', 'off'] as const);
    this.playback = oneOf(this.playback, ['auto', 'manual'] as const);
    this.layout = oneOf(this.layout, ['inline', 'floating'] as const);
    this.theme = oneOf(this.theme, ['auto', 'light', 'dark'] as const);
    this.turns.configure(changed);
  }

  protected override updated(): void {
    this.setState('open', this.layout === 'floating' && this.open);
    this.setState('error', !!this.problem);
  }

  /** @internal Sets or clears a custom state (`:state(name)`); a no-op where CustomStateSet is missing. */
  setState(name: CustomState, on: boolean): void {
    try {
      const s = this.internals.states;
      if (on) s.add(name);
      else s.delete(name);
    } catch {
      /* older browsers */
    }
  }

  // ---------------------------------------------------------------- public methods
  /** Sends a text turn; resolves to its transcript entry, or null when an `avatar-chat-send` listener cancelled it. */
  send(text: string): Promise<ChatMessage | null> {
    return this.turns.sendText(text);
  }
  /** Sends audio (a Blob or ArrayBuffer the browser can decode) as a voice turn, as a 16 kHz mono WAV. */
  sendAudio(audio: Blob | ArrayBuffer): Promise<ChatMessage | null> {
    return this.turns.sendAudio(audio);
  }
  /** Push-to-talk: starts capture. `vad`: starts listening. */
  startRecording(): Promise<void> {
    return this.turns.startRecording();
  }
  /** Push-to-talk: stops and sends. `vad`: stops listening (a turn in progress is sent). */
  stopRecording(): Promise<void> {
    return this.turns.stopRecording();
  }
  /** Stops and discards. */
  cancelRecording(): void {
    this.turns.cancelRecording();
  }
  /** Opens the socket (also after `disconnect()` or an auth error). */
  connect(): void {
    this.turns.connect();
  }
  /** Closes the socket and stops reconnecting. */
  disconnect(): void {
    this.turns.connection.disconnect();
  }
  /** Empties the transcript and its stored copy. */
  clear(): void {
    this.turns.clear();
  }

  /** @internal Fires a public event; returns false when a listener cancelled it. */
  emit(event: Event): boolean {
    return this.dispatchEvent(event);
  }

  /** @internal Reports a failure: the event, a visible line for blocking problems, an assertive announcement. */
  fail(code: ErrorCode, message: string, recoverable: boolean, cause?: unknown, show = true): void {
    if (show) this.problem = message;
    this.emit(new ev.AvatarChatErrorEvent({ code, message, recoverable, ...(cause === undefined ? {} : { cause }) }));
  }

  /** @internal Announces an avatar reply once, politely. */
  announce(text: string): void {
    // Replies that arrive within one render are announced together; '' is rendered first so a repeat is heard.
    const next = (this.pending = this.pending ? `${this.pending}\n${text}` : text);
    this.announcement = '';
    this.updateComplete.then(() => {
      if (this.pending !== next) return;
      this.announcement = next;
      this.pending = '';
    });
  }
  private pending = '';

  // ---------------------------------------------------------------- handlers
  private onKeydown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      this.submit();
    }
  };

  private submit = () => {
    const text = this.input.value;
    if (!text.trim()) return;
    this.turns.sendText(text).then(
      m => m && this.input.value === text && (this.input.value = ''),
      () => {}, // reported through avatar-chat-error; the text stays in the input
    );
  };

  private toggle(open: boolean) {
    this.open = open;
    this.updateComplete.then(() =>
      (open ? this.input : this.renderRoot.querySelector<HTMLElement>('.launcher'))?.focus(),
    );
  }

  private onPanelKeydown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && this.layout === 'floating' && !this.recording && !e.defaultPrevented) {
      e.stopPropagation();
      this.toggle(false);
    }
  };

  // ---------------------------------------------------------------- render
  protected override render() {
    const s = this.str;
    const floating = this.layout === 'floating';
    const off = this.disabled;
    return html`
      ${
        floating
          ? html`<button
              part="launcher"
              class="launcher"
              aria-label=${s.open}
              aria-expanded="false"
              @click=${() => this.toggle(true)}
            >
              <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3 4h18v13H9l-6 4z" /></svg>
            </button>`
          : nothing
      }
      <section
        part="base"
        class="base"
        role=${floating ? 'dialog' : 'region'}
        aria-label=${this.heading || s.heading}
        @keydown=${this.onPanelKeydown}
      >
        <header part="header">
          <h2 part="heading">${this.heading || s.heading}</h2>
          <span part="status" class="status"
            >${s[`status${this.status[0].toUpperCase()}${this.status.slice(1)}` as 'statusIdle']}</span
          >
          <slot name="header"></slot>
          ${
            floating
              ? html`<button
                  part="close-button"
                  class="icon-button"
                  aria-label=${s.close}
                  @click=${() => this.toggle(false)}
                >
                  ×
                </button>`
              : nothing
          }
        </header>
        ${this.turns.player.render(this.poster, s)} ${this.log.render(this.greeting, this.playingId, s)}
        <p part="error" class="error" role="alert">${this.problem}</p>
        <div part="composer" class="composer">
          <textarea
            part="input"
            rows="1"
            aria-label=${s.inputLabel}
            placeholder=${this.placeholder || s.placeholder}
            ?disabled=${off}
            @keydown=${this.onKeydown}
          ></textarea>
          ${this.voice === 'off' ? nothing : this.turns.mic.render()}
          <button part="send-button" class="send" ?disabled=${off} @click=${this.submit}>${s.send}</button>
        </div>
        <div class="sr-only" aria-live="polite">${this.announcement}</div>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'avatar-chat': AvatarChat;
  }
}
