import { html, nothing, type TemplateResult } from 'lit';
import type { AwaitedTurn } from '../chat/chat-session.js';
import type { ChatMessage } from '../chat/conversation.js';
import { format, type Strings } from '../strings.js';
import { ActionEvent } from './actions.js';
import { transcriptStyles } from './avatar-chat-transcript.styles.js';
import { ChatPartElement } from './chat-part.js';
import { FollowScroll, replayLabel, shownText, splitLinks } from './transcript-format.js';

/** One formatter for all entries: toLocaleTimeString builds one per call (~0.25 ms each, × 200 entries per render).
 *  Made on first use, not when the module loads: the first Intl formatter loads the locale data (~11 ms of startup). */
let hhmmFormat: Intl.DateTimeFormat | undefined;
const hhmm = (time: Date): string => {
  hhmmFormat ??= new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });
  return hhmmFormat.format(time);
};

/** Text with http(s) URLs as links; everything else stays text (never HTML). */
const linkify = (text: string) =>
  splitLinks(text).map(piece =>
    'href' in piece
      ? html`<a href=${piece.href} target="_blank" rel="noopener noreferrer">${piece.href}</a>`
      : piece.text,
  );

/** One entry: its bubble, then `meta` (time, state, buttons); `id` as data-id (none for the greeting). The bubble's
 *  direction follows its text (a Latin line on a right-to-left page keeps its punctuation and numbers in place). */
const bubble = (role: string, body: unknown, meta: unknown = nothing, id: string | typeof nothing = nothing) =>
  html`<div part="message message--${role}" class="msg ${role}" data-id=${id}>
    <div part="bubble" class="bubble" dir="auto">${body}</div>
    ${meta}
  </div>`;

/** What an entry's buttons depend on besides the message itself. */
interface EntryFlags {
  /** Its media plays now. */
  playing: boolean;
  /** Its media has played (at least started). */
  played: boolean;
  /** It is the turn waiting for its answer, for longer than the answer timeout. */
  overdue: boolean;
}

/** Nearer than this (px) to the bottom counts as at the end. */
const AT_END_PX = 48;

/**
 * The conversation log: entries, the greeting or the `empty` slot, and follow-scroll (new entries scroll into view
 * unless the reader has scrolled up; then a "New messages" button shows). Reads the snapshot, strings and greeting
 * from context; asks for `retry` and `replay` with actions.
 * @tag avatar-chat-transcript
 * @csspart transcript - The conversation log.
 * @csspart message - Every transcript entry.
 * @csspart bubble - The text bubble of an entry.
 * @csspart typing - The "thinking" entry while a reply is awaited ("No answer yet" once overdue).
 * @csspart suggestions - The conversation starters under the greeting.
 * @csspart suggestion - One conversation starter (a click sends it).
 * @csspart stop-button - Stops the reply that plays.
 * @slot empty - Shown while the transcript is empty (replaces the greeting).
 */
export class AvatarChatTranscript extends ChatPartElement {
  static override styles = transcriptStyles;

  #follow = new FollowScroll();
  #lastMessages?: readonly ChatMessage[];
  /** This update renders a new messages array. */
  #messagesChanged = false;
  #slotted = false;
  #lastAwaited?: AwaitedTurn;
  /** Each entry's template, kept while its message, strings and flags (playing, played, overdue) stay the same: a
   *  render for another reason (a status line, the "new messages" button) does not format 200 entries again. */
  #cache = new WeakMap<ChatMessage, { strings: Strings; flags: string; template: TemplateResult }>();

  get #log(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('.log');
  }

  /** Scrolled to (near) the newest entry. */
  #isAtEnd(log: HTMLElement): boolean {
    return log.scrollHeight - log.scrollTop - log.clientHeight < AT_END_PX;
  }

  protected override willUpdate(): void {
    const { messages, awaited } = this.snapshot;
    // The typing entry coming or going moves the end of the log as a new entry does.
    const typingChanged = awaited !== this.#lastAwaited;
    this.#lastAwaited = awaited;
    this.#messagesChanged = messages !== this.#lastMessages || typingChanged;
    if (messages === this.#lastMessages) return;
    this.#lastMessages = messages;
    const log = this.#log;
    this.#follow.transcriptChanged(messages, log ? { atEnd: this.#isAtEnd(log) } : undefined);
  }

  protected override updated(): void {
    const log = this.#log;
    // An empty log has nothing to follow: no scroll, so no layout forced in the first frame.
    const follow = this.#messagesChanged && this.#follow.stick && this.snapshot.messages.length > 0;
    if (follow && log) log.scrollTop = log.scrollHeight;
  }

  // ---------------------------------------------------------------- handlers
  #handleMoreClick = () => {
    this.#follow.jumpedToEnd();
    this.requestUpdate();
    this.#log?.scrollTo({ top: this.#log.scrollHeight });
  };

  #handleScroll = () => {
    const log = this.#log;
    if (log && this.#follow.scrolled({ atEnd: this.#isAtEnd(log) })) this.requestUpdate();
  };

  /** The greeting gives way to content slotted into `empty`. */
  #handleSlotChange = (e: Event) => {
    this.#slotted = (e.target as HTMLSlotElement).assignedNodes({ flatten: true }).length > 0;
    this.requestUpdate();
  };

  #ask(type: 'retry' | 'replay' | 'stop', id: string): void {
    this.dispatchEvent(new ActionEvent(type, { id }));
  }

  #handleLoadEarlier = () => {
    this.dispatchEvent(new ActionEvent('load-earlier', {}));
  };

  #handleSuggestionClick = (e: Event) => {
    const text = (e.currentTarget as HTMLButtonElement).textContent!.trim();
    this.dispatchEvent(new ActionEvent('suggestion', { text }));
  };

  // ---------------------------------------------------------------- render
  #entry(message: ChatMessage): TemplateResult {
    const { playingId, played, awaited } = this.snapshot;
    const entryFlags: EntryFlags = {
      playing: playingId === message.id,
      played: !!played?.has(message.id),
      overdue: awaited?.id === message.id && awaited.overdue,
    };
    const flags = JSON.stringify({ ...entryFlags, unreachable: !!this.snapshot.unreachable });
    const cached = this.#cache.get(message);
    if (cached?.strings === this.strings && cached.flags === flags) return cached.template;
    const template = this.#renderEntry(message, entryFlags);
    this.#cache.set(message, { strings: this.strings, flags, template });
    return template;
  }

  /** A user turn's state in words; a queued turn says that it goes out when the service is back. */
  #stateLabel(state: 'queued' | 'failed'): string {
    return state === 'queued' && this.snapshot.unreachable ? this.strings.queuedUnreachable : this.strings[state];
  }

  #renderEntry(message: ChatMessage, { playing, played, overdue }: EntryFlags): TemplateResult {
    const s = this.strings;
    const { role, state, id } = message;
    const text = linkify(shownText(message, s));
    if (role === 'system') return bubble(role, text, nothing, id);
    const who = role === 'user' ? s.you : s.avatar;
    // The label has a dir of its own, so the bubble's direction comes from the text that shows (dir="auto").
    const body = [who && html`<span class="sr-only" dir="auto">${who}: </span>`, text]; // no whitespace: pre-wrap
    const time = new Date(message.time);
    return bubble(
      role,
      body,
      html`<div class="meta">
        <time part="time" dir="auto" datetime=${time.toISOString()}>${hhmm(time)}</time>
        ${state && state !== 'sent' ? html`<span class=${state}>${this.#stateLabel(state)}</span>` : nothing}
        ${
          state === 'failed' || overdue
            ? html`<button part="retry-button" @click=${() => this.#ask('retry', id)}>${s.retry}</button>`
            : nothing
        }
        ${message.media ? this.#renderMediaButton(message, { playing, played }) : nothing}
      </div>`,
      id,
    );
  }

  /** "Play" before the reply has played, "Play again" after; "Stop" while it plays. */
  #renderMediaButton(message: ChatMessage, { playing, played }: { playing: boolean; played: boolean }) {
    const s = this.strings;
    if (playing) {
      return html`<button
        part="stop-button"
        aria-label=${replayLabel(message, s.stop)}
        @click=${() => this.#ask('stop', message.id)}
      >
        <span class="stop-icon" aria-hidden="true"></span>${s.stop}
      </button>`;
    }
    const visible = played ? s.replay : s.play;
    return html`<button
      part="replay-button"
      aria-label=${replayLabel(message, visible)}
      @click=${() => this.#ask('replay', message.id)}
    >
      ${visible}
    </button>`;
  }

  /** While a turn waits for its answer: three dots (the element announces "… is thinking"); once overdue, a quiet
   *  "No answer yet" line (the turn has a retry button). */
  #renderTyping(): TemplateResult | typeof nothing {
    const awaited = this.snapshot.awaited;
    if (!awaited) return nothing;
    const s = this.strings;
    if (awaited.overdue) return html`<p part="typing" class="typing overdue">${s.noAnswer}</p>`;
    const thinking = format(s.thinking, { name: this.config.heading || s.heading });
    return html`<div part="typing" class="typing">
      <span class="sr-only">${thinking}</span>
      <span class="dots" aria-hidden="true"><i></i><i></i><i></i></span>
    </div>`;
  }

  /** The greeting stays first; the starters show under it until the first turn (the `empty` slot may replace the
   *  greeting while there are no entries). */
  /** The greeting and the starters at the top of the new conversation (`messages`: its entries, after history). */
  #renderOpening(messages: readonly ChatMessage[]): unknown {
    const empty = this.snapshot.messages.length === 0;
    const greeting = this.config?.greeting ?? '';
    const suggestions = this.config?.suggestions ?? [];
    const started = messages.some(m => m.role === 'user');
    return [
      empty ? html`<slot name="empty" @slotchange=${this.#handleSlotChange}></slot>` : nothing,
      greeting && !(this.#slotted && empty) ? bubble('avatar', greeting) : nothing,
      suggestions.length && !started
        ? html`<div part="suggestions" class="suggestions">
            ${suggestions.map(
              text => html`<button part="suggestion" @click=${this.#handleSuggestionClick}>${text}</button>`,
            )}
          </div>`
        : nothing,
    ];
  }

  protected override render() {
    const s = this.strings;
    const { messages, historyCount = 0 } = this.snapshot;
    const history = messages.slice(0, historyCount);
    const conversation = messages.slice(historyCount);
    return html`<div part="transcript" class="transcript">
      <div
        class="log"
        role="log"
        aria-live="off"
        aria-label=${s.transcriptLabel}
        tabindex="0"
        @scroll=${this.#handleScroll}
      >
        ${
          this.snapshot.hasEarlier
            ? html`<button part="load-earlier-button" class="earlier" @click=${this.#handleLoadEarlier}>
                ${s.loadEarlier}
              </button>`
            : nothing
        }
        ${
          // Conversation keeps at most MAX_MESSAGES. History (service mode) comes first, then the greeting.
          [history.map(m => this.#entry(m)), this.#renderOpening(conversation), conversation.map(m => this.#entry(m))]
        }
        ${this.#renderTyping()}
      </div>
      <button class="more" ?hidden=${!this.#follow.unseen} @click=${this.#handleMoreClick}>${s.newMessages} ↓</button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'avatar-chat-transcript': AvatarChatTranscript;
  }
}
