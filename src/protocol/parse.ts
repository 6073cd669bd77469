import { WIRE } from './messages.js';
import type { FrameError, FrameKind, FrameMedia, FrameProblem, ParsedFrame } from './messages.js';
import { safeUrl } from './url.js';

export type { FrameMedia, FrameProblem, ParsedFrame } from './messages.js';

export interface ParseOptions {
  /** Frames longer than this many UTF-16 code units are dropped unparsed. */
  maxBytes?: number;
  /** Clock for frames without a usable time. */
  now?: () => number;
  /** Base for relative media URLs (dropped without one). */
  baseUrl?: string;
}

/** Every option's default. */
export const DEFAULTS = {
  maxBytes: 16 * 1024 * 1024,
  /** Date.now, read when called (fake clocks replace it). */
  now: (): number => Date.now(),
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
/** MIME type from the first bytes of a binary string ('' when unknown). */
function sniff(b: string) {
  // EBML (WebM): video when a CodecID element names a V_ codec
  if (b.startsWith('\x1aE\xdf\xa3')) return /\x86[\x80-\xff]V_/.test(b.slice(0, 4096)) ? 'video/webm' : 'audio/webm';
  // MPEG frame sync (layer 00: ADTS), else a container signature
  const m = /^\xff[\xf0-\xff]/.test(b) ? (b.charCodeAt(1) & 6 ? 'mpeg' : 'aac') : /^(?:RIFF|OggS|ID3)/.exec(b)?.[0];
  return m ? 'audio/' + ({ RIFF: 'wav', OggS: 'ogg', ID3: 'mpeg' }[m] ?? m) : '';
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
 * - Media only for replies and system lines; a rejected URL falls back to inline data.
 * - Numeric times below 1e12 are seconds for `timestamp` as well as `date` (no real chat happened in 1970).
 * - 408 and 429 are recoverable like 401/403/5xx: trying again later can help.
 */
export function parseServerFrame(data: unknown, options: ParseOptions = {}): ParsedFrame {
  const { maxBytes = DEFAULTS.maxBytes, now = DEFAULTS.now } = options;
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
    ({ text, quoted } = readText(frame, kind, error));
    if (kind !== 'echo') media = readMedia(frame, options.baseUrl, problems);
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

/** The text, and the question a reply quotes in its '>…' prefix (an echo's whole text is the quote). */
function readText(frame: Obj, kind: FrameKind, error: FrameError | undefined) {
  const keys = error ? WIRE.text.filter(k => k !== 'message') : WIRE.text;
  let text = first(frame, keys, v => (typeof v === 'number' && isFinite(v) ? '' + v : str(v)))?.trim() ?? '';
  let quoted: string | undefined;
  const quote = kind !== 'system' && /^(?:>[^\n]*(?:\n|$))+/.exec(text)?.[0];
  if (quote) {
    quoted = quote.replace(/^>[ \t]?/gm, '').trim() || undefined;
    // an empty quote with nothing after it (a bare ">") is kept as the text itself: no frame text is lost
    if (quoted || quote.length < text.length) text = text.slice(quote.length).trim();
  }
  if (kind === 'echo') return { text: '', quoted: quoted || text || undefined };
  return { text, quoted };
}

/** A media URL, else (also when the URL is refused) inline data; what is refused goes to `problems`. */
function readMedia(frame: Obj, baseUrl: string | undefined, problems: FrameProblem[]): FrameMedia | undefined {
  const url = first(frame, WIRE.url, str);
  const safe = url && safeUrl(url, baseUrl);
  if (safe) {
    // data: MIME, else path extension
    const m = /^(?:(video)|audio)\/|\.(?:(mp4|webm|mov|m4v)|mp3|wav|m4a|aac|ogg|oga|opus|flac)$/i.exec(safe.pathname);
    return { url: safe.href, type: m ? (m[1] || m[2] ? 'video' : 'audio') : 'auto' };
  }
  if (url) problems.push({ reason: 'url', message: `media URL refused: ${JSON.stringify(url.slice(0, 80))}` });
  const b64 = first(frame, WIRE.data, str);
  if (!b64) return undefined;
  let binary = '';
  try {
    binary = atob(b64.replace(/^data:[^,]*,/, ''));
  } catch {
    /* reported below */
  }
  const mime = sniff(binary);
  if (!mime) {
    problems.push({ reason: 'media-data', message: binary ? 'unknown inline media type' : 'bad base64' });
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return { data: bytes, mime, type: mime[0] === 'v' ? 'video' : 'audio' };
}
