/**
 * Capture AudioWorklet: downmixes its input to mono, resamples it to 16 kHz with our Resampler and posts, every
 * ~20 ms, the new samples (transferred) with the input's RMS level and the audio clock. On 'stop' it flushes, posts
 * 'done' and ends. Bundled by scripts/worklet.mjs into one script and loaded with `audioWorklet.addModule()`.
 */
import { Resampler } from './resampler.js';
import { CAPTURE_PROCESSOR, type CaptureOptions, type ControlMessage, type WorkletMessage } from './messages.js';

// The AudioWorkletGlobalScope (not in TypeScript's DOM lib).
declare const sampleRate: number;
declare const currentTime: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: AudioWorkletNodeOptions);
}
declare function registerProcessor(name: string, ctor: new (o: AudioWorkletNodeOptions) => AudioWorkletProcessor): void;

class CaptureProcessor extends AudioWorkletProcessor {
  private readonly rs = new Resampler(sampleRate, 16000);
  private readonly every: number;
  private readonly out: Float32Array;
  private mono = new Float32Array(128);
  private n = 0;
  private sum = 0;
  private count = 0;
  private last = -Infinity;
  private stopped = false;

  constructor(options: AudioWorkletNodeOptions) {
    super(options);
    this.every = 1 / ((options.processorOptions as CaptureOptions | undefined)?.frameRate ?? 50);
    this.out = new Float32Array(Math.ceil(16000 * this.every) + 1024);
    this.port.onmessage = (e: MessageEvent<ControlMessage>) => e.data.type === 'stop' && this.stop();
  }

  private append(x: Float32Array) {
    if (this.n + x.length > this.out.length) this.post();
    this.out.set(x, this.n);
    this.n += x.length;
  }

  /** Posts the samples since the last frame (the transferred copy is the only allocation) and their level. */
  private post() {
    const data = this.out.slice(0, this.n).buffer;
    const level = this.count ? Math.sqrt(this.sum / this.count) : 0;
    this.port.postMessage({ type: 'frame', data, level, time: currentTime } satisfies WorkletMessage, [data]);
    this.n = this.sum = this.count = 0;
    this.last = currentTime;
  }

  private stop() {
    if (this.stopped) return;
    this.stopped = true;
    this.append(this.rs.flush());
    this.post();
    this.port.postMessage({ type: 'done' } satisfies WorkletMessage);
  }

  process(inputs: Float32Array[][]): boolean {
    if (this.stopped) return false;
    const chans = inputs[0] ?? [];
    const c = chans.length;
    const len = c ? chans[0].length : this.mono.length; // no input (nothing connected): a quantum of silence
    if (this.mono.length !== len) this.mono = new Float32Array(len);
    const m = this.mono;
    if (c) m.set(chans[0]);
    else m.fill(0);
    for (let j = 1; j < c; j++) for (let i = 0, ch = chans[j]; i < len; i++) m[i] += ch[i];
    for (let i = 0; i < len; i++) {
      const v = c > 1 ? (m[i] /= c) : m[i];
      this.sum += v * v;
    }
    this.count += len;
    this.append(this.rs.process(m));
    if (currentTime - this.last >= this.every) this.post();
    return true;
  }
}

registerProcessor(CAPTURE_PROCESSOR, CaptureProcessor);
