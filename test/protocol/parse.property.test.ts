import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { parseServerFrame, type ParsedFrame } from '../../src/protocol/parse.js';
import { safeUrl } from '../../src/protocol/url.js';

const KINDS = ['reply', 'system', 'echo', 'ignore'];
const REASONS = ['binary', 'too-large', 'not-json-shape', 'url', 'media-data'];
/** Sniffed types; '' is an unknown payload (still offered, as audio). Declared `data:` types may be any audio/video. */
const MIMES = [
  '',
  'audio/wav',
  'audio/ogg',
  'audio/mpeg',
  'audio/aac',
  'audio/webm',
  'video/webm',
  'audio/flac',
  'audio/mp4',
  'video/mp4',
];
const FIELDS = ['type', 'direction', 'answer', 'content', 'message', 'text', 'fileUrl', 'file_url'];
const MORE = ['file_base64_data', 'audio_base64', 'timestamp', 'date', 'session', 'error', 'status', 'code'];
const HOSTILE = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];

/** Throws (failing the property) unless `f` is a well-formed ParsedFrame. */
function wellFormed(f: ParsedFrame) {
  expect(KINDS).to.include(f.kind);
  expect(f.text).to.be.a('string');
  expect(f.text).to.equal(f.text.trim());
  expect(Number.isInteger(f.time) && f.time > 0 && !isNaN(new Date(f.time).getTime()), `time ${f.time}`).to.equal(true);
  expect(f.problems).to.be.an('array');
  for (const p of f.problems) {
    expect(REASONS).to.include(p.reason);
    expect(p.message).to.be.a('string').and.not.equal('');
  }
  if (f.quoted !== undefined) {
    expect(f.quoted).to.be.a('string');
    expect(f.quoted).to.equal(f.quoted.trim());
    expect(f.quoted).to.not.equal('');
  }
  if (f.session !== undefined) expect(f.session.trim()).to.not.equal('');
  if (f.error) {
    expect(f.error.recoverable).to.be.a('boolean');
    if (f.error.status !== undefined) expect(f.error.status).to.be.at.least(400);
    if (f.error.message !== undefined) expect(f.error.message).to.be.a('string');
  }
  const m = f.media;
  if (m && 'url' in m) {
    expect(safeUrl(m.url)?.href, m.url).to.equal(m.url);
    expect(['audio', 'video', 'auto']).to.include(m.type);
  } else if (m) {
    expect(m.data).to.be.instanceOf(Uint8Array);
    expect(m.data.length).to.be.greaterThan(0);
    if (!MIMES.includes(m.mime)) expect(m.mime).to.match(/^(audio|video)\/[\w.+-]+$/);
    expect(m.type).to.equal(m.mime.startsWith('video/') ? 'video' : 'audio');
  }
  if (f.kind == 'ignore' || f.kind == 'echo') expect(f.text).to.equal('');
  if (f.kind == 'ignore') expect(f.quoted ?? f.media).to.equal(undefined);
  else expect(!!(f.text || f.quoted || f.media), 'a kept frame has something to show').to.equal(true);
}

const run = (data: unknown, opts?: Parameters<typeof parseServerFrame>[1]) => {
  const f = parseServerFrame(data, opts);
  wellFormed(f);
  return f;
};
const numRuns = 300;
const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();

describe('parseServerFrame properties', () => {
  afterEach(() => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).to.deep.equal(protoBefore);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), s => {
        const f = run(s);
        // a non-blank string that is not JSON is always kept as text
        const t = s.trim();
        if (t && !/^[{[]/.test(t) && !isJson(t)) expect(f.text || f.quoted, JSON.stringify(s)).to.be.a('string');
      }),
      { numRuns },
    );
  });

  it('never throws on arbitrary JSON text, and wrong shapes are reported', () => {
    fc.assert(
      fc.property(fc.jsonValue(), v => {
        const f = run(JSON.stringify(v));
        const isObject = !!v && typeof v == 'object' && !Array.isArray(v);
        expect(f.problems.some(p => p.reason == 'not-json-shape')).to.equal(!isObject);
      }),
      { numRuns },
    );
  });

  it('never throws on arbitrary values passed as they are', () => {
    const any = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      key: fc.oneof(fc.string(), fc.constantFrom(...FIELDS, ...MORE, ...HOSTILE)),
    });
    fc.assert(
      fc.property(any, v => void run(v)),
      { numRuns },
    );
  });

  it('never throws on frames built from the protocol fields with arbitrary values', () => {
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom('incoming', 'OUTGOING', 'system', 'event', 'connection', 'error', ...HOSTILE),
      fc.webUrl(),
      fc.string().map(s => '>' + s),
      fc.uint8Array({ maxLength: 64 }).map(b => btoa(String.fromCharCode(...b))),
      fc.integer({ min: -1, max: 1e13 }),
    );
    const frame = fc.dictionary(fc.constantFrom(...FIELDS, ...MORE, ...HOSTILE), value);
    fc.assert(
      fc.property(frame, o => void run(JSON.stringify(o), { baseUrl: 'https://app.example/' })),
      { numRuns },
    );
  });

  it('binary frames are always dropped with a binary problem', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), fc.constantFrom('buffer', 'view', 'blob'), (b, as) => {
        const data = as == 'buffer' ? b.buffer : as == 'blob' ? new Blob([b]) : b;
        const f = run(data);
        expect(f.kind).to.equal('ignore');
        expect(f.problems.map(p => p.reason)).to.deep.equal(['binary']);
      }),
      { numRuns },
    );
  });

  it('inline media: arbitrary bytes are always offered, byte for byte', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }),
          fc
            .constantFrom('RIFF', 'OggS', 'ID3', '\xff\xfb', '\x1aE\xdf\xa3', 'fLaC', '\0\0\0\x18ftyp')
            .chain(m =>
              fc
                .uint8Array({ maxLength: 32 })
                .map(t => Uint8Array.from(m + String.fromCharCode(...t), c => c.charCodeAt(0))),
            ),
        ),
        b => {
          const f = run(JSON.stringify({ answer: 'A', file_base64_data: btoa(String.fromCharCode(...b)) }));
          if (!b.length)
            expect([f.media, f.problems]).to.deep.equal([undefined, []]); // an empty field is no media
          else expect([f.media && 'data' in f.media && f.media.data, f.problems]).to.deep.equal([b, []]);
        },
      ),
      { numRuns },
    );
  });

  it('http(s) URLs survive as media; anything that survives is allowed', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), u => {
        const f = run(JSON.stringify({ fileUrl: u }));
        expect(f.media && 'url' in f.media && f.media.url).to.equal(new URL(u).href);
      }),
      { numRuns },
    );
    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom('', 'javascript:', 'data:', 'blob:', 'vbscript:', 'https:'),
        (s, scheme) => {
          const f = run(JSON.stringify({ fileUrl: scheme + s }), { baseUrl: 'https://app.example/' });
          if (f.media && 'url' in f.media)
            expect(f.media.url).to.match(/^(https?:|blob:https?:|data:(audio|video)\/)/i);
        },
      ),
      { numRuns },
    );
  });

  it('survives 10 000-level nesting', () => {
    const n = 10_000;
    const arrays = '['.repeat(n) + ']'.repeat(n);
    const objects = '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    expect(run(arrays).problems.map(p => p.reason)).to.deep.equal(['not-json-shape']);
    expect(run('['.repeat(n)).problems.map(p => p.reason)).to.deep.equal(['not-json-shape']);
    expect(run('{"a":'.repeat(n)).problems.map(p => p.reason)).to.deep.equal(['not-json-shape']);
    const f = run(objects);
    expect([f.kind, f.problems.length]).to.deep.equal(['ignore', 0]);
    const g = run(`{"answer":"deep","fileUrl":${arrays},"error":${objects}}`);
    expect([g.kind, g.text, g.error?.recoverable]).to.deep.equal(['reply', 'deep', true]);
  });

  it('keeps very long text whole', () => {
    const text = 'é'.repeat(2_000_000) + '<img src=x onerror=alert(1)>';
    expect(run(JSON.stringify({ answer: text })).text).to.equal(text);
    expect(run(text).text).to.equal(text);
    const f = run(JSON.stringify({ answer: text }), { maxBytes: 1000 });
    expect(f.problems.map(p => p.reason)).to.deep.equal(['too-large']);
  });

  it('never drops an answer: a reply to a text turn comes back whole, a voice reply keeps every word', () => {
    const answer = fc.oneof(
      fc.string(),
      fc
        .tuple(fc.constantFrom('>', '> ', '>>'), fc.string(), fc.constantFrom('', '?', '? ', '\n', '\n\n'), fc.string())
        .map(p => p.join('')),
    );
    const words = (s: string) => s.replace(/[>\s]/g, '');
    fc.assert(
      fc.property(answer, fc.constantFrom('text', 'voice'), (a, turn) => {
        const f = run(JSON.stringify({ answer: a }), { voicePending: turn === 'voice' });
        if (turn === 'text') expect(f.text).to.equal(a.trim());
        else expect(words((f.quoted ?? '') + (f.text ?? ''))).to.equal(words(a));
      }),
      { numRuns },
    );
  });

  it('__proto__ and constructor keys do not pollute prototypes', () => {
    const frames = [
      '{"__proto__":{"polluted":1},"answer":"x"}',
      '{"constructor":{"prototype":{"polluted":1}},"answer":"x"}',
      '{"type":"__proto__","error":{"__proto__":{"polluted":1}},"session":"s"}',
      '{"answer":{"__proto__":{"polluted":1}},"fileUrl":{"constructor":{"prototype":{"polluted":1}}}}',
    ];
    for (const s of frames) {
      const f = run(s);
      expect((f as unknown as Record<string, unknown>).polluted, s).to.equal(undefined);
      expect((f.error as Record<string, unknown> | undefined)?.polluted).to.equal(undefined);
    }
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(...HOSTILE, ...FIELDS),
          fc.dictionary(fc.constantFrom(...HOSTILE), fc.jsonValue({ maxDepth: 1 })),
        ),
        o => void run(JSON.stringify(o)),
      ),
      { numRuns: 100 },
    );
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
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
