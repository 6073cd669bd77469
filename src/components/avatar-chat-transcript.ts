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
    limit: { type: Number },
    unseen: { state: true },
    slotted: { state: true },
  };

  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-block-size: 0;
        position: relative;
      }
      .log {
        flex: 1;
        overflow-y: auto;
        padding: 0.75em;
        display: flex;
        flex-direction: column;
        gap: 0.6em;
      }
      .msg {
        display: flex;
        flex-direction: column;
        max-inline-size: 85%;
        align-self: flex-start;
        gap: 0.2em;
      }
      .msg.user {
        align-self: flex-end;
        align-items: flex-end;
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
        background: transparent;
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
        border: 1px solid currentColor;
        background: transparent;
        border-radius: 999px;
        padding: 0.1em 0.6em;
      }
      .failed {
        color: var(--_danger);
      }
      .more {
        position: absolute;
        inset-block-end: 0.5em;
        inset-inline-start: 50%;
        translate: -50%;
        background: var(--_bg);
        color: var(--_accent);
        font-size: 0.85em;
      }
      :host(:dir(rtl)) .more {
        translate: 50%;
      }
    `,
  ];

  strings: Strings = defaultStrings;

  messages: readonly ChatMessage[] = [];
  /** Shown as the avatar's first line while there are no messages. */
  greeting = '';
  /** Id of the entry whose media is playing. */
  playingId = '';
  /** How many entries to render (the newest). */
  limit = 200;

  private unseen = false;
  private slotted = false;
  private get log() {
    return this.renderRoot.querySelector('.log') as HTMLElement;
  }
  private stick = true;

  /** Scrolls to the newest entry. */
  scrollToEnd(): void {
    this.unseen = false;
    this.stick = true;
    this.log?.scrollTo({ top: this.log.scrollHeight });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const l = this.log;
    if (!changed.has('messages') || !l) return;
    const last = (changed.get('messages') as readonly ChatMessage[] | undefined)?.at(-1);
    this.stick = l.scrollHeight - l.scrollTop - l.clientHeight < 48;
    this.unseen = !this.stick && !!this.messages.length && (this.unseen || this.messages.at(-1) !== last);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('messages') && this.stick) this.log.scrollTop = this.log.scrollHeight;
  }

  private onScroll = () => {
    const l = this.log;
    if (l.scrollHeight - l.scrollTop - l.clientHeight < 48) this.unseen = false;
  };

  /** The greeting gives way to content slotted into `empty` (also through <avatar-chat>'s own slot). */
  private onSlot = (e: Event) =>
    (this.slotted = (e.target as HTMLSlotElement).assignedNodes({ flatten: true }).length > 0);

  private fire(type: 'retry' | 'replay', id: string) {
    this.dispatchEvent(new CustomEvent(type, { detail: id }));
  }

  private entry(m: ChatMessage) {
    const s = this.strings;
    const who = m.role === 'user' ? s.you : m.role === 'avatar' ? s.avatar : '';
    const text = m.text || (m.kind === 'voice' ? format(s.voiceMessage, { duration: clock(m.durationMs ?? 0) }) : '');
    const time = new Date(m.time);
    const body = [who && html`<span class="sr-only">${who}: </span>`, linkify(text)]; // no whitespace: pre-wrap
    const play = this.playingId === m.id ? s.playing : s.replay; // the name starts with the visible text
    return html`<div part="message message--${m.role}" class="msg ${m.role}" data-id=${m.id}>
      <div part="bubble" class="bubble">${body}</div>
      ${
        m.role === 'system'
          ? nothing
          : html`<div class="meta">
              <time part="time" datetime=${time.toISOString()}>${hhmm.format(time)}</time>
              ${
                m.state && m.state !== 'sent'
                  ? html`<span class=${m.state}>${m.state === 'failed' ? s.failed : s.queued}</span>`
                  : nothing
              }
              ${
                m.state === 'failed'
                  ? html`<button part="retry-button" @click=${() => this.fire('retry', m.id)}>${s.retry}</button>`
                  : nothing
              }
              ${
                m.media
                  ? html`<button
                      part="replay-button"
                      aria-label="${play}${m.text ? `: ${m.text.slice(0, 40)}` : ''}"
                      @click=${() => this.fire('replay', m.id)}
                    >
                      ${play}
                    </button>`
                  : nothing
              }
            </div>`
      }
    </div>`;
  }

  protected override render() {
    const shown = this.messages.slice(-this.limit);
    return html`<div
        class="log"
        role="log"
        aria-live="off"
        aria-label=${this.strings.transcriptLabel}
        tabindex="0"
        @scroll=${this.onScroll}
      >
        ${
          shown.length
            ? shown.map(m => this.entry(m))
            : html`<slot name="empty" @slotchange=${this.onSlot}></slot>${
                  this.greeting && !this.slotted
                    ? html`<div part="message message--avatar" class="msg avatar">
                        <div part="bubble" class="bubble">${this.greeting}</div>
                      </div>`
                    : nothing
                }`
        }
      </div>
      <button class="more" ?hidden=${!this.unseen} @click=${this.scrollToEnd}>${this.strings.newMessages} ↓</button>`;
  }
}
