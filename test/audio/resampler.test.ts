import { expect } from '@open-wc/testing';
import { Resampler } from '../../src/audio/resampler.js';

// Measurements follow the team's resampler bench: tones at -6 dBFS fed in 128-frame quanta through one
// reused buffer (as an AudioWorklet does), least-squares sine fit for level and SNR, output RMS for alias.
const OUT = 16000;
const AMP = 0.5;
const EDGE = 1600; // output samples (0.1 s) left out at each end of the analysis window

/** Seeded PRNG (mulberry32), so chunk sizes and noise are the same on every run. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const sine = (n: number, f: number, fs: number) =>
  Float32Array.from({ length: n }, (_, i) => AMP * Math.sin((2 * Math.PI * f * i) / fs));
const noise = (n: number, seed: number) => {
  const r = prng(seed);
  return Float32Array.from({ length: n }, () => AMP * (2 * r() - 1));
};

/** Feeds `x` in chunks of sizer() frames through ONE reused buffer; returns everything including flush(). */
function stream(r: Resampler, x: Float32Array, sizer: () => number = () => 128) {
  const parts: number[] = [];
  const scratch = new Float32Array(4096);
  for (let i = 0; i < x.length;) {
    const n = Math.min(sizer(), x.length - i);
    const chunk = scratch.subarray(0, n);
    chunk.set(x.subarray(i, i + n));
    parts.push(...r.process(chunk));
    chunk.fill(NaN); // the browser reuses the buffer: the resampler must have copied what it needs
    i += n;
  }
  const held = parts.length;
  parts.push(...r.flush());
  return { y: Float32Array.from(parts), held: parts.length - held };
}
const oneShot = (r: Resampler, x: Float32Array) => {
  const a = Float32Array.from(r.process(x.slice()));
  const b = r.flush();
  const y = new Float32Array(a.length + b.length);
  y.set(a);
  y.set(b, a.length);
  return y;
};

/** Least-squares fit of a·cos + b·sin at f over [EDGE, y.length - EDGE): amplitude in dB re AMP and SNR in dB. */
function fit(y: Float32Array, f: number) {
  const w = (2 * Math.PI * f) / OUT;
  const s = EDGE,
    e = y.length - EDGE;
  let cc = 0,
    ss = 0,
    cs = 0,
    yc = 0,
    ys = 0;
  for (let n = s; n < e; n++) {
    const c = Math.cos(w * n),
      si = Math.sin(w * n);
    cc += c * c;
    ss += si * si;
    cs += c * si;
    yc += y[n] * c;
    ys += y[n] * si;
  }
  const det = cc * ss - cs * cs,
    a = (yc * ss - ys * cs) / det,
    b = (ys * cc - yc * cs) / det;
  let sig = 0,
    res = 0;
  for (let n = s; n < e; n++) {
    const m = a * Math.cos(w * n) + b * Math.sin(w * n);
    sig += m * m;
    res += (y[n] - m) ** 2;
  }
  return { levelDb: 20 * Math.log10(Math.hypot(a, b) / AMP), snrDb: 10 * Math.log10(sig / res) };
}
/** Output RMS relative to the input tone's RMS, in dB. */
function aliasDb(y: Float32Array) {
  let acc = 0;
  for (let n = EDGE; n < y.length - EDGE; n++) acc += y[n] * y[n];
  return 10 * Math.log10(acc / (y.length - 2 * EDGE) / (AMP * AMP * 0.5));
}
/** Bit-for-bit equality (Object.is per sample), reporting the first difference instead of both arrays. */
function expectSame(actual: Float32Array, expected: Float32Array, what = '') {
  expect(actual.length, `${what} length`).to.equal(expected.length);
  const i = actual.findIndex((v, k) => !Object.is(v, expected[k]));
  expect(i, `${what} first differing sample${i < 0 ? '' : `: ${actual[i]} != ${expected[i]}`}`).to.equal(-1);
}
const tone = (fs: number, f: number, seconds = 1) =>
  stream(new Resampler(fs, OUT), sine(Math.round(seconds * fs), f, fs)).y;

describe('Resampler', () => {
  for (const fs of [48000, 44100]) {
    describe(`${fs} Hz → 16 kHz`, () => {
      it('chunking never changes the output: 128-frame and random chunks equal one call, bit for bit', () => {
        const x = noise(fs + 37, fs);
        const whole = oneShot(new Resampler(fs, OUT), x);
        const quanta = stream(new Resampler(fs, OUT), x).y;
        const rnd = prng(99);
        const random = stream(new Resampler(fs, OUT), x, () => 1 + Math.floor(rnd() * 1000)).y;
        expectSame(quanta, whole, '128-frame');
        expectSame(random, whole, 'random chunks');
      });

      it('emits round(N · 16000 / fs) samples in total after flush()', () => {
        for (const n of [0, 1, 127, 128, 1000, fs + 11]) {
          const { y } = stream(new Resampler(fs, OUT), noise(n, n));
          expect(y.length, `N = ${n}`).to.equal(Math.round((n * OUT) / fs));
        }
      });

      it('removes tones at 9–20 kHz (≤ −90 dB) and 8.5 kHz (≤ −60 dB)', () => {
        for (const f of [9000, 10000, 12000, 15000, 20000]) expect(aliasDb(tone(fs, f)), `${f} Hz`).to.be.below(-90);
        expect(aliasDb(tone(fs, 8500)), '8.5 kHz').to.be.below(-60);
      });

      it('keeps the pass band: 1 kHz within 0.1 dB, flat to 6 kHz, ≥ −0.5 dB at 7 kHz, SNR ≥ 100 dB', () => {
        const r = Object.fromEntries([100, 1000, 3000, 6000, 7000].map(f => [f, fit(tone(fs, f), f)]));
        expect(Math.abs(r[1000].levelDb)).to.be.below(0.1);
        for (const f of [100, 3000, 6000]) expect(Math.abs(r[f].levelDb), `${f} Hz level`).to.be.below(0.1);
        expect(r[7000].levelDb).to.be.above(-0.5);
        for (const f in r) expect(r[f].snrDb, `${f} Hz SNR`).to.be.above(100);
      });

      it('holds back no more than its stated latency (≤ 4 ms), and output is time-aligned', () => {
        const rs = new Resampler(fs, OUT);
        expect(rs.latency).to.be.above(0).and.at.most(0.004);
        const x = new Float32Array(fs / 2);
        const c = Math.round(fs / 4);
        x[c] = 1; // an impulse: the output peaks at the same moment, c · 16000 / fs
        const { y, held } = stream(rs, x);
        expect(held).to.be.at.most(Math.ceil(rs.latency * OUT) + 1);
        let peak = 0;
        for (let i = 1; i < y.length; i++) if (y[i] > y[peak]) peak = i;
        expect(Math.abs(peak - (c * OUT) / fs)).to.be.at.most(0.5);
      });
    });
  }

  it('passes 16 kHz through as an exact copy, with nothing held back', () => {
    const x = noise(1000, 3);
    x.set([-0, NaN, 1.5, -1e-40], 10);
    const rnd = prng(5);
    const { y, held } = stream(new Resampler(16000, OUT), x, () => 1 + Math.floor(rnd() * 300));
    expect(held).to.equal(0);
    expectSame(y, x);
  });

  for (const fs of [8000, 22050, 24000, 32000, 88200, 96000, 47999]) {
    it(`${fs} Hz: 1 kHz SNR ≥ 90 dB and level within 0.1 dB${fs > OUT ? ', alias ≤ −80 dB' : ''}, exact length`, () => {
      const r = fit(tone(fs, 1000, 0.5), 1000);
      expect(r.snrDb).to.be.above(90);
      expect(Math.abs(r.levelDb)).to.be.below(0.1);
      if (fs > OUT) expect(aliasDb(tone(fs, Math.min(12000, 0.45 * fs), 0.5))).to.be.below(-80);
      const x = noise(fs / 4 + 7, 8);
      const whole = oneShot(new Resampler(fs, OUT), x);
      expect(whole.length).to.equal(Math.round((x.length * OUT) / fs));
      expectSame(stream(new Resampler(fs, OUT), x).y, whole);
    });
  }

  it('does not keep a reference to its input: overwriting it between calls changes nothing', () => {
    const x = noise(128 * 40, 11);
    const rs = new Resampler(48000, OUT);
    const buf = new Float32Array(128);
    const parts: number[] = [];
    for (let i = 0; i < x.length; i += 128) {
      buf.set(x.subarray(i, i + 128));
      parts.push(...rs.process(buf));
      buf.fill(1e6);
    }
    parts.push(...rs.flush());
    expectSame(Float32Array.from(parts), oneShot(new Resampler(48000, OUT), x));
  });

  it('starts a fresh stream after flush(): reusing an instance equals a new one', () => {
    const rs = new Resampler(44100, OUT);
    const a = noise(3000, 1),
      b = noise(2000, 2);
    stream(rs, a);
    expectSame(stream(rs, b).y, stream(new Resampler(44100, OUT), b).y);
  });

  it('rejects rates that are not positive numbers', () => {
    for (const bad of [0, -48000, NaN]) expect(() => new Resampler(bad, OUT)).to.throw(RangeError);
    expect(() => new Resampler(48000, 0)).to.throw(RangeError);
  });
});
