/** Chat Mode wire types (protocol.md). Types only, plus the wire names in one `as const` map. */

/** Server field names, in lookup order (first usable value wins), and server kind values. */
export const WIRE = {
  kind: ['type', 'direction'],
  text: ['answer', 'content', 'message', 'text'],
  url: ['fileUrl', 'file_url'],
  data: ['file_base64_data', 'audio_base64'],
  time: ['timestamp', 'date'],
  status: ['status', 'code'],
  /** Fields that say which kind of turn a reply answers: a voice turn when one of them has its `voice` value. */
  turnType: { chat_type: { voice: 'voice', text: 'text' }, requestType: { voice: 'audio', text: 'text' } },
  /**
   * `type`/`direction` value (lower-cased) → frame kind; anything else counts as a reply. `error` also marks an error.
   * An `event` that carries media is played like a reply (see `parseServerFrame`).
   */
  kinds: {
    incoming: 'reply',
    system: 'system',
    event: 'system',
    connection: 'ignore',
    outgoing: 'echo',
    error: 'reply',
  },
} as const;

// ---- client → server (one JSON text frame per turn; key order is part of the contract) ----

type Turn = { avatar_id: string; user_id: string; language: string };
type Tail = { source: string; isLive: false };
export type TextTurn = Turn & { chat_type: 'text'; request: string; requestType: 'text' } & Tail & { session?: string };
export type VoiceTurn = Turn & { chat_type: 'voice'; requestType: 'audio' } & Tail & {
    isPushToTalk?: true;
    file_base64_data: string;
    session?: string;
  };
export type ClientMessage = TextTurn | VoiceTurn;

// ---- server → client (parsed; discriminated by `kind`) ----

export type FrameKind = 'reply' | 'system' | 'echo' | 'ignore';
export type MediaType = 'audio' | 'video';
/**
 * Media of a frame: a URL (type from its `data:` MIME or path extension, `auto` when unknown), or inline bytes with
 * their declared or sniffed MIME type (`''` when unknown: offered as audio, the browser sniffs).
 */
export type FrameMedia =
  { url: string; type: MediaType | 'auto' } | { data: Uint8Array; mime: string; type: MediaType };
export interface FrameError {
  status?: number;
  message?: string;
  recoverable: boolean;
}
export interface FrameProblem {
  reason: 'binary' | 'too-large' | 'not-json-shape' | 'url' | 'media-data';
  message: string;
}
export interface ParsedFrame {
  /** reply: avatar answer; system: system line; echo: server echo of the user's turn; ignore: no transcript entry. */
  kind: FrameKind;
  /** '' when none (always '' for echo and ignore); a voice reply's '>quoted' prefix is stripped. */
  text: string;
  /** The recognised question from a voice reply's '>…' prefix, or an echo's text. */
  quoted?: string;
  media?: FrameMedia;
  /** ms epoch */
  time: number;
  /** A non-empty session to adopt for later turns (reported for every kind). */
  session?: string;
  /** A server error or status ≥ 400 (reported for every kind). */
  error?: FrameError;
  /** Each becomes a `protocol` error event. */
  problems: FrameProblem[];
  /** The parsed JSON object, or the trimmed text of a non-JSON frame (for `avatar-chat-message` detail.raw). */
  raw?: unknown;
}
