/**
 * Capture AudioWorklet: downmixes its input to mono, resamples it to 16 kHz with our Resampler and posts, every
 * ~20 ms, the new samples (transferred) with the input's RMS level and the audio clock. On 'stop' it flushes, posts
 * 'done' and ends. Bundled by scripts/worklet.mjs into one script and loaded with `audioWorklet.addModule()`.
 */
import { Resampler } from './resampler.js';
import { CAPTURE_PROCESSOR, type WorkletMessage } from './messages.js';

// The AudioWorkletGlobalScope (not in TypeScript's DOM lib).
declare const sampleRate: number;
declare const currentTime: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor();
}
declare function registerProcessor(name: string, ctor: new () => AudioWorkletProcessor): void;

class CaptureProcessor extends AudioWorkletProcessor {
  private rs = new Resampler(sampleRate, 16000);
  /** 16 kHz samples since the last frame: ~20 ms and a quantum at most (plus the flush), far below this. */
  private out = new Float32Array(4096);
  private mono = new Float32Array(128);
  private n = 0;
  /** Σ x² and count of the (native rate) input since the last frame. */
  private sum = 0;
  private count = 0;
  private last = -Infinity;
  private stopped = false;

  constructor() {
    super();
    this.port.onmessage = () => this.stop(); // the only ControlMessage
  }

  private append(x: Float32Array) {
    this.out.set(x, this.n);
    this.n += x.length;
  }

  /** Posts the samples since the last frame (the transferred copy is the only allocation) and their level. */
  private post() {
    const data = this.out.slice(0, this.n).buffer,
      m: WorkletMessage = { type: 'frame', data, level: Math.sqrt(this.sum / this.count) || 0, time: currentTime };
    this.port.postMessage(m, [data]);
    this.n = this.sum = this.count = 0;
    this.last = currentTime;
  }

  private stop() {
    this.stopped = true;
    this.append(this.rs.flush());
    this.post();
    this.port.postMessage({ type: 'done' });
  }

  /** One render quantum (128 frames) of the single input: downmixed, measured, resampled. */
  process([chans]: Float32Array[][]): boolean {
    if (this.stopped) return false;
    const m = this.mono.fill(0), // no input (nothing connected): a quantum of silence
      c = chans.length;
    for (const ch of chans) for (let i = 0; i < 128; i++) m[i] += ch[i] / c;
    for (const v of m) this.sum += v * v;
    this.count += 128;
    this.append(this.rs.process(m));
    if (currentTime - this.last >= 0.02) this.post();
    return true;
  }
}

registerProcessor(CAPTURE_PROCESSOR, CaptureProcessor);
