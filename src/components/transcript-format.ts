import type { ChatMessage } from '../chat/conversation.js';
import { format, type Strings } from '../strings.js';

const LINK = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'’]/g;

/** A piece of an entry's text: plain text, or an http(s) URL to show as a link. */
export type TextPiece = { text: string } | { href: string };

/** Splits text into plain pieces and http(s) URLs (the caller renders URLs as links, the rest as text). */
export function splitLinks(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    pieces.push({ text: text.slice(last, match.index) }, { href: match[0] });
    last = match.index + match[0].length;
  }
  pieces.push({ text: text.slice(last) });
  return pieces;
}

/** m:ss of a duration in ms (rounded to the second). */
export function clock(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** What an entry's bubble says: its text, or for a voice turn without one, "Voice message (m:ss)". */
export function shownText(message: ChatMessage, strings: Strings): string {
  if (message.text || message.kind !== 'voice') return message.text;
  return format(strings.voiceMessage, { duration: clock(message.durationMs ?? 0) });
}

/** A media button's accessible name: its visible text first, then the start of the entry's text. */
export function replayLabel(message: ChatMessage, visible: string): string {
  return message.text ? `${visible}: ${message.text.slice(0, 40)}` : visible;
}

/**
 * Follow-scroll: new entries scroll into view unless the reader has scrolled up; then "New messages" shows until
 * they come back to the end. Pure: the component tells it where the log is scrolled.
 */
export class FollowScroll {
  /** Show the "New messages" button. */
  unseen = false;
  /** Scroll to the end after this render. */
  stick = true;
  #last?: ChatMessage;

  /** Before rendering a changed transcript; `log` is undefined before the first render, else where the reader is. */
  transcriptChanged(messages: readonly ChatMessage[], log: { atEnd: boolean } | undefined): void {
    const previous = this.#last;
    this.#last = messages.at(-1);
    if (!log) return;
    this.stick = log.atEnd;
    this.unseen = !log.atEnd && messages.length > 0 && (this.unseen || messages.at(-1) !== previous);
  }

  /** The reader scrolled (to `atEnd` or not). True when the button must go. */
  scrolled({ atEnd }: { atEnd: boolean }): boolean {
    if (!this.unseen || !atEnd) return false;
    this.unseen = false;
    return true;
  }

  /** The reader asked for the newest entry. */
  jumpedToEnd(): void {
    this.stick = true;
    this.unseen = false;
  }
}
