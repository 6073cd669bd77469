// Baseline for the resampler bench (copied from the team's shared/bench/dsp/candidates/baselines.mjs):
// linear interpolation, no anti-alias filter. This is also what Chromium does when an AudioBuffer is
// played into an OfflineAudioContext of another rate. Streaming, returns a view valid until the next call.

function makeOut(n) {
  return new Float32Array(n);
}

class Linear {
  constructor(inRate, outRate) {
    this.inRate = inRate;
    this.outRate = outRate;
    this.inCount = 0;
    this.j = 0;
    this.prev = 0;
    this.out = makeOut(1024);
  }
  _ensure(n) {
    if (this.out.length < n) this.out = makeOut(n * 2);
  }
  process(x) {
    const { inRate, outRate } = this;
    const base = this.inCount,
      end = base + x.length;
    this._ensure(Math.ceil((x.length * outRate) / inRate) + 2);
    let k = 0;
    for (;;) {
      const pos = (this.j * inRate) / outRate;
      const i0 = Math.floor(pos);
      if (i0 + 1 >= end) break; // need input[i0+1]
      const f = pos - i0;
      const a = i0 - base >= 0 ? x[i0 - base] : this.prev; // i0 may be the last sample of previous chunk
      const b = x[i0 + 1 - base];
      this.out[k++] = a + (b - a) * f;
      this.j++;
    }
    if (x.length) this.prev = x[x.length - 1];
    this.inCount = end;
    return this.out.subarray(0, k);
  }
  flush() {
    // emit remaining outputs whose position lies in the last input interval (hold last sample)
    const { inRate, outRate } = this;
    const res = [];
    const total = Math.round((this.inCount * outRate) / inRate);
    while (this.j < total) {
      res.push(this.prev);
      this.j++;
    }
    return Float32Array.from(res);
  }
}

export const candidates = [
  {
    name: 'baseline: linear interp',
    streaming: true,
    create: (i, o) => new Linear(i, o),
    notes: 'no filter; also what Chrome AudioBufferSourceNode/OfflineAudioContext rate conversion does',
  },
];
