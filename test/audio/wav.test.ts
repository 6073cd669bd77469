import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { base64Fallback, decodeWavHeader, encodeWav, toBase64 } from '../../src/audio/wav.js';

const ascii = (s: string) => Array.from(s, c => c.charCodeAt(0));
const le32 = (x: number) => [x & 255, (x >> 8) & 255, (x >> 16) & 255, x >>> 24];
/** The int16 samples of a WAV written by encodeWav, read back little-endian. */
const pcm = (wav: Uint8Array) => {
  const v = new DataView(wav.buffer, wav.byteOffset + 44);
  return Array.from({ length: (wav.length - 44) / 2 }, (_, i) => v.getInt16(2 * i, true));
};
/** Seeded bytes (xorshift32). */
const randomBytes = (n: number, seed = 1) => {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    b[i] = seed & 255;
  }
  return b;
};

/** Independent reference: base64 from the RFC 4648 definition, one 6-bit group at a time over a bit string. */
function referenceBase64(bytes: Uint8Array): string {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let bits = '';
  for (const b of bytes) bits += b.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; i < bits.length; i += 6) out += A[parseInt(bits.slice(i, i + 6).padEnd(6, '0'), 2)];
  return out + '='.repeat((4 - (out.length % 4)) % 4);
}
/** btoa of the bytes as a binary string (built without per-byte concatenation). */
const btoaOf = (bytes: Uint8Array) => {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 4096) parts.push(String.fromCharCode(...bytes.subarray(i, i + 4096)));
  return btoa(parts.join(''));
};

describe('encodeWav', () => {
  it('writes the exact 44-byte header and little-endian samples', () => {
    const wav = encodeWav(Float32Array.of(0, 0.5, -0.5, 1, -1), 16000);
    // prettier-ignore
    const expected = [
      0x52, 0x49, 0x46, 0x46, 0x2e, 0x00, 0x00, 0x00, 0x57, 0x41, 0x56, 0x45, // "RIFF", 36 + 10, "WAVE"
      0x66, 0x6d, 0x74, 0x20, 0x10, 0x00, 0x00, 0x00, // "fmt ", 16
      0x01, 0x00, 0x01, 0x00, 0x80, 0x3e, 0x00, 0x00, // PCM, mono, 16000 Hz
      0x00, 0x7d, 0x00, 0x00, 0x02, 0x00, 0x10, 0x00, // 32000 bytes/s, block align 2, 16 bits
      0x64, 0x61, 0x74, 0x61, 0x0a, 0x00, 0x00, 0x00, // "data", 10 bytes
      0x00, 0x00, 0x00, 0x40, 0x00, 0xc0, 0xff, 0x7f, 0x00, 0x80, // 0, 16384, -16384, 32767, -32768
    ];
    expect(Array.from(wav)).to.deep.equal(expected);
  });

  it('puts the rate, byte rate and sizes of other inputs in the header', () => {
    const wav = encodeWav(new Float32Array(3), 44100);
    expect(Array.from(wav.subarray(0, 44))).to.deep.equal([
      ...ascii('RIFF'),
      ...le32(36 + 6),
      ...ascii('WAVEfmt '),
      ...le32(16),
      1,
      0,
      1,
      0,
      ...le32(44100),
      ...le32(88200),
      2,
      0,
      16,
      0,
      ...ascii('data'),
      ...le32(6),
    ]);
    const empty = encodeWav(new Float32Array(0), 16000);
    expect(empty.length).to.equal(44);
    expect(Array.from(empty.subarray(4, 8))).to.deep.equal(le32(36));
    expect(Array.from(empty.subarray(40, 44))).to.deep.equal(le32(0));
  });

  it('clamps, maps NaN and -0 to 0, and rounds to nearest with halves up', () => {
    // [input, int16]: inputs are what a Float32Array holds, so exact halves exist only on the ×32768 side
    const cases: [number, number][] = [
      [-1, -32768],
      [1, 32767],
      [2, 32767],
      [-2, -32768],
      [Infinity, 32767],
      [-Infinity, -32768],
      [NaN, 0],
      [-0, 0],
      [1 / 32768, 1], // 0.99997
      [-1 / 32768, -1],
      [2.5 / 32768, 2], // 2.49992
      [-0.5 / 32768, 0], // exactly -0.5: halves go up
      [-1.5 / 32768, -1], // exactly -1.5
      [0.99999, 32767], // 32766.67
      [-0.99999, -32768], // -32767.67
    ];
    const out = pcm(
      encodeWav(
        Float32Array.from(cases, c => c[0]),
        16000,
      ),
    );
    expect(out).to.deep.equal(cases.map(c => c[1]));
  });

  it('quantises a ramp to within half a step of the exact value', () => {
    const x = Float32Array.from({ length: 4001 }, (_, i) => i / 2000 - 1);
    const out = pcm(encodeWav(x, 16000));
    x.forEach((s, i) => expect(Math.abs(out[i] - s * (s < 0 ? 32768 : 32767)), `sample ${i}`).to.be.at.most(0.5));
  });
});

describe('decodeWavHeader', () => {
  it('reads back what encodeWav wrote', () => {
    expect(decodeWavHeader(encodeWav(new Float32Array(5), 16000))).to.deep.equal({
      format: 1,
      sampleRate: 16000,
      channels: 1,
      bitsPerSample: 16,
      dataOffset: 44,
      dataBytes: 10,
    });
  });

  it('skips other chunks (with odd-size padding), reads WAVE_FORMAT_EXTENSIBLE, and honours byteOffset', () => {
    const fmt = [
      ...ascii('fmt '),
      ...le32(40),
      0xfe,
      0xff,
      2,
      0,
      ...le32(48000),
      ...le32(192000),
      4,
      0,
      16,
      0,
      22,
      0,
      16,
      0,
      ...le32(3),
      1,
      0,
      ...new Array(14).fill(0),
    ];
    const file = [
      ...ascii('RIFF'),
      ...le32(0),
      ...ascii('WAVE'),
      ...ascii('LIST'),
      ...le32(3),
      1,
      2,
      3,
      0, // odd chunk + pad byte
      ...fmt,
      ...ascii('data'),
      ...le32(8),
      ...new Array(8).fill(7),
    ];
    const buf = new Uint8Array(file.length + 5);
    buf.set(file, 5);
    expect(decodeWavHeader(buf.subarray(5))).to.deep.equal({
      format: 1,
      sampleRate: 48000,
      channels: 2,
      bitsPerSample: 16,
      dataOffset: file.length - 8,
      dataBytes: 8,
    });
  });

  it('cuts a declared data size to the bytes present', () => {
    const wav = encodeWav(new Float32Array(10), 16000).subarray(0, 50);
    expect(decodeWavHeader(wav)?.dataBytes).to.equal(6);
    const streamed = encodeWav(new Float32Array(2), 8000);
    new DataView(streamed.buffer).setUint32(40, 0xffffffff, true);
    expect(decodeWavHeader(streamed)?.dataBytes).to.equal(4);
  });

  it('returns null for anything that is not a RIFF/WAVE file with fmt and data', () => {
    const wav = encodeWav(new Float32Array(4), 16000);
    const id3 = Uint8Array.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const noData = wav.slice(0, 36);
    const notWave = wav.slice();
    notWave[8] = 0x41; // "AAVE"
    const noFmt = Uint8Array.from([...ascii('RIFF'), ...le32(12), ...ascii('WAVEdata'), ...le32(4), 0, 0, 0, 0]);
    for (const bad of [new Uint8Array(0), id3, wav.subarray(0, 11), noData, notWave, noFmt])
      expect(decodeWavHeader(bad)).to.equal(null);
  });
});

describe('base64', () => {
  const sizes = [0, 1, 2, 3, 4, 5, 6, 7, 255, 256, 24575, 24576, 24577, 49154, 100003];

  it('base64Fallback equals an independent reference encoder and btoa, across chunk boundaries', () => {
    for (const n of sizes) {
      const b = randomBytes(n, n + 1);
      const s = base64Fallback(b);
      expect(s, `${n} bytes`).to.equal(btoaOf(b));
      if (n < 30000) expect(s, `${n} bytes, reference`).to.equal(referenceBase64(b));
    }
    expect(base64Fallback(Uint8Array.from([0, 0x10, 0x83, 0x10, 0x51, 0x87, 0x20, 0x92, 0x8b, 0xff, 0xfe]))).to.equal(
      'ABCDEFGHIJKL//4=',
    );
  });

  it('base64Fallback encodes a view into a larger buffer (byteOffset), not the whole buffer', () => {
    const all = randomBytes(1000, 9);
    expect(base64Fallback(all.subarray(7, 500))).to.equal(referenceBase64(all.slice(7, 500)));
  });

  it('toBase64 without a native Uint8Array.prototype.toBase64 gives the same text', () => {
    const proto = Uint8Array.prototype as Uint8Array & { toBase64?: unknown };
    const saved = Object.getOwnPropertyDescriptor(proto, 'toBase64');
    delete proto.toBase64;
    try {
      expect('toBase64' in proto).to.equal(false);
      for (const n of sizes) {
        const b = randomBytes(n, 3 * n + 2);
        expect(toBase64(b), `${n} bytes`).to.equal(btoaOf(b));
      }
    } finally {
      if (saved) Object.defineProperty(proto, 'toBase64', saved);
    }
  });

  it('toBase64 uses the native method when the engine has one', () => {
    const proto = Uint8Array.prototype as Uint8Array & { toBase64?: () => string };
    const b = randomBytes(10);
    if (proto.toBase64) expect(toBase64(b)).to.equal(btoaOf(b)); // the real one, in this browser
    const had = Object.getOwnPropertyDescriptor(proto, 'toBase64');
    const fake = sinon.fake.returns('native!');
    Object.defineProperty(proto, 'toBase64', { value: fake, configurable: true, writable: true });
    try {
      expect(toBase64(b)).to.equal('native!');
      expect(fake.calledOnce && fake.firstCall.thisValue === b).to.equal(true);
    } finally {
      if (had) Object.defineProperty(proto, 'toBase64', had);
      else delete proto.toBase64;
    }
  });

  it('a WAV survives base64 both ways (decoded with atob)', () => {
    const wav = encodeWav(
      Float32Array.from({ length: 3001 }, (_, i) => Math.sin(i / 7) * 0.8),
      16000,
    );
    for (const s of [toBase64(wav), base64Fallback(wav)]) {
      const back = Uint8Array.from(atob(s), c => c.charCodeAt(0));
      expect(back.length).to.equal(wav.length);
      expect(back.every((x, i) => x === wav[i])).to.equal(true);
    }
  });
});
