import { WIRE } from './messages.js';
import type { FrameError, FrameKind, FrameMedia, FrameProblem, MediaType, ParsedFrame } from './messages.js';
import { safeUrl } from './url.js';

export type { FrameMedia, FrameProblem, ParsedFrame } from './messages.js';

export interface ParseOptions {
  /** Frames longer than this many UTF-16 code units are dropped unparsed. */
  maxBytes?: number;
  /** Clock for frames without a usable time. */
  now?: () => number;
  /** Base for relative media URLs (dropped without one). */
  baseUrl?: string;
  /**
   * The latest user turn is a voice turn still waiting for its transcript (default false). Then a reply's leading
   * `>` quote is read as the recognised question, as it is when the frame itself says it answers a voice turn.
   */
  voicePending?: boolean;
}

/** Every option's default. */
export const DEFAULTS = {
  maxBytes: 16 * 1024 * 1024,
  /** Date.now, read when called (fake clocks replace it). */
  now: (): number => Date.now(),
  voicePending: false,
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
/** A string with some non-space content (never converts other types: hostile objects may throw on toString). */
const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
const first = <T>(object: Obj, keys: readonly string[], get: (v: unknown) => T | undefined) => {
  for (const k of keys) {
    const r = get(object[k]);
    if (r !== undefined) return r;
  }
};
/** The object, its undefined properties removed (optional fields are absent, not undefined). */
const defined = <T extends object>(object: T) => {
  for (const k in object) if (object[k] === undefined) delete object[k];
  return object;
};
/** Status/code as a number ≥ 400 (numbers or 3-digit strings). */
const status = (v: unknown) => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{3}$/.test(v) ? +v : 0;
  return n >= 400 ? n : undefined;
};
/** ms epoch from a number (seconds when < 1e12) or a date string; undefined when unusable. */
const when = (v: unknown) => {
  let t = typeof v === 'number' ? v : typeof v === 'string' ? (isFinite(+v) ? +v : Date.parse(v)) : NaN; // blank: 0
  t = Math.round(t < 1e12 ? t * 1e3 : t);
  return t > 0 && t < 8.64e15 ? t : undefined;
};
const VIDEO_EXTENSIONS = ['mp4', 'webm', 'mov', 'm4v'];
const AUDIO_EXTENSIONS = ['mp3', 'wav', 'm4a', 'aac', 'ogg', 'oga', 'opus', 'flac'];
/** `video` or `audio` from a URL path's extension (protocol.md's lists), undefined when it says neither. */
export function mediaTypeOfPath(pathname: string): MediaType | undefined {
  const ext = /\.([a-z\d]+)$/i.exec(pathname)?.[1].toLowerCase() ?? '';
  if (VIDEO_EXTENSIONS.includes(ext)) return 'video';
  if (AUDIO_EXTENSIONS.includes(ext)) return 'audio';
  return undefined;
}

/** Container signatures at the start of a payload (binary string), in the order they are tried. */
const SIGNATURES: [prefix: string, mime: string][] = [
  ['RIFF', 'audio/wav'],
  ['OggS', 'audio/ogg'],
  ['ID3', 'audio/mpeg'],
  ['fLaC', 'audio/flac'],
];

/** MIME type from the first bytes of a binary string ('' when unknown). */
export function sniffMediaType(b: string): string {
  // EBML (WebM): video when a CodecID element names a V_ codec
  if (b.startsWith('\x1aE\xdf\xa3')) return /\x86[\x80-\xff]V_/.test(b.slice(0, 4096)) ? 'video/webm' : 'audio/webm';
  // ISO BMFF (MP4/M4A): an `ftyp` box first. Video when a track handler says `vide`; a bare payload is audio.
  if (b.slice(4, 8) === 'ftyp') return /hdlr[\s\S]{8}vide/.test(b) ? 'video/mp4' : 'audio/mp4';
  // MPEG frame sync: layer bits 00 are ADTS (AAC)
  if (/^\xff[\xf0-\xff]/.test(b)) return b.charCodeAt(1) & 6 ? 'audio/mpeg' : 'audio/aac';
  return SIGNATURES.find(([prefix]) => b.startsWith(prefix))?.[1] ?? '';
}

/**
 * Whether the frame says which kind of turn it answers: true for a voice turn, false for a text turn, undefined when
 * it does not say.
 */
function answersVoiceTurn(frame: Obj): boolean | undefined {
  for (const [field, values] of Object.entries(WIRE.turnType)) {
    const v = typeof frame[field] === 'string' ? (frame[field] as string).toLowerCase() : undefined;
    if (v === values.voice) return true;
    if (v === values.text) return false;
  }
  return undefined;
}

/** The leading `>` quote block: its lines without the `>` marks, and the text after it; undefined without one. */
function leadingQuote(text: string): { quoted: string; rest: string } | undefined {
  const block = /^(?:>[^\n]*(?:\n|$))+/.exec(text)?.[0];
  if (!block) return undefined;
  return { quoted: block.replace(/^>[ \t]?/gm, '').trim(), rest: text.slice(block.length).trim() };
}

/**
 * Splits a voice reply into the quoted question and the answer (protocol.md): `">Q\n\nA"` (quote lines, then the
 * answer), or the one-line `">Q? A"` (split after the first `?`). A quote alone is all question. A bare `>` stays
 * the text: nothing the server sent is lost.
 */
function splitVoiceReply(text: string): { text: string; quoted?: string } {
  const quote = leadingQuote(text);
  if (!quote) return { text };
  const { quoted, rest } = quote;
  if (!quoted) return { text: rest || text };
  if (rest) return { text: rest, quoted };
  const oneLine = /^([^\n?]*\?)[ \t]*(\S[^\n]*)$/.exec(quoted);
  if (oneLine) return { text: oneLine[2].trim(), quoted: oneLine[1].trim() };
  return { text: '', quoted };
}

/** Inline media from base64 or a `data:` URL: its declared audio/video type wins, else the bytes are sniffed. */
function inlineMedia(value: string, problems: FrameProblem[]): FrameMedia | undefined {
  const header = /^data:([^,]*),/i.exec(value.trimStart());
  let b = '';
  try {
    b = atob(header ? value.trimStart().slice(header[0].length) : value);
  } catch {
    /* reported below */
  }
  if (!b) {
    problems.push({ reason: 'media-data', message: 'inline media is not valid base64' });
    return undefined;
  }
  const declared = /^(audio|video)\/[\w.+-]+/i.exec(header?.[1] ?? '')?.[0].toLowerCase();
  const mime = declared ?? sniffMediaType(b);
  const bytes = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) bytes[i] = b.charCodeAt(i);
  const type: MediaType = mime.startsWith('video/') ? 'video' : 'audio';
  return { data: bytes, mime, type };
}

/**
 * Reads one server frame (protocol.md, "What the server sends"). Pure and total: never throws, never touches the DOM.
 * Decisions where the spec is silent:
 * - Text fields take non-blank strings or finite numbers (as decimal text); the text is trimmed.
 * - A text frame that is not JSON is the avatar's plain text, unless it starts with `{`/`[` (broken or too deeply
 *   nested JSON): that is a `not-json-shape` problem, so a huge broken frame is never dumped into the transcript.
 *   Valid JSON that is not an object (array, number, string, null, boolean) is `not-json-shape` too.
 * - A frame carrying an error (`error`, or `status`/`code` ≥ 400): its `message` field describes the error (used
 *   as `error.message` when the error has none of its own) and is never also returned as text.
 * - `type`/`direction` `error` marks an error frame (a reply otherwise); unknown values count as a reply (nothing
 *   the avatar says is lost). A reply, system line or echo with nothing to show becomes `ignore`; session and
 *   error are still reported for every kind.
 * - The quoted question is split off only in a reply to a voice turn: the frame says so (`chat_type: "voice"` or
 *   `requestType: "audio"`), or, when the frame does not name its turn type, `voicePending` says so. A frame that
 *   says `chat_type: "text"` (or `requestType: "text"`) keeps its `>` even while a voice turn waits.
 * - Media only for replies and system lines; a rejected URL falls back to inline data. An `event` with media is a
 *   reply (played like one); without media it stays a system line.
 * - Numeric times below 1e12 are seconds for `timestamp` as well as `date` (no real chat happened in 1970).
 * - 408 and 429 are recoverable like 401/403/5xx: trying again later can help.
 */
export function parseServerFrame(data: unknown, options: ParseOptions = {}): ParsedFrame {
  const { maxBytes = DEFAULTS.maxBytes, now = DEFAULTS.now, voicePending = DEFAULTS.voicePending } = options;
  const decoded = decode(data, maxBytes);
  if ('dropped' in decoded) {
    return { kind: 'ignore', text: '', time: now(), problems: decoded.dropped ? [decoded.dropped] : [] };
  }
  const { frame, raw } = decoded;
  const wireKind = first(frame, WIRE.kind, wireKindOf);
  let kind: FrameKind = wireKind ? WIRE.kinds[wireKind] : 'reply';
  const error = readError(frame, wireKind);
  const problems: FrameProblem[] = [];
  let text = '';
  let quoted: string | undefined;
  let media: FrameMedia | undefined;
  if (kind !== 'ignore') {
    text = readText(frame, error);
    if (kind === 'echo') {
      quoted = leadingQuote(text)?.quoted || text || undefined;
      text = '';
    } else {
      media = readMedia(frame, options.baseUrl, problems);
      if (wireKind === 'event' && media) kind = 'reply';
      if (kind === 'reply' && (answersVoiceTurn(frame) ?? voicePending)) ({ text, quoted } = splitVoiceReply(text));
    }
    if (!text && !quoted && !media) kind = 'ignore';
  }
  return defined({
    kind,
    text,
    time: first(frame, WIRE.time, when) ?? now(),
    problems,
    raw,
    quoted,
    media,
    session: str(frame.session),
    error,
  });
}

/** A frame to read: the JSON object and what `raw` reports; or why it is dropped (undefined: a blank frame). */
type Decoded = { frame: Obj; raw: unknown } | { dropped: FrameProblem | undefined };

const NOT_AN_OBJECT: Decoded = { dropped: { reason: 'not-json-shape', message: 'a frame must be a JSON object' } };

/** Text is parsed as JSON (plain text becomes `{ answer }`); an already parsed object is taken as it is. */
function decode(data: unknown, maxBytes: number): Decoded {
  if (typeof data === 'string') {
    // Length first: a cheap lower bound of the UTF-8 size (exact for ASCII, which JSON frames nearly always are).
    if (data.length > maxBytes) {
      return { dropped: { reason: 'too-large', message: `frame of ${data.length} characters exceeds ${maxBytes}` } };
    }
    const trimmed = data.trim();
    if (!trimmed) return { dropped: undefined };
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      if (/^[{[]/.test(trimmed)) {
        return { dropped: { reason: 'not-json-shape', message: 'frame looks like JSON but does not parse' } };
      }
      return { frame: { answer: trimmed }, raw: trimmed };
    }
    return isObj(parsed) ? { frame: parsed, raw: parsed } : NOT_AN_OBJECT;
  }
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data) || typeof (data as Blob)?.arrayBuffer === 'function') {
    return { dropped: { reason: 'binary', message: 'binary frames are not part of the protocol' } };
  }
  return isObj(data) ? { frame: data, raw: data } : NOT_AN_OBJECT;
}

/** A known `type`/`direction` value, lower-cased. */
const wireKindOf = (v: unknown) => {
  const k = typeof v === 'string' && v.toLowerCase();
  return k && Object.hasOwn(WIRE.kinds, k) ? (k as keyof typeof WIRE.kinds) : undefined;
};

/** The frame's error: an `error` field, a status/code ≥ 400, or the `error` kind. */
function readError(frame: Obj, wireKind: string | undefined): FrameError | undefined {
  const e = frame.error;
  const details = isObj(e) ? e : {};
  const code = first(frame, WIRE.status, status) ?? first(details, WIRE.status, status);
  const flagged = typeof e === 'object' ? e !== null : e === true || str(e) !== undefined;
  if (code === undefined && wireKind !== 'error' && !flagged) return undefined;
  return defined({
    status: code,
    message: str(e) ?? str(details.message) ?? str(details.detail) ?? str(frame.message),
    recoverable: code === undefined || code >= 500 || [401, 403, 408, 429].includes(code),
  });
}

/** The frame's text, trimmed ('' when none); an error frame's `message` describes the error instead. */
function readText(frame: Obj, error: FrameError | undefined): string {
  const keys = error ? WIRE.text.filter(k => k !== 'message') : WIRE.text;
  return first(frame, keys, v => (typeof v === 'number' && isFinite(v) ? '' + v : str(v)))?.trim() ?? '';
}

/** A media URL, else (also when the URL is refused) inline data; what is refused goes to `problems`. */
function readMedia(frame: Obj, baseUrl: string | undefined, problems: FrameProblem[]): FrameMedia | undefined {
  const url = first(frame, WIRE.url, str);
  const safe = url && safeUrl(url, baseUrl);
  if (safe) {
    // a data: URL's declared type, else the path's extension
    const declared = /^(video|audio)\//i.exec(safe.pathname)?.[1].toLowerCase() as MediaType | undefined;
    return { url: safe.href, type: declared ?? mediaTypeOfPath(safe.pathname) ?? 'auto' };
  }
  if (url) problems.push({ reason: 'url', message: `media URL refused: ${JSON.stringify(url.slice(0, 80))}` });
  const b64 = first(frame, WIRE.data, str);
  return b64 ? inlineMedia(b64, problems) : undefined;
}
