import { expect } from '@open-wc/testing';
import { parseServerFrame, type FrameProblem, type ParsedFrame, type ParseOptions } from '../../src/protocol/parse.js';
import { safeUrl } from '../../src/protocol/url.js';
import { xssPayloads } from '../fixtures/xss-payloads.js';

const NOW = 1_700_000_000_123;
const parse = (frame: unknown, opts: ParseOptions = {}) =>
  parseServerFrame(typeof frame == 'string' ? frame : JSON.stringify(frame), { now: () => NOW, ...opts });
/** The whole frame except `raw`, so rows compare everything else exactly. */
const cooked = (f: ParsedFrame) => {
  const { raw, ...rest } = f;
  void raw;
  return rest;
};
const bin = (s: string) => Uint8Array.from(s, c => c.charCodeAt(0));
const WAV = 'RIFF\x24\0\0\0WAVEfmt ';
const problem = (reason: FrameProblem['reason']) => [{ reason, message: '' }];

type Row = [name: string, frame: unknown, expected: Partial<ParsedFrame>, opts?: ParseOptions];
/** The latest user turn is a voice turn waiting for its transcript. */
const VOICE: ParseOptions = { voicePending: true };

// One row per line of protocol.md's "What the server sends" table, with every alternative field name.
const rows: Row[] = [
  // kind: `type`, else `direction`
  ['type incoming', { type: 'incoming', answer: 'Hi' }, { kind: 'reply', text: 'Hi' }],
  ['direction incoming', { direction: 'incoming', answer: 'Hi' }, { kind: 'reply', text: 'Hi' }],
  ['no kind given', { answer: 'Hi' }, { kind: 'reply', text: 'Hi' }],
  ['type system', { type: 'system', content: 'Welcome' }, { kind: 'system', text: 'Welcome' }],
  ['type event', { type: 'event', content: 'Avatar joined' }, { kind: 'system', text: 'Avatar joined' }],
  ['direction system', { direction: 'system', text: 'S' }, { kind: 'system', text: 'S' }],
  ['direction event', { direction: 'event', text: 'E' }, { kind: 'system', text: 'E' }],
  ['type connection', { type: 'connection', answer: 'connected', session: 's1' }, { kind: 'ignore', session: 's1' }],
  ['direction connection', { direction: 'connection', message: 'ok' }, { kind: 'ignore' }],
  ['type outgoing', { type: 'outgoing', text: 'What is X?' }, { kind: 'echo', quoted: 'What is X?' }],
  ['direction outgoing', { direction: 'outgoing', request: 'x', message: 'Hi' }, { kind: 'echo', quoted: 'Hi' }],
  ['outgoing with a quote', { type: 'outgoing', answer: '> What is X?' }, { kind: 'echo', quoted: 'What is X?' }],
  ['outgoing without text', { type: 'outgoing', file_base64_data: btoa(WAV) }, { kind: 'ignore' }],
  ['kind is case-insensitive', { type: 'InComing', answer: 'Hi' }, { kind: 'reply', text: 'Hi' }],
  ['type wins over direction', { type: 'system', direction: 'incoming', text: 'S' }, { kind: 'system', text: 'S' }],
  ['unknown type → direction', { type: 'chat', direction: 'outgoing', text: 'Q' }, { kind: 'echo', quoted: 'Q' }],
  ['unknown type → reply', { type: 'typing', answer: 'Hi' }, { kind: 'reply', text: 'Hi' }],
  ['type __proto__', { type: '__proto__', answer: 'Hi' }, { kind: 'reply', text: 'Hi' }],
  ['type constructor', { type: 'constructor', direction: 'toString', answer: 'Hi' }, { kind: 'reply', text: 'Hi' }],
  ['non-string type', { type: { incoming: 1 }, direction: 'system', text: 'S' }, { kind: 'system', text: 'S' }],
  // text: answer, else content, else message, else text
  ['answer', { answer: 'A' }, { text: 'A' }],
  ['content', { content: 'C' }, { text: 'C' }],
  ['message', { message: 'M' }, { text: 'M' }],
  ['text', { text: 'T' }, { text: 'T' }],
  ['answer first', { text: 'T', message: 'M', content: 'C', answer: 'A' }, { text: 'A' }],
  ['content before message', { text: 'T', message: 'M', content: 'C' }, { text: 'C' }],
  ['message before text', { text: 'T', message: 'M' }, { text: 'M' }],
  ['unusable values skipped', { answer: null, content: {}, message: ['M'], text: 'T' }, { text: 'T' }],
  ['blank values skipped', { answer: ' \n ', content: '', text: 'T' }, { text: 'T' }],
  ['booleans skipped', { answer: true, text: 'T' }, { text: 'T' }],
  ['numbers count', { answer: 42.5 }, { text: '42.5' }],
  ['trimmed, inner breaks kept', { answer: '\n  line 1\n\nline 2  \n' }, { text: 'line 1\n\nline 2' }],
  ['nothing usable', { type: 'incoming', answer: null }, { kind: 'ignore' }],
  ['system line with nothing', { type: 'system' }, { kind: 'ignore' }],
  // quoted prefix: only in a reply to a voice turn (the frame says so, or a voice turn waits for its transcript)
  ['quoted question', { answer: '>What is X?\n\nX is Y.' }, { text: 'X is Y.', quoted: 'What is X?' }, VOICE],
  ['quote with space', { answer: '> (voice, 1.2 s)\n\nAnswer' }, { text: 'Answer', quoted: '(voice, 1.2 s)' }, VOICE],
  ['multi-line quote', { answer: '>Line 1\n> Line 2\n\nA\n\nB' }, { text: 'A\n\nB', quoted: 'Line 1\nLine 2' }, VOICE],
  ['quote without blank line', { answer: '>Q\nA' }, { text: 'A', quoted: 'Q' }, VOICE],
  ['quote only', { answer: '>Q' }, { kind: 'reply', quoted: 'Q' }, VOICE],
  ['empty quote', { answer: '>\n\nA' }, { text: 'A' }, VOICE],
  ['a bare > is kept as text', { answer: '>' }, { kind: 'reply', text: '>' }, VOICE],
  ['CRLF quote', { answer: '>Q\r\n\r\nA' }, { text: 'A', quoted: 'Q' }, VOICE],
  ['quote after leading space', { answer: '  >Q\n\nA' }, { text: 'A', quoted: 'Q' }, VOICE],
  ['> later is text', { answer: 'A > B\n> C' }, { text: 'A > B\n> C' }, VOICE],
  ['system lines keep >', { type: 'system', text: '>Q\n\nA' }, { kind: 'system', text: '>Q\n\nA' }, VOICE],
  [
    'one-line voice reply',
    { answer: ">What date is it? Today's date is Thursday." },
    { text: "Today's date is Thursday.", quoted: 'What date is it?' },
    VOICE,
  ],
  [
    'one-line: split after the first ?',
    { answer: '> Why? Because? Yes.' },
    { text: 'Because? Yes.', quoted: 'Why?' },
    VOICE,
  ],
  ['one-line question alone', { answer: '>What date is it?' }, { quoted: 'What date is it?' }, VOICE],
  ['one-line without ? is all question', { answer: '>what date is it' }, { quoted: 'what date is it' }, VOICE],
  ['two quote lines are not split at ?', { answer: '>A? B\n>C' }, { quoted: 'A? B\nC' }, VOICE],
  [
    'chat_type voice marks a voice reply',
    { chat_type: 'voice', answer: '>What date is it? Thursday.' },
    { text: 'Thursday.', quoted: 'What date is it?' },
  ],
  ['requestType audio marks a voice reply', { requestType: 'audio', answer: '>Q\n\nA' }, { text: 'A', quoted: 'Q' }],
  ['turn type is case-insensitive', { chat_type: 'VOICE', answer: '>Q\n\nA' }, { text: 'A', quoted: 'Q' }],
  [
    'a text reply keeps its Markdown quote',
    { answer: '> Stay hungry, stay foolish.\n\nSteve Jobs said that in 2005.' },
    { text: '> Stay hungry, stay foolish.\n\nSteve Jobs said that in 2005.' },
  ],
  [
    'a text reply keeps a one-line quote',
    { answer: ">What date is it? Today's date is Thursday." },
    { text: ">What date is it? Today's date is Thursday." },
  ],
  ['a text reply that is only a quote is kept', { answer: '>Q' }, { text: '>Q' }],
  ['voicePending false keeps the quote', { answer: '>Q\n\nA' }, { text: '>Q\n\nA' }, { voicePending: false }],
  [
    'chat_type text wins over a waiting voice turn',
    { chat_type: 'text', answer: '> A quote\n\nA' },
    { text: '> A quote\n\nA' },
    VOICE,
  ],
  ['requestType text wins too', { requestType: 'text', answer: '>Q? A' }, { text: '>Q? A' }, VOICE],
  [
    'an unknown chat_type defers to voicePending',
    { chat_type: 'video', answer: '>Q\n\nA' },
    { text: 'A', quoted: 'Q' },
    VOICE,
  ],
  [
    'echo keeps a one-line quote whole',
    { type: 'outgoing', answer: '>What date is it? Today' },
    { kind: 'echo', quoted: 'What date is it? Today' },
    VOICE,
  ],
  // an `event` with media plays like a reply; without media it stays a system line
  [
    'event with a media URL',
    { type: 'event', content: 'Hello', fileUrl: 'https://x.example/a.mp3' },
    { kind: 'reply', text: 'Hello', media: { url: 'https://x.example/a.mp3', type: 'audio' } },
  ],
  [
    'event with media only',
    { direction: 'event', fileUrl: 'https://x.example/a.mp4' },
    { kind: 'reply', media: { url: 'https://x.example/a.mp4', type: 'video' } },
  ],
  [
    'event with inline audio',
    { type: 'event', audio_base64: btoa(WAV) },
    { kind: 'reply', media: { data: bin(WAV), mime: 'audio/wav', type: 'audio' } },
  ],
  [
    'event with a refused URL stays a system line',
    { type: 'event', text: 'E', fileUrl: 'javascript:alert(1)' },
    { kind: 'system', text: 'E', problems: problem('url') },
  ],
  [
    'event with media answering a voice turn',
    { type: 'event', chat_type: 'voice', answer: '>Q? A', fileUrl: 'https://x.example/a.wav' },
    { kind: 'reply', text: 'A', quoted: 'Q?', media: { url: 'https://x.example/a.wav', type: 'audio' } },
  ],
  [
    'system line with media stays a system line',
    { type: 'system', text: 'S', fileUrl: 'https://x.example/a.mp3' },
    { kind: 'system', text: 'S', media: { url: 'https://x.example/a.mp3', type: 'audio' } },
  ],
  // media URL: fileUrl (also file_url)
  [
    'fileUrl audio',
    { fileUrl: 'https://cdn.example/r/a.mp3' },
    { media: { url: 'https://cdn.example/r/a.mp3', type: 'audio' } },
  ],
  ['file_url', { file_url: 'http://cdn.example/a.wav' }, { media: { url: 'http://cdn.example/a.wav', type: 'audio' } }],
  [
    'fileUrl first',
    { file_url: 'https://x.example/b.mp4', fileUrl: 'https://x.example/a.mp3' },
    { media: { url: 'https://x.example/a.mp3', type: 'audio' } },
  ],
  [
    'blank fileUrl skipped',
    { fileUrl: ' ', file_url: 'https://x.example/b.mp4' },
    { media: { url: 'https://x.example/b.mp4', type: 'video' } },
  ],
  ['null fileUrl', { answer: 'A', fileUrl: null }, { text: 'A' }],
  [
    'extension in query ignored',
    { fileUrl: 'https://x.example/a.mp4?f=.mp3' },
    { media: { url: 'https://x.example/a.mp4?f=.mp3', type: 'video' } },
  ],
  [
    'extension in hash ignored',
    { fileUrl: 'https://x.example/a.bin#x.mp3' },
    { media: { url: 'https://x.example/a.bin#x.mp3', type: 'auto' } },
  ],
  [
    'upper-case extension',
    { fileUrl: 'https://x.example/A.MOV' },
    { media: { url: 'https://x.example/A.MOV', type: 'video' } },
  ],
  [
    'no extension',
    { fileUrl: 'https://x.example/media/123' },
    { media: { url: 'https://x.example/media/123', type: 'auto' } },
  ],
  [
    'directory path',
    { fileUrl: 'https://x.example/a.mp3/' },
    { media: { url: 'https://x.example/a.mp3/', type: 'auto' } },
  ],
  [
    'href is normalised',
    { fileUrl: ' HTTPS://X.Example/a b.mp3 ' },
    { media: { url: 'https://x.example/a%20b.mp3', type: 'audio' } },
  ],
  [
    'blob URL',
    { fileUrl: 'blob:https://app.example/6c1f2e' },
    { media: { url: 'blob:https://app.example/6c1f2e', type: 'auto' } },
  ],
  [
    'data:audio',
    { fileUrl: 'data:audio/mpeg;base64,AAAA' },
    { media: { url: 'data:audio/mpeg;base64,AAAA', type: 'audio' } },
  ],
  [
    'data:video',
    { fileUrl: 'data:Video/MP4;base64,AAAA' },
    { media: { url: 'data:Video/MP4;base64,AAAA', type: 'video' } },
  ],
  [
    'relative with base',
    { fileUrl: '../media/r.m4v' },
    { media: { url: 'https://app.example/media/r.m4v', type: 'video' } },
    { baseUrl: 'https://app.example/chat/x' },
  ],
  ['relative without base', { answer: 'A', fileUrl: '/media/r.mp3' }, { text: 'A', problems: problem('url') }],
  ['javascript: refused', { answer: 'A', fileUrl: 'javascript:alert(1)' }, { text: 'A', problems: problem('url') }],
  ['refused URL only', { fileUrl: 'javascript:alert(1)' }, { kind: 'ignore', problems: problem('url') }],
];
for (const ext of ['mp4', 'webm', 'mov', 'm4v'])
  rows.push([
    `.${ext} is video`,
    { fileUrl: `https://x.example/r.${ext}` },
    { media: { url: `https://x.example/r.${ext}`, type: 'video' } },
  ]);
for (const ext of ['mp3', 'wav', 'm4a', 'aac', 'ogg', 'oga', 'opus', 'flac'])
  rows.push([
    `.${ext} is audio`,
    { fileUrl: `https://x.example/r.${ext}` },
    { media: { url: `https://x.example/r.${ext}`, type: 'audio' } },
  ]);

// inline media: file_base64_data, else audio_base64; sniffed from the first bytes
const EBML = '\x1aE\xdf\xa3\x9fB\x86\x81\x01';
const M4A = '\0\0\0\x20ftypM4A \0\0\0\0M4A mp42isom\0\0\0\0';
const FTYP = '\0\0\0\x18ftypisom\0\0\x02\0isomiso2';
const sniffed: [string, string, string][] = [
  ['RIFF', WAV, 'audio/wav'],
  ['OggS', 'OggS\0\x02', 'audio/ogg'],
  ['ID3', 'ID3\x04\0', 'audio/mpeg'],
  ['MPEG frame sync', '\xff\xfb\x90\x64', 'audio/mpeg'],
  ['AAC ADTS', '\xff\xf1\x50\x80', 'audio/aac'],
  ['fLaC', 'fLaC\0\0\0\x22', 'audio/flac'],
  ['M4A (ftyp M4A)', M4A, 'audio/mp4'],
  ['MP4 with a sound track only', FTYP + '\0\0\0\x21hdlr\0\0\0\0\0\0\0\0soun', 'audio/mp4'],
  [
    'MP4 with a video track',
    FTYP + '\0\0\0\x21hdlr\0\0\0\0\0\0\0\0soun\0\0\0\x21hdlr\0\0\0\0\0\0\0\0vide',
    'video/mp4',
  ],
  ['WebM audio', EBML + '\x86\x86A_OPUS', 'audio/webm'],
  ['WebM video', EBML + '\x86\x85V_VP8', 'video/webm'],
];
for (const [name, bytes, mime] of sniffed)
  rows.push([
    `inline ${name}`,
    { file_base64_data: btoa(bytes) },
    { media: { data: bin(bytes), mime, type: mime.startsWith('video') ? 'video' : 'audio' } },
  ]);
rows.push(
  ['audio_base64', { audio_base64: btoa(WAV) }, { media: { data: bin(WAV), mime: 'audio/wav', type: 'audio' } }],
  [
    'file_base64_data first',
    { audio_base64: btoa('OggS'), file_base64_data: btoa(WAV) },
    { media: { data: bin(WAV), mime: 'audio/wav', type: 'audio' } },
  ],
  [
    'data: prefix tolerated',
    { file_base64_data: 'data:audio/wav;base64,' + btoa(WAV) },
    { media: { data: bin(WAV), mime: 'audio/wav', type: 'audio' } },
  ],
  [
    'line breaks in base64',
    { file_base64_data: btoa(WAV).replace(/(.{4})/g, '$1\n') },
    { media: { data: bin(WAV), mime: 'audio/wav', type: 'audio' } },
  ],
  [
    'unknown bytes are still offered, as audio of no known type',
    { answer: 'A', file_base64_data: btoa('\x01\x02unknown') },
    { text: 'A', media: { data: bin('\x01\x02unknown'), mime: '', type: 'audio' } },
  ],
  [
    'declared data: type wins over sniffing',
    { file_base64_data: 'data:audio/mp4;base64,' + btoa(WAV) },
    { media: { data: bin(WAV), mime: 'audio/mp4', type: 'audio' } },
  ],
  [
    'declared video type',
    { file_base64_data: 'data:video/mp4;base64,' + btoa(M4A) },
    { media: { data: bin(M4A), mime: 'video/mp4', type: 'video' } },
  ],
  [
    'declared type with parameters, any case',
    { audio_base64: 'data:Audio/OGG;codecs=opus;base64,' + btoa('\x01\x02') },
    { media: { data: bin('\x01\x02'), mime: 'audio/ogg', type: 'audio' } },
  ],
  [
    'a declared type that is not media is sniffed',
    { file_base64_data: 'data:application/octet-stream;base64,' + btoa(M4A) },
    { media: { data: bin(M4A), mime: 'audio/mp4', type: 'audio' } },
  ],
  [
    'empty data: URL',
    { answer: 'A', file_base64_data: 'data:audio/wav;base64,' },
    { text: 'A', problems: problem('media-data') },
  ],
  ['not base64', { answer: 'A', audio_base64: '@@not base64@@' }, { text: 'A', problems: problem('media-data') }],
  [
    'URL wins over inline',
    { fileUrl: 'https://x.example/a.mp3', file_base64_data: btoa(WAV) },
    { media: { url: 'https://x.example/a.mp3', type: 'audio' } },
  ],
  [
    'refused URL falls back to inline',
    { fileUrl: 'vbscript:x', file_base64_data: btoa(WAV) },
    { media: { data: bin(WAV), mime: 'audio/wav', type: 'audio' }, problems: problem('url') },
  ],
  // time: timestamp (ISO or ms), else date (seconds < 1e12, else ms), else now
  [
    'timestamp ISO',
    { answer: 'A', timestamp: '2024-05-06T07:08:09.010Z' },
    { text: 'A', time: Date.UTC(2024, 4, 6, 7, 8, 9, 10) },
  ],
  ['timestamp ms', { answer: 'A', timestamp: 1_715_000_000_000 }, { text: 'A', time: 1_715_000_000_000 }],
  ['timestamp seconds', { answer: 'A', timestamp: 1_715_000_000 }, { text: 'A', time: 1_715_000_000_000 }],
  ['date seconds', { answer: 'A', date: 1_715_000_000.5 }, { text: 'A', time: 1_715_000_000_500 }],
  ['date ms', { answer: 'A', date: 1_715_000_000_001 }, { text: 'A', time: 1_715_000_000_001 }],
  ['date numeric string', { answer: 'A', date: '1715000000' }, { text: 'A', time: 1_715_000_000_000 }],
  [
    'timestamp wins',
    { answer: 'A', date: 1_600_000_000, timestamp: 1_715_000_000_000 },
    { text: 'A', time: 1_715_000_000_000 },
  ],
  [
    'bad timestamp → date',
    { answer: 'A', timestamp: 'soon', date: 1_600_000_000 },
    { text: 'A', time: 1_600_000_000_000 },
  ],
  ['bad times → now', { answer: 'A', timestamp: -5, date: 1e300 }, { text: 'A' }],
  ['denormal time → now', { answer: 'A', timestamp: 5e-324, date: 0 }, { text: 'A' }],
  // session
  ['session adopted', { answer: 'A', session: 'sess-1' }, { text: 'A', session: 'sess-1' }],
  ['session alone', { session: 'sess-1' }, { kind: 'ignore', session: 'sess-1' }],
  ['blank session', { answer: 'A', session: ' ' }, { text: 'A' }],
  ['non-string session', { answer: 'A', session: 7 }, { text: 'A' }],
  // error: `error` (string or object), or numeric status/code ≥ 400
  ['error string', { error: 'Bad request' }, { kind: 'ignore', error: { message: 'Bad request', recoverable: true } }],
  [
    'error object message',
    { error: { message: 'Nope' } },
    { kind: 'ignore', error: { message: 'Nope', recoverable: true } },
  ],
  [
    'error object detail',
    { error: { detail: 'Nope' } },
    { kind: 'ignore', error: { message: 'Nope', recoverable: true } },
  ],
  [
    'error object status',
    { error: { code: 402, message: 'Pay' } },
    { kind: 'ignore', error: { status: 402, message: 'Pay', recoverable: false } },
  ],
  ['error: true', { error: true }, { kind: 'ignore', error: { recoverable: true } }],
  [
    'type ERROR, no error field',
    { type: 'ERROR', message: 'bad' },
    { kind: 'ignore', error: { message: 'bad', recoverable: true } },
  ],
  ['direction error + text', { direction: 'error', text: 'T' }, { text: 'T', error: { recoverable: true } }],
  [
    'reference server error',
    { type: 'error', status: 503, error: 'all avatars busy' },
    { kind: 'ignore', error: { status: 503, message: 'all avatars busy', recoverable: true } },
  ],
  [
    'empty error object + message',
    { error: {}, message: 'bad' },
    { kind: 'ignore', error: { message: 'bad', recoverable: true } },
  ],
  [
    'type error + message',
    { type: 'error', message: 'invalid frame' },
    { kind: 'ignore', error: { message: 'invalid frame', recoverable: true } },
  ],
  [
    'status 402',
    { status: 402, message: 'Payment required' },
    { kind: 'ignore', error: { status: 402, message: 'Payment required', recoverable: false } },
  ],
  ['status 403', { status: 403 }, { kind: 'ignore', error: { status: 403, recoverable: true } }],
  ['status 401', { status: 401 }, { kind: 'ignore', error: { status: 401, recoverable: true } }],
  [
    'status 503',
    { status: 503, error: 'busy' },
    { kind: 'ignore', error: { status: 503, message: 'busy', recoverable: true } },
  ],
  ['code 504', { code: 504 }, { kind: 'ignore', error: { status: 504, recoverable: true } }],
  ['status string', { status: '500' }, { kind: 'ignore', error: { status: 500, recoverable: true } }],
  ['status 404', { status: 404 }, { kind: 'ignore', error: { status: 404, recoverable: false } }],
  ['status 429', { status: 429 }, { kind: 'ignore', error: { status: 429, recoverable: true } }],
  ['status 200', { status: 200, code: 'ok', answer: 'A' }, { text: 'A' }],
  ['empty error', { error: '', answer: 'A' }, { text: 'A' }],
  ['null error', { error: null, answer: 'A' }, { text: 'A' }],
  [
    'error with an answer',
    { status: 503, message: 'busy', answer: 'Sorry' },
    { text: 'Sorry', error: { status: 503, message: 'busy', recoverable: true } },
  ],
  [
    'error message shown once',
    { type: 'system', error: { message: 'E' }, message: 'M', text: 'T' },
    { kind: 'system', text: 'T', error: { message: 'E', recoverable: true } },
  ],
  [
    'error on a connection frame',
    { type: 'connection', status: 403 },
    { kind: 'ignore', error: { status: 403, recoverable: true } },
  ],
);

describe('parseServerFrame: protocol table', () => {
  for (const [name, frame, expected, opts] of rows)
    it(name, () => {
      const f = parse(frame, opts);
      const want = { kind: 'reply', text: '', time: NOW, problems: [], ...expected };
      // problem messages are free text: compare reasons, and check that each message says something
      f.problems.forEach(p => expect(p.message).to.be.a('string').and.not.equal(''));
      expect({ ...cooked(f), problems: f.problems.map(p => ({ ...p, message: '' })) }).to.deep.equal(want);
      expect(f.raw).to.deep.equal(frame);
    });
});

describe('parseServerFrame: frames that are not JSON objects', () => {
  it('non-JSON text is the avatar plain text, trimmed, raw as sent', () => {
    const f = parse('  Hello <b>there</b>\n');
    expect(cooked(f)).to.deep.equal({ kind: 'reply', text: 'Hello <b>there</b>', time: NOW, problems: [] });
    expect(f.raw).to.equal('Hello <b>there</b>');
  });

  it('non-JSON text may carry a quoted question (in a reply to a voice turn)', () => {
    expect(cooked(parse('>Q?\n\nA.')).text).to.equal('>Q?\n\nA.');
    expect(cooked(parse('>Q?\n\nA.', VOICE))).to.deep.equal({
      kind: 'reply',
      text: 'A.',
      quoted: 'Q?',
      time: NOW,
      problems: [],
    });
  });

  it('empty and blank frames are ignored without a problem', () => {
    for (const s of ['', ' \n\t '])
      expect(cooked(parse(s))).to.deep.equal({ kind: 'ignore', text: '', time: NOW, problems: [] });
  });

  it('broken JSON is a not-json-shape problem, not text', () => {
    for (const s of ['{"answer": "Hi"', '[1, 2', ' {oops}', '{' + 'x'.repeat(1000)]) {
      const f = parse(s);
      expect(f.kind, s).to.equal('ignore');
      expect(f.text).to.equal('');
      expect(f.problems.map(p => p.reason)).to.deep.equal(['not-json-shape']);
    }
  });

  it('JSON of the wrong shape is a not-json-shape problem', () => {
    for (const s of ['[]', '[{"answer":"Hi"}]', '42', '"Hello"', 'null', 'true', 'false', '-1e3']) {
      const f = parse(s);
      expect(f.kind, s).to.equal('ignore');
      expect(
        f.problems.map(p => p.reason),
        s,
      ).to.deep.equal(['not-json-shape']);
    }
  });

  it('binary frames are ignored with a binary problem', () => {
    const bytes = bin('{"answer":"Hi"}');
    for (const data of [bytes.buffer, bytes, new DataView(bytes.buffer), new Blob([bytes]), new File([bytes], 'x')]) {
      const f = parseServerFrame(data, { now: () => NOW });
      expect(cooked(f)).to.deep.include({ kind: 'ignore', text: '', time: NOW });
      expect(f.problems.map(p => p.reason)).to.deep.equal(['binary']);
    }
  });

  it('drops an oversized frame before parsing it, and keeps one at the limit', () => {
    const frame = JSON.stringify({ answer: 'x'.repeat(20) }); // 33 characters
    const over = parse(frame, { maxBytes: frame.length - 1 });
    expect(cooked(over)).to.deep.include({ kind: 'ignore', text: '' });
    expect(over.problems.map(p => p.reason)).to.deep.equal(['too-large']);
    expect(over.raw).to.equal(undefined);
    expect(parse(frame, { maxBytes: frame.length }).text).to.equal('x'.repeat(20));
    // broken JSON over the limit is reported as too large: it is never parsed
    expect(parse('{' + frame, { maxBytes: 10 }).problems.map(p => p.reason)).to.deep.equal(['too-large']);
  });

  it('the default limit is 16 MiB', () => {
    const big = '[' + 'x'.repeat(16 * 1024 * 1024 - 1); // 16 MiB exactly: parsed (broken JSON)
    expect(parse(big).problems.map(p => p.reason)).to.deep.equal(['not-json-shape']);
    expect(parse(big + 'x').problems.map(p => p.reason)).to.deep.equal(['too-large']);
  });

  it('accepts an already parsed object', () => {
    const o = { type: 'incoming', answer: 'Hi' };
    const f = parseServerFrame(o, { now: () => NOW });
    expect(cooked(f)).to.deep.equal({ kind: 'reply', text: 'Hi', time: NOW, problems: [] });
    expect(f.raw).to.equal(o);
  });

  it('uses Date.now without a clock', () => {
    const before = Date.now();
    const t = parseServerFrame('{"answer":"x"}').time;
    expect(t).to.be.within(before, Date.now());
  });
});

describe('safeUrl and hostile payloads', () => {
  const allowed = (href: string) => /^(https?:|blob:https?:|data:(audio|video)\/)/i.test(href);

  it('lets only the allowed schemes through fileUrl (no base URL)', () => {
    for (const { payload, hint, allowed: ok } of xssPayloads) {
      const f = parse({ answer: 'A', fileUrl: payload });
      const url = f.media && 'url' in f.media ? f.media.url : undefined;
      if (ok) {
        expect(url, payload).to.be.a('string');
        expect(allowed(url!), url).to.equal(true);
        expect(f.problems, payload).to.deep.equal([]);
      } else {
        expect(url, `${hint}: ${JSON.stringify(payload.slice(0, 60))}`).to.equal(undefined);
        expect(f.problems.map(p => p.reason)).to.deep.equal(['url']);
      }
      expect(f.text).to.equal('A');
    }
  });

  it('resolves relative payloads against a base URL but never to another scheme', () => {
    let resolved = 0;
    for (const { payload } of xssPayloads) {
      const f = parse({ fileUrl: payload }, { baseUrl: 'https://app.example/chat/' });
      const url = f.media && 'url' in f.media ? f.media.url : undefined;
      if (url === undefined) continue;
      resolved++;
      expect(allowed(url), url).to.equal(true);
      expect(url).not.to.match(/^\s*(javascript|vbscript|data:text|data:image|file|about)/i);
    }
    expect(resolved).to.be.greaterThan(xssPayloads.filter(p => p.allowed).length); // relative ones did resolve
    expect(safeUrl('//evil.example/x.mp3', 'https://app.example/')?.href).to.equal('https://evil.example/x.mp3');
    expect(safeUrl('&#106;avascript:alert(1)', 'https://app.example/c/')?.href).to.equal(
      'https://app.example/c/&#106;avascript:alert(1)',
    );
  });

  it('refuses tricks in any form', () => {
    for (const s of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      ' \fjavascript:alert(1)',
      'java\tscript:alert(1)',
      'https://x.example/a\n.mp3',
      'data:text/html,x',
      'data:;base64,AAAA',
      'blob:null/abc',
      'blob:data:audio/wav,x',
    ])
      expect(safeUrl(s, 'https://app.example/')?.href, JSON.stringify(s)).to.equal(undefined);
    // an unusable base fails closed: nothing resolves against it
    expect(safeUrl('https://x.example/a.mp3', 'not a base')?.href).to.equal(undefined);
    expect(safeUrl('https://x.example/a.mp3')?.href).to.equal('https://x.example/a.mp3');
  });

  it('returns every text payload verbatim (trimmed) from every text field', () => {
    for (const { payload } of xssPayloads) {
      expect(payload.trim()[0], 'fixture: a leading > would be read as a quote').not.to.equal('>');
      for (const field of ['answer', 'content', 'message', 'text']) {
        const f = parse({ [field]: payload });
        expect(f.text, `${field}: ${JSON.stringify(payload.slice(0, 60))}`).to.equal(payload.trim());
        expect(f.kind).to.equal('reply');
      }
      expect(parse({ type: 'system', text: payload }).text).to.equal(payload.trim());
      expect(parse({ type: 'outgoing', text: payload }).quoted).to.equal(payload.trim());
      const s = payload.trim();
      if (!/^[{[]/.test(s) && !isJson(s)) expect(parse(payload).text).to.equal(s);
    }
  });
});

function isJson(s: string) {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}
