import { decodeWavHeader, toBase64 } from '../audio/wav.js';
import { WIRE_SAMPLE_RATE } from '../audio/format.js';
import { textFrame, voiceFrame, type TurnConfig } from '../protocol/frames.js';
import type { FrameError, FrameKind, FrameMedia, FrameProblem, ParsedFrame } from '../protocol/messages.js';
import { parseServerFrame } from '../protocol/parse.js';
import { format, type Strings } from '../strings.js';
import { Conversation, uuid, type ChatMessage, type NewEntry } from './conversation.js';
import type { ChatStore } from './persist.js';

/** Frames kept for the retry button (the newest turns). */
const KEEP_FRAMES = 20;

/** A history entry with the same role and text as a shown one, this close in time (ms), is the same entry. */
const HISTORY_SAME_MS = 2 * 60 * 1000;

const DEFAULTS = {
  /** A sent turn without an answer after this long (ms) is shown as unanswered, and can be sent again. */
  answerTimeoutMs: 30_000,
};

/** The system line for a server error with one of these statuses. */
const SERVER_ERROR_TEXT: Record<number, keyof Strings> = {
  401: 'server403',
  402: 'server402',
  403: 'server403',
  503: 'server503',
  504: 'server504',
};

export type TurnKind = 'text' | 'voice';
export type TurnState = NonNullable<ChatMessage['state']>;

/** A turn about to go out: the frame (listeners of `avatar-chat-send` may add fields) and its transcript entry. */
export interface OutgoingTurn {
  kind: TurnKind;
  payload: Record<string, unknown>;
  entry: Partial<NewEntry>;
}

/** What a frame from the server asks of the element, in order. */
export type FrameEffect =
  /** A part of the frame could not be used (reported as a `protocol` error; the rest was). */
  | { type: 'protocol-problem'; problem: FrameProblem }
  /** The server named a (new) session: later turns carry it. */
  | { type: 'session'; session: string }
  /** The server reported an error; its system line is in the transcript. `reauth`: the token was refused. */
  | { type: 'server-error'; error: FrameError; text: string; reauth: boolean }
  /** The server added an entry (a reply or a system line). */
  | { type: 'message'; message: ChatMessage };

/** The turn waiting for its answer. `overdue`: none came within the answer timeout (it can be sent again). */
export interface AwaitedTurn {
  id: string;
  overdue: boolean;
}

/** setTimeout / clearTimeout, injected so that tests can run the clock. */
export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const browserTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: handle => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface ChatSessionOptions {
  /** The user-visible strings, read at each use. */
  strings: () => Strings;
  /** The session id sent with turns (the element's `session`), read at each save. */
  session: () => string;
  /** Where the conversation is kept across reloads; undefined: nowhere. Read at each use. */
  store?: () => ChatStore | undefined;
  /** The transcript changed (a new `messages` array). */
  onChange?: () => void;
  /** Blob URLs for media that came inline [URL.createObjectURL / URL.revokeObjectURL]. */
  createObjectUrl?: (blob: Blob) => string;
  revokeObjectUrl?: (url: string) => void;
  /** A sent turn started waiting for its answer (the element announces "… is thinking"). */
  onAwait?: (turn: ChatMessage) => void;
  /** How long a turn waits before it is shown as unanswered [DEFAULTS.answerTimeoutMs]. */
  answerTimeoutMs?: number;
  /** [setTimeout / clearTimeout] */
  timers?: Timers;
}

const hasBlobMedia = (m: ChatMessage) => !!m.media?.url.startsWith('blob:');

/**
 * The conversation's rules, with no DOM and no socket: a turn out gives a frame and an entry; a frame in gives
 * entries and effects (one handler per frame kind); retry keeps the newest frames; turn states; the user id;
 * persistence through an injected store. The element sends the frames and carries out the effects.
 */
export class ChatSession {
  readonly #options: ChatSessionOptions;
  readonly #conversation: Conversation;
  /** Outgoing frames (JSON) by entry id, for the retry button. */
  readonly #frames = new Map<string, string>();
  #generatedUserId = '';
  #awaited: AwaitedTurn | undefined;
  #answerTimer: unknown;

  /** One handler per frame kind: the entry it adds, if any. */
  readonly #frameHandlers: Record<FrameKind, (frame: ParsedFrame) => ChatMessage | undefined> = {
    reply: frame => this.#addFromServer('avatar', frame),
    system: frame => this.#addFromServer('system', frame),
    // The server's copy of the user's turn: its text (the recognised question) went to `quoted`.
    echo: () => undefined,
    ignore: () => undefined,
  };

  constructor(options: ChatSessionOptions) {
    this.#options = options;
    this.#conversation = new Conversation({ onDrop: message => this.#revokeMedia(message) });
  }

  get messages(): readonly ChatMessage[] {
    return this.#conversation.messages;
  }

  get(id: string): ChatMessage | undefined {
    return this.#conversation.get(id);
  }

  // ---------------------------------------------------------------- identity and storage
  /** The user id: `explicit` when set, else one generated (`anon-<uuid>`) once, or the stored one. */
  userId(explicit: string): string {
    if (explicit) return explicit;
    if (!this.#generatedUserId) {
      const store = this.#options.store?.();
      this.#generatedUserId = store?.loadUserId() || `anon-${uuid()}`;
      store?.saveUserId(this.#generatedUserId);
    }
    return this.#generatedUserId;
  }

  /** Replaces the transcript with the stored one (turns that were not sent lose their state); the stored session. */
  restore(): string | undefined {
    const stored = this.#options.store?.()?.loadChat();
    if (!stored) return undefined;
    this.#conversation.replace(stored.messages.map(m => (m.state === 'sent' ? m : { ...m, state: undefined })));
    return stored.session;
  }

  /** Writes the transcript and session to the store (if any). */
  save(): void {
    this.#options.store?.()?.saveChat(this.messages, this.#options.session());
  }

  clear(): void {
    this.#conversation.clear();
    this.#frames.clear();
    this.#stopAwaiting();
    this.#changed();
  }

  /** Drops the media of entries that play from Blob URLs (revoking them); their text stays. */
  releaseBlobMedia(): void {
    const conversation = this.#conversation;
    if (!conversation.messages.some(hasBlobMedia)) return;
    conversation.replace(conversation.messages.map(m => (hasBlobMedia(m) ? { ...m, media: undefined } : m)));
    this.#changed();
  }

  /**
   * Puts entries of the service's history above the conversation (oldest first). An entry already shown (the same
   * id, or the same role and text within HISTORY_SAME_MS, e.g. from the stored transcript) is left out. Returns how
   * many were added.
   */
  addHistory(entries: readonly ChatMessage[]): number {
    const shown = this.messages;
    const isShown = (h: ChatMessage) =>
      shown.some(
        m =>
          m.id === h.id ||
          (m.role === h.role && m.text.trim() === h.text.trim() && Math.abs(m.time - h.time) < HISTORY_SAME_MS),
      );
    const added = entries.filter(h => !isShown(h)).map(h => ({ ...h }));
    if (added.length === 0) return 0;
    this.#conversation.prepend(added);
    this.#changed();
    return added.length;
  }

  // ---------------------------------------------------------------- turns out
  textTurn(text: string, config: TurnConfig): OutgoingTurn {
    return { kind: 'text', payload: textFrame(config, text), entry: { text } };
  }

  /** A voice turn from a 16 kHz mono WAV; `pushToTalk` adds `isPushToTalk` (VAD turns leave it out). */
  voiceTurn(wav: Uint8Array, config: TurnConfig, { pushToTalk }: { pushToTalk: boolean }): OutgoingTurn {
    const durationMs = (decodeWavHeader(wav)!.dataBytes / 2 / WIRE_SAMPLE_RATE) * 1000;
    return {
      kind: 'voice',
      payload: voiceFrame(config, toBase64(wav), pushToTalk),
      entry: { kind: 'voice', text: '', durationMs },
    };
  }

  /** Adds the turn's entry (queued) and keeps its frame for `frameOf` (the newest KEEP_FRAMES). */
  addTurn(turn: OutgoingTurn): ChatMessage {
    const message = this.#add({ role: 'user', kind: turn.kind, text: '', state: 'queued', ...turn.entry });
    this.#frames.set(message.id, JSON.stringify(turn.payload));
    for (const id of [...this.#frames.keys()].slice(0, -KEEP_FRAMES)) this.#frames.delete(id);
    return message;
  }

  /** The frame of a turn, while it is kept. */
  frameOf(id: string): string | undefined {
    return this.#frames.get(id);
  }

  /** A turn was sent, queued or failed (undefined: no state shown). A sent turn waits for its answer. */
  setTurnState(id: string, state: TurnState | undefined): void {
    const turn = this.#conversation.update(id, { state });
    if (!turn) return;
    if (state === 'sent') this.#await(turn);
    else if (this.#awaited?.id === id) this.#stopAwaiting();
    this.#changed();
  }

  // ---------------------------------------------------------------- waiting for an answer
  /** The turn waiting for its answer (the latest one sent), until a reply or an error arrives. */
  get awaited(): AwaitedTurn | undefined {
    return this.#awaited;
  }

  #await(turn: ChatMessage): void {
    this.#stopAwaiting();
    this.#awaited = { id: turn.id, overdue: false };
    const timers = this.#options.timers ?? browserTimers;
    this.#answerTimer = timers.set(
      () => this.#handleAnswerTimeout(turn.id),
      this.#options.answerTimeoutMs ?? DEFAULTS.answerTimeoutMs,
    );
    this.#options.onAwait?.(turn);
  }

  #handleAnswerTimeout(id: string): void {
    if (this.#awaited?.id !== id) return;
    this.#awaited = { id, overdue: true };
    this.#options.onChange?.();
  }

  /** No turn waits any more (answered, failed, cleared). */
  #stopAwaiting(): void {
    if (!this.#awaited) return;
    (this.#options.timers ?? browserTimers).clear(this.#answerTimer);
    this.#awaited = undefined;
  }

  /** Adds a system line (not from the server). */
  addSystemLine(text: string): ChatMessage {
    return this.#add({ role: 'system', kind: 'text', text });
  }

  // ---------------------------------------------------------------- frames in
  /**
   * Reads a server frame and yields what the element must do, in order, changing the transcript in between (so a
   * listener of the element's events sees the transcript as it was when the effect happened). Iterate to the end.
   */
  *receive(raw: unknown, { baseUrl }: { baseUrl: string }): Generator<FrameEffect, void, undefined> {
    const frame = parseServerFrame(raw, { baseUrl, voicePending: this.#conversation.voicePending });
    for (const problem of frame.problems) yield { type: 'protocol-problem', problem };
    if (frame.session && frame.session !== this.#options.session()) yield { type: 'session', session: frame.session };
    if (frame.error) yield this.#serverError(frame.error);
    if (frame.quoted && this.#conversation.attachTranscript(frame.quoted)) this.#changed();
    const message = this.#frameHandlers[frame.kind](frame);
    if (message) yield { type: 'message', message };
  }

  #serverError(error: FrameError): FrameEffect {
    const strings = this.#options.strings();
    const status = error.status ?? 0;
    const reauth = status === 401 || status === 403;
    const known = SERVER_ERROR_TEXT[status];
    let text: string;
    if (known) text = strings[known];
    else if (error.message) text = format(strings.serverError, { message: error.message });
    else text = format(strings.serverStatus, { status });
    // Only the turn still waiting for its answer fails: an error after a reply is not about an answered turn.
    const waiting = this.#awaited?.id;
    if (waiting && !reauth) this.setTurnState(waiting, 'failed');
    else this.#stopAwaiting(); // refused token: the turn goes out again after the reconnect
    this.addSystemLine(text);
    return { type: 'server-error', error, text, reauth };
  }

  #addFromServer(role: 'avatar' | 'system', frame: ParsedFrame): ChatMessage | undefined {
    if (!frame.text && !frame.media) return undefined;
    if (role === 'avatar') this.#stopAwaiting();
    return this.#add({ role, kind: 'text', text: frame.text, media: this.#playable(frame.media), time: frame.time });
  }

  /** Inline media (bytes) becomes a Blob URL; a URL stays as it is. */
  #playable(media: FrameMedia | undefined): ChatMessage['media'] {
    if (!media || !('data' in media)) return media;
    const create = this.#options.createObjectUrl ?? URL.createObjectURL;
    return { url: create(new Blob([media.data as BlobPart], { type: media.mime })), type: media.type };
  }

  #revokeMedia(message: ChatMessage): void {
    if (hasBlobMedia(message)) (this.#options.revokeObjectUrl ?? URL.revokeObjectURL)(message.media!.url);
  }

  // ---------------------------------------------------------------- changes
  #add(entry: NewEntry): ChatMessage {
    const message = this.#conversation.add(entry);
    this.#changed();
    return message;
  }

  #changed(): void {
    this.#options.onChange?.();
    this.save();
  }
}
