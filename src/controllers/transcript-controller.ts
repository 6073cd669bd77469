import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ChatMessage } from '../conversation.js';
import { format, type Strings } from '../strings.js';

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

export interface TranscriptOptions {
  /** The retry button of a failed turn. */
  retry(id: string): void;
  /** The replay button of an entry with media. */
  replay(id: string): void;
}

type Host = ReactiveControllerHost & { renderRoot: ParentNode; readonly messages: readonly ChatMessage[] };

/**
 * The conversation log in the host's shadow root: entries, the greeting or the `empty` slot, and follow-scroll
 * (new entries scroll into view unless the user has scrolled up; then a "New messages" button shows).
 */
export class TranscriptController implements ReactiveController {
  private unseen = false;
  private slotted = false;
  private stick = true;
  /** The messages of the last update; `changed`: this update has a new array (the transcript changed). */
  private lastMessages?: readonly ChatMessage[];
  private changed = false;

  constructor(
    private readonly host: Host,
    private readonly o: TranscriptOptions,
  ) {
    host.addController(this);
  }

  private get log() {
    return this.host.renderRoot.querySelector<HTMLElement>('.log');
  }

  /** Scrolled to (near) the newest entry. */
  private get atEnd() {
    const l = this.log!;
    return l.scrollHeight - l.scrollTop - l.clientHeight < 48;
  }

  private show(unseen: boolean) {
    this.unseen = unseen;
    this.host.requestUpdate();
  }

  hostUpdate(): void {
    const m = this.host.messages,
      last = this.lastMessages?.at(-1);
    if ((this.changed = m !== this.lastMessages)) this.lastMessages = m;
    if (!this.changed || !this.log) return;
    this.stick = this.atEnd;
    this.unseen = !this.stick && !!m.length && (this.unseen || m.at(-1) !== last);
  }

  hostUpdated(): void {
    const l = this.log;
    if (this.changed && this.stick && l) l.scrollTop = l.scrollHeight;
  }

  /** Scrolls to the newest entry. */
  private scrollToEnd = () => {
    this.stick = true;
    this.show(false);
    this.log?.scrollTo({ top: this.log.scrollHeight });
  };

  private onScroll = () => {
    if (this.unseen && this.atEnd) this.show(false);
  };

  /** The greeting gives way to content slotted into `empty`. */
  private onSlot = (e: Event) => {
    this.slotted = (e.target as HTMLSlotElement).assignedNodes({ flatten: true }).length > 0;
    this.host.requestUpdate();
  };

  /** Each entry's template, kept while its message, strings and playing flag stay the same: a render of the
   *  element (status, recording, player) does not format 200 entries again. */
  private cache = new WeakMap<ChatMessage, [Strings, boolean, unknown]>();

  private entry(m: ChatMessage, playingId: string, s: Strings) {
    const playing = playingId === m.id,
      c = this.cache.get(m);
    if (c?.[0] === s && c[1] === playing) return c[2];
    const t = this.build(m, playing, s);
    this.cache.set(m, [s, playing, t]);
    return t;
  }

  private build(m: ChatMessage, playing: boolean, s: Strings) {
    const { role, state, id, text } = m;
    const shown = text || (m.kind === 'voice' ? format(s.voiceMessage, { duration: clock(m.durationMs ?? 0) }) : '');
    if (role === 'system') return bubble(role, linkify(shown), nothing, id);
    const who = role === 'user' ? s.you : s.avatar;
    const body = [who && html`<span class="sr-only">${who}: </span>`, linkify(shown)]; // no whitespace: pre-wrap
    const time = new Date(m.time);
    const play = playing ? s.playing : s.replay; // the name starts with the visible text
    return bubble(
      role,
      body,
      html`<div class="meta">
        <time part="time" datetime=${time.toISOString()}>${hhmm.format(time)}</time>
        ${state && state !== 'sent' ? html`<span class=${state}>${s[state]}</span>` : nothing}
        ${state === 'failed' ? html`<button part="retry-button" @click=${() => this.o.retry(id)}>${s.retry}</button>` : nothing}
        ${
          m.media
            ? html`<button
                part="replay-button"
                aria-label=${text ? `${play}: ${text.slice(0, 40)}` : play}
                @click=${() => this.o.replay(id)}
              >
                ${play}
              </button>`
            : nothing
        }
      </div>`,
      id,
    );
  }

  render(greeting: string, playingId: string, s: Strings) {
    const messages = this.host.messages;
    return html`<div part="transcript" class="transcript">
      <div class="log" role="log" aria-live="off" aria-label=${s.transcriptLabel} tabindex="0" @scroll=${this.onScroll}>
        ${
          messages.length // Conversation keeps at most MAX_MESSAGES
            ? messages.map(m => this.entry(m, playingId, s))
            : html`<slot name="empty" @slotchange=${this.onSlot}></slot>${
                  greeting && !this.slotted ? bubble('avatar', greeting) : nothing
                }`
        }
      </div>
      <button class="more" ?hidden=${!this.unseen} @click=${this.scrollToEnd}>${s.newMessages} ↓</button>
    </div>`;
  }
}
