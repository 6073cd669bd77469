// Checks one client frame against the Chat Mode spec (seed/chat-mode.txt) as this project sends it
// (design/protocol.md): exact types, key order, and for voice turns a 16 kHz mono 16-bit PCM WAV.

const TEXT_KEYS = ['avatar_id', 'user_id', 'chat_type', 'language', 'request', 'requestType', 'source', 'isLive'];
const VOICE_KEYS = ['avatar_id', 'user_id', 'chat_type', 'language', 'requestType', 'source', 'isLive'];
/** Key order of each turn kind; `?` marks optional keys. */
export const ORDER = {
  text: [...TEXT_KEYS, 'session?'],
  voice: [...VOICE_KEYS, 'isPushToTalk?', 'file_base64_data', 'session?'],
};

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Validates the text of one frame.
 * @returns {{ ok: true, kind: 'text'|'voice', turn: object, extra: string[], wav?: {seconds: number, rate: number} }
 *   | { ok: false, errors: string[], extra: string[] }}
 */
export function validateFrame(text) {
  let turn;
  try {
    turn = JSON.parse(text);
  } catch {
    return { ok: false, errors: ['frame is not JSON'], extra: [] };
  }
  if (!turn || typeof turn !== 'object' || Array.isArray(turn)) {
    return { ok: false, errors: ['frame is not a JSON object'], extra: [] };
  }
  const kind = turn.chat_type === 'text' || turn.chat_type === 'voice' ? turn.chat_type : null;
  if (!kind) {
    const errors = [
      'chat_type' in turn
        ? `chat_type must be "text" or "voice", got ${JSON.stringify(turn.chat_type)}`
        : 'missing chat_type',
    ];
    return { ok: false, errors, extra: [] };
  }
  const order = ORDER[kind].map(k => k.replace('?', ''));
  const keys = Object.keys(turn);
  const extra = keys.filter(k => !order.includes(k));
  const errors = [];
  const need = (key, check, what) => {
    if (!(key in turn)) errors.push(`missing ${key}`);
    else if (!check(turn[key])) errors.push(`${key} must be ${what}, got ${JSON.stringify(turn[key])?.slice(0, 60)}`);
  };
  const str = v => typeof v === 'string' && v.length > 0;
  const is = x => v => v === x;

  need('avatar_id', str, 'a non-empty string');
  need('user_id', str, 'a non-empty string');
  need('language', str, 'a non-empty string');
  need('source', str, 'a non-empty string');
  need('isLive', is(false), 'false');
  if ('session' in turn && !str(turn.session)) errors.push('session must be a non-empty string when present');
  let wavInfo;
  if (kind === 'text') {
    need('request', str, 'a non-empty string');
    need('requestType', is('text'), '"text"');
  } else {
    need('requestType', is('audio'), '"audio"');
    if ('isPushToTalk' in turn && turn.isPushToTalk !== true) errors.push('isPushToTalk must be true when present');
    if (!('file_base64_data' in turn)) errors.push('missing file_base64_data');
    else {
      const audio = checkBase64Wav(turn.file_base64_data);
      if (typeof audio === 'string') errors.push(audio);
      else wavInfo = audio;
    }
  }
  // Order: the known keys that are present must appear in the spec's order (extra keys may be anywhere).
  const known = keys.filter(k => order.includes(k));
  const expected = order.filter(k => k in turn);
  if (known.join() !== expected.join())
    errors.push(`wrong key order: ${known.join(',')} (expected ${expected.join(',')})`);

  return errors.length ? { ok: false, errors, extra } : { ok: true, kind, turn, extra, wav: wavInfo };
}

/** @returns {{seconds: number, rate: number} | string} the WAV's duration, or what is wrong */
export function checkBase64Wav(data) {
  if (typeof data !== 'string') return 'file_base64_data must be a string';
  if (!data) return 'file_base64_data is empty';
  if (/^data:/i.test(data)) return 'file_base64_data must be plain base64, not a data: URL';
  if (/\s/.test(data)) return 'file_base64_data contains whitespace';
  if (!BASE64.test(data)) return 'file_base64_data is not standard padded base64';
  return checkWav(Buffer.from(data, 'base64'));
}

/** Checks a complete RIFF/WAVE file: PCM, 1 channel, 16000 Hz, 16-bit, 44-byte header, matching sizes. */
export function checkWav(b) {
  if (b.length < 44) return `audio is ${b.length} bytes, shorter than a 44-byte WAV header`;
  const tag = o => b.toString('latin1', o, o + 4);
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return 'audio is not a RIFF/WAVE file';
  if (tag(12) !== 'fmt ' || b.readUInt32LE(16) !== 16) return 'WAV must start with a 16-byte fmt chunk';
  const format = b.readUInt16LE(20);
  const channels = b.readUInt16LE(22);
  const rate = b.readUInt32LE(24);
  const bits = b.readUInt16LE(34);
  const problems = [];
  if (format !== 1) problems.push(`WAV format is ${format}, expected 1 (PCM)`);
  if (channels !== 1) problems.push(`WAV has ${channels} channels, expected 1`);
  if (rate !== 16000) problems.push(`WAV sample rate is ${rate} Hz, expected 16000`);
  if (bits !== 16) problems.push(`WAV has ${bits} bits per sample, expected 16`);
  if (b.readUInt32LE(28) !== rate * channels * 2 || b.readUInt16LE(32) !== channels * 2) {
    problems.push('WAV byte rate / block align do not match 16-bit mono');
  }
  if (tag(36) !== 'data') problems.push('WAV data chunk must follow the fmt chunk (44-byte header)');
  else if (b.readUInt32LE(40) !== b.length - 44) {
    problems.push(`WAV data size says ${b.readUInt32LE(40)} bytes, file has ${b.length - 44}`);
  }
  if (b.readUInt32LE(4) !== b.length - 8)
    problems.push(`RIFF size says ${b.readUInt32LE(4)}, expected ${b.length - 8}`);
  if ((b.length - 44) % 2) problems.push('WAV data has an odd number of bytes');
  if (b.length === 44) problems.push('WAV has no samples');
  return problems.length ? problems.join('; ') : { seconds: (b.length - 44) / 2 / rate, rate };
}
