import { html, nothing, type TemplateResult } from 'lit';
import type { ChatMessage } from '../chat/conversation.js';
import type { Strings } from '../strings.js';
import { ActionEvent } from './actions.js';
import { transcriptStyles } from './avatar-chat-transcript.styles.js';
import { ChatPartElement } from './chat-part.js';
import { FollowScroll, replayLabel, shownText, splitLinks } from './transcript-format.js';

/** One formatter for all entries: toLocaleTimeString builds one per call (~0.25 ms each, × 200 entries per render). */
const hhmm = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });

/** Text with http(s) URLs as links; everything else stays text (never HTML). */
const linkify = (text: string) =>
  splitLinks(text).map(piece =>
    'href' in piece
      ? html`<a href=${piece.href} target="_blank" rel="noopener noreferrer">${piece.href}</a>`
      : piece.text,
  );

/** One entry: its bubble, then `meta` (time, state, buttons); `id` as data-id (none for the greeting). */
const bubble = (role: string, body: unknown, meta: unknown = nothing, id: string | typeof nothing = nothing) =>
  html`<div part="message message--${role}" class="msg ${role}" data-id=${id}>
    <div part="bubble" class="bubble">${body}</div>
    ${meta}
  </div>`;

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
 * @slot empty - Shown while the transcript is empty (replaces the greeting).
 */
export class AvatarChatTranscript extends ChatPartElement {
  static override styles = transcriptStyles;

  #follow = new FollowScroll();
  #lastMessages?: readonly ChatMessage[];
  /** This update renders a new messages array. */
  #messagesChanged = false;
  #slotted = false;
  /** Each entry's template, kept while its message, strings and playing flag stay the same: a render for another
   *  reason (a status line, the "new messages" button) does not format 200 entries again. */
  #cache = new WeakMap<
    ChatMessage,
    { strings: Strings; playing: boolean; unreachable: boolean; template: TemplateResult }
  >();

  get #log(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('.log');
  }

  /** Scrolled to (near) the newest entry. */
  #isAtEnd(log: HTMLElement): boolean {
    return log.scrollHeight - log.scrollTop - log.clientHeight < AT_END_PX;
  }

  protected override willUpdate(): void {
    const messages = this.snapshot.messages;
    this.#messagesChanged = messages !== this.#lastMessages;
    if (!this.#messagesChanged) return;
    this.#lastMessages = messages;
    const log = this.#log;
    this.#follow.transcriptChanged(messages, log ? { atEnd: this.#isAtEnd(log) } : undefined);
  }

  protected override updated(): void {
    const log = this.#log;
    if (this.#messagesChanged && this.#follow.stick && log) log.scrollTop = log.scrollHeight;
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

  #ask(type: 'retry' | 'replay', id: string): void {
    this.dispatchEvent(new ActionEvent(type, { id }));
  }

  #handleLoadEarlier = () => {
    this.dispatchEvent(new ActionEvent('load-earlier', {}));
  };

  // ---------------------------------------------------------------- render
  #entry(message: ChatMessage): TemplateResult {
    const playing = this.snapshot.playingId === message.id;
    const unreachable = !!this.snapshot.unreachable;
    const cached = this.#cache.get(message);
    if (cached?.strings === this.strings && cached.playing === playing && cached.unreachable === unreachable)
      return cached.template;
    const template = this.#renderEntry(message, playing);
    this.#cache.set(message, { strings: this.strings, playing, unreachable, template });
    return template;
  }

  /** A user turn's state in words; a queued turn says that it goes out when the service is back. */
  #stateLabel(state: 'queued' | 'failed'): string {
    return state === 'queued' && this.snapshot.unreachable ? this.strings.queuedUnreachable : this.strings[state];
  }

  #renderEntry(message: ChatMessage, playing: boolean): TemplateResult {
    const s = this.strings;
    const { role, state, id } = message;
    const text = linkify(shownText(message, s));
    if (role === 'system') return bubble(role, text, nothing, id);
    const who = role === 'user' ? s.you : s.avatar;
    const body = [who && html`<span class="sr-only">${who}: </span>`, text]; // no whitespace: pre-wrap
    const time = new Date(message.time);
    const play = playing ? s.playing : s.replay;
    return bubble(
      role,
      body,
      html`<div class="meta">
        <time part="time" datetime=${time.toISOString()}>${hhmm.format(time)}</time>
        ${state && state !== 'sent' ? html`<span class=${state}>${this.#stateLabel(state)}</span>` : nothing}
        ${
          state === 'failed'
            ? html`<button part="retry-button" @click=${() => this.#ask('retry', id)}>${s.retry}</button>`
            : nothing
        }
        ${
          message.media
            ? html`<button
                part="replay-button"
                aria-label=${replayLabel(message, playing, s)}
                @click=${() => this.#ask('replay', id)}
              >
                ${play}
              </button>`
            : nothing
        }
      </div>`,
      id,
    );
  }

  protected override render() {
    const s = this.strings;
    const { messages } = this.snapshot;
    const greeting = this.config.greeting;
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
          messages.length // Conversation keeps at most MAX_MESSAGES
            ? messages.map(m => this.#entry(m))
            : html`<slot name="empty" @slotchange=${this.#handleSlotChange}></slot>${
                  greeting && !this.#slotted ? bubble('avatar', greeting) : nothing
                }`
        }
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
