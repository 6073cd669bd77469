/** Audio test helpers: tone measurement (windowed Goertzel), a WAV parser, tone streams, counted AudioContexts. */

const windows = new Map<number, Float64Array>();
/** 4-term Blackman–Harris window (side lobes −92 dB). */
function blackmanHarris(n: number): Float64Array {
  let w = windows.get(n);
  if (!w) {
    w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x = (2 * Math.PI * i) / (n - 1);
      w[i] = 0.35875 - 0.48829 * Math.cos(x) + 0.14128 * Math.cos(2 * x) - 0.01168 * Math.cos(3 * x);
    }
    windows.set(n, w);
  }
  return w;
}

/** Amplitude of the sine component at `hz` (Blackman–Harris windowed Goertzel, amplitude-corrected). */
export function toneAmplitude(x: ArrayLike<number>, rate: number, hz: number): number {
  const n = x.length;
  const w = blackmanHarris(n);
  const k = 2 * Math.cos((2 * Math.PI * hz) / rate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const s0 = x[i] * w[i] + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - k * s1 * s2;
  return (2 * Math.sqrt(Math.max(0, power))) / (n * 0.35875);
}

/** The frequency with the largest windowed amplitude between `lo` and `hi` (scan, then refine). */
export function dominantFrequency(x: ArrayLike<number>, rate: number, lo = 50, hi = rate / 2 - 50): number {
  let step = Math.max(1, (2 * rate) / x.length);
  let best = lo;
  for (let pass = 0; pass < 2; pass++, step /= 10) {
    let top = -1;
    const [a, b] = pass ? [best - 10 * step, best + 10 * step] : [lo, hi];
    for (let f = a; f <= b; f += step) {
      const amp = toneAmplitude(x, rate, f);
      if (amp > top) ((top = amp), (best = f));
    }
  }
  return best;
}

export function rms(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s / Math.max(1, x.length));
}

export const db = (a: number, ref: number) => 20 * Math.log10(a / ref);

/** RMS of consecutive blocks of `size` samples. */
export function envelope(x: Float32Array, size: number): number[] {
  const out: number[] = [];
  for (let i = 0; i + size <= x.length; i += size) out.push(rms(x.subarray(i, i + size)));
  return out;
}

/** Parses a canonical 44-byte-header PCM WAV (independently of src/audio/wav.ts). */
export function parseWav(bytes: Uint8Array) {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  const dataSize = v.getUint32(40, true);
  const samples = new Int16Array(dataSize / 2);
  for (let i = 0; i < samples.length; i++) samples[i] = v.getInt16(44 + 2 * i, true);
  return {
    riff: tag(0),
    riffSize: v.getUint32(4, true),
    wave: tag(8),
    fmt: tag(12),
    fmtSize: v.getUint32(16, true),
    format: v.getUint16(20, true),
    channels: v.getUint16(22, true),
    sampleRate: v.getUint32(24, true),
    byteRate: v.getUint32(28, true),
    blockAlign: v.getUint16(32, true),
    bitsPerSample: v.getUint16(34, true),
    data: tag(36),
    dataSize,
    samples,
  };
}

/**
 * A MediaStream from its own AudioContext (48 kHz by default) playing sine tones of equal timing. `gated`: silent
 * until `play()` schedules the gate ([gain, seconds] segments, starting `lead` s later). A gate that started open
 * and closed at play() would leak a blip of tone into whatever records first (WebKit shows it in the pre-roll).
 */
export function toneStream(tones: { hz: number; amp: number }[], { rate = 48000, gated = false } = {}) {
  const ctx = new AudioContext({ sampleRate: rate });
  const gate = new GainNode(ctx, { gain: gated ? 0 : 1 });
  const out = new MediaStreamAudioDestinationNode(ctx);
  gate.connect(out);
  const oscs = tones.map(({ hz, amp }) => {
    const o = new OscillatorNode(ctx, { frequency: hz });
    o.connect(new GainNode(ctx, { gain: amp })).connect(gate);
    o.start();
    return o;
  });
  void ctx.resume();
  return {
    ctx,
    stream: out.stream,
    /** Schedules the gate from now + `lead` s; returns the context time at which the schedule ends. */
    play(segments: [number, number][], lead = 0.05): number {
      let t = ctx.currentTime + lead;
      gate.gain.setValueAtTime(0, ctx.currentTime);
      for (const [g, s] of segments) (gate.gain.setValueAtTime(g, t), (t += s));
      return t;
    },
    close: () => (oscs.forEach(o => o.stop()), ctx.close()),
  };
}

/** An AudioContext subclass that records its instances and constructor arguments. */
export function countedAudioContext(extra?: (ctx: AudioContext) => void) {
  const made: AudioContext[] = [];
  const args: unknown[][] = [];
  class Counted extends AudioContext {
    constructor(...a: unknown[]) {
      super(...(a as [AudioContextOptions?]));
      made.push(this);
      args.push(a);
      extra?.(this);
    }
  }
  return { AudioContext: Counted as typeof AudioContext, made, args };
}

/**
 * A canonical 44-byte-header 16-bit mono PCM WAV of `seconds` at `rate`, each sample from `sample(i)` (−1…1; silence
 * by default). Written here, independently of src/audio/wav.ts, so the tests do not check the encoder with itself.
 */
export function makeWav(
  rate: number,
  seconds: number,
  sample: (i: number) => number = () => 0,
): Uint8Array<ArrayBuffer> {
  const n = Math.round(rate * seconds);
  const view = new DataView(new ArrayBuffer(44 + n * 2));
  const tag = (at: number, text: string) => [...text].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  tag(0, 'RIFF');
  view.setUint32(4, 36 + n * 2, true);
  tag(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  tag(36, 'data');
  view.setUint32(40, n * 2, true);
  for (let i = 0; i < n; i++) view.setInt16(44 + i * 2, Math.round(32767 * sample(i)), true);
  return new Uint8Array(view.buffer);
}

/** Standard base64 of bytes (what a voice turn's `file_base64_data` holds). */
export function base64Of(bytes: Uint8Array): string {
  let binary = '';
  bytes.forEach(b => (binary += String.fromCharCode(b)));
  return btoa(binary);
}
