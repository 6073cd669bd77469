import { expect } from '@open-wc/testing';
import { encodeWav } from '../../src/audio/wav.js';
import { WavWriter } from '../../src/audio/wav-writer.js';

/** Seeded samples in [-1.2, 1.2) (xorshift32), with the edge cases encodeWav's test pins sprinkled in. */
function samples(n: number, seed = 7): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    out[i] = ((seed >>> 0) / 2 ** 32) * 2.4 - 1.2;
  }
  out.set([NaN, -0, 1, -1, 0.5 / 32767, -0.5 / 32768, Infinity, -Infinity], Math.floor(n / 2));
  return out;
}

/** `all` cut into frames of the given lengths, cycling through them. */
function frames(all: Float32Array, lengths: number[]): Float32Array[] {
  const out: Float32Array[] = [];
  for (let at = 0, i = 0; at < all.length; i++) {
    const length = lengths[i % lengths.length];
    out.push(all.subarray(at, at + length));
    at += length;
  }
  return out;
}

describe('WavWriter', () => {
  it('writes, frame by frame, the bytes encodeWav writes for all the samples at once (past the buffer doubling)', () => {
    const all = samples(40_000); // 2.5 s at 16 kHz: the 1 s buffer grows twice
    const writer = new WavWriter(16000);
    for (const frame of frames(all, [320, 0, 317, 128, 1])) writer.append(frame);
    expect(writer.sampleCount).to.equal(40_000);
    const wav = writer.finish();
    expect(wav).to.deep.equal(encodeWav(all, 16000));
  });

  it('starts over after finish(): the next WAV has only the new samples and the first is left as it was', () => {
    const first = samples(1000, 1);
    const second = samples(500, 2);
    const writer = new WavWriter(48000);
    writer.append(first);
    const wav1 = writer.finish();
    writer.append(second);
    const wav2 = writer.finish();
    expect(wav1).to.deep.equal(encodeWav(first, 48000));
    expect(wav2).to.deep.equal(encodeWav(second, 48000));
  });

  it('reset() drops what was appended; nothing appended gives the 44-byte header of an empty WAV', () => {
    const writer = new WavWriter(16000);
    writer.append(samples(300));
    writer.reset();
    expect(writer.sampleCount).to.equal(0);
    expect(writer.finish()).to.deep.equal(encodeWav(new Float32Array(), 16000));
    const kept = samples(200, 3);
    writer.append(samples(100, 4));
    writer.reset();
    writer.append(kept);
    expect(writer.finish()).to.deep.equal(encodeWav(kept, 16000));
  });
});
