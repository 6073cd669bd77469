import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import type { ChatMessage } from '../conversation.js';
import { defaultStrings, format, type Strings } from '../strings.js';
import { sharedStyles } from '../styles/shared.styles.js';

const LINK = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'’]/g;

/** Text with http(s) URLs as links; everything else stays text (never HTML). */
function linkify(text: string) {
  const out: unknown[] = [];
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    out.push(text.slice(last, m.index), html`<a href=${m[0]} target="_blank" rel="noopener noreferrer">${m[0]}</a>`);
    last = m.index! + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

/** One formatter for all entries: toLocaleTimeString builds one per call (~0.25 ms each, × 200 entries per render). */
const hhmm = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });

const clock = (ms: number) => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** One entry: its bubble, then `meta` (time, state, buttons); `id` as data-id (none for the greeting). */
const bubble = (role: string, body: unknown, meta: unknown = nothing, id: string | typeof nothing = nothing) =>
  html`<div part="message message--${role}" class="msg ${role}" data-id=${id}>
    <div part="bubble" class="bubble">${body}</div>
    ${meta}
  </div>`;

/**
 * The conversation log. Internal: rendered by <avatar-chat>, which re-exports its parts.
 * Fires `retry` / `replay` (detail: message id), not composed.
 */
export class AvatarChatTranscript extends LitElement {
  static override properties = {
    strings: { attribute: false },
    messages: { attribute: false },
    greeting: {},
    playingId: { attribute: false },
    unseen: { state: true },
    slotted: { state: true },
  };

  /** `.more` is centred with physical `left` (the same in either direction); borders take currentColor by default. */
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        flex-flow: column;
        min-block-size: 0;
        position: relative;
      }
      .log {
        flex: 1;
        overflow-y: auto;
        padding: 0.75em;
        display: flex;
        flex-flow: column;
        gap: 0.6em;
      }
      .msg {
        display: flex;
        flex-flow: column;
        max-inline-size: 85%;
        align-self: start;
        gap: 0.2em;
      }
      .msg.user {
        align-self: end;
        align-items: end;
      }
      .msg.system {
        align-self: center;
        max-inline-size: 100%;
        text-align: center;
      }
      .bubble {
        padding: 0.5em 0.8em;
        border-radius: var(--_radius);
        background: var(--_avatar-bg);
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .user .bubble {
        background: var(--_user-bg);
        color: var(--_on-accent);
        border-end-end-radius: 0.25em;
      }
      .avatar .bubble {
        border-end-start-radius: 0.25em;
      }
      .system .bubble {
        background: none;
        color: var(--_muted);
        font-size: 0.875em;
        padding: 0.2em;
      }
      .bubble a {
        color: inherit;
      }
      .meta {
        display: flex;
        gap: 0.5em;
        align-items: center;
        font-size: 0.75em;
        color: var(--_muted);
      }
      .meta button,
      .more {
        border: 1px solid;
        background: none;
        border-radius: 999px;
        padding: 0.1em 0.6em;
      }
      .failed {
        color: var(--_danger);
      }
      .more {
        position: absolute;
        inset-block-end: 0.5em;
        left: 50%;
        translate: -50%;
        background: var(--_bg);
        color: var(--_accent);
        font-size: 0.85em;
      }
    `,
  ];

  strings: Strings = defaultStrings;

  messages: readonly ChatMessage[] = [];
  /** Shown as the avatar's first line while there are no messages. */
  greeting = '';
  /** Id of the entry whose media is playing. */
  playingId = '';

  private unseen = false;
  private slotted = false;
  private get log() {
    return this.renderRoot.querySelector('.log') as HTMLElement;
  }
  /** Scrolled to (near) the newest entry. */
  private get atEnd() {
    const l = this.log;
    return l.scrollHeight - l.scrollTop - l.clientHeight < 48;
  }
  private stick = true;

  /** Scrolls to the newest entry. */
  scrollToEnd(): void {
    this.unseen = false;
    this.stick = true;
    this.log?.scrollTo({ top: this.log.scrollHeight });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('messages') || !this.log) return;
    const last = (changed.get('messages') as readonly ChatMessage[] | undefined)?.at(-1);
    this.stick = this.atEnd;
    this.unseen = !this.stick && !!this.messages.length && (this.unseen || this.messages.at(-1) !== last);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('messages') && this.stick) this.log.scrollTop = this.log.scrollHeight;
  }

  private onScroll = () => {
    if (this.atEnd) this.unseen = false;
  };

  /** The greeting gives way to content slotted into `empty` (also through <avatar-chat>'s own slot). */
  private onSlot = (e: Event) =>
    (this.slotted = (e.target as HTMLSlotElement).assignedNodes({ flatten: true }).length > 0);

  private fire(type: 'retry' | 'replay', id: string) {
    this.dispatchEvent(new CustomEvent(type, { detail: id }));
  }

  private entry(m: ChatMessage) {
    const s = this.strings;
    const { role, state, id, text } = m;
    const shown = text || (m.kind === 'voice' ? format(s.voiceMessage, { duration: clock(m.durationMs ?? 0) }) : '');
    if (role === 'system') return bubble(role, linkify(shown), nothing, id);
    const who = role === 'user' ? s.you : s.avatar;
    const body = [who && html`<span class="sr-only">${who}: </span>`, linkify(shown)]; // no whitespace: pre-wrap
    const time = new Date(m.time);
    const play = this.playingId === id ? s.playing : s.replay; // the name starts with the visible text
    return bubble(
      role,
      body,
      html`<div class="meta">
        <time part="time" datetime=${time.toISOString()}>${hhmm.format(time)}</time>
        ${state && state !== 'sent' ? html`<span class=${state}>${s[state]}</span>` : nothing}
        ${state === 'failed' ? html`<button part="retry-button" @click=${() => this.fire('retry', id)}>${s.retry}</button>` : nothing}
        ${
          m.media
            ? html`<button
                part="replay-button"
                aria-label=${text ? `${play}: ${text.slice(0, 40)}` : play}
                @click=${() => this.fire('replay', id)}
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
    return html`<div
        class="log"
        role="log"
        aria-live="off"
        aria-label=${this.strings.transcriptLabel}
        tabindex="0"
        @scroll=${this.onScroll}
      >
        ${
          this.messages.length // Conversation keeps at most MAX_MESSAGES
            ? this.messages.map(m => this.entry(m))
            : html`<slot name="empty" @slotchange=${this.onSlot}></slot>${
                  this.greeting && !this.slotted ? bubble('avatar', this.greeting) : nothing
                }`
        }
      </div>
      <button class="more" ?hidden=${!this.unseen} @click=${this.scrollToEnd}>${this.strings.newMessages} ↓</button>`;
  }
}
