/**
 * Capture AudioWorklet: downmixes its input to mono, resamples it to 16 kHz with our Resampler and posts, every
 * ~20 ms, the new samples (transferred) with the input's RMS level and the audio clock. On 'stop' it flushes, posts
 * 'done' and ends. Bundled by scripts/worklet.mjs into one script and loaded with `audioWorklet.addModule()`.
 */
import { WIRE_SAMPLE_RATE } from './format.js';
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
  /** One quantum; a closure over the state (short local names, no property lookups). */
  private run: (chans: Float32Array[]) => boolean;

  constructor() {
    super();
    const rs = new Resampler(sampleRate, WIRE_SAMPLE_RATE),
      port = this.port,
      // 16 kHz samples since the last frame: ~20 ms and a quantum at most (plus the flush), far below this
      out = new Float32Array(4096),
      mono = new Float32Array(128);
    // n: samples in out; sum, count: Σ x² and count of the (native rate) input since the last frame
    let n = 0,
      sum = 0,
      count = 0,
      last = -Infinity,
      stopped = false;
    const append = (x: Float32Array) => {
      out.set(x, n);
      n += x.length;
    };
    /** Posts the samples since the last frame (the transferred copy is the only allocation) and their level. */
    const post = () => {
      const data = out.slice(0, n).buffer;
      port.postMessage(
        { type: 'frame', data, level: Math.sqrt(sum / count) || 0, time: currentTime } satisfies WorkletMessage,
        [data],
      );
      n = 0;
      sum = 0;
      count = 0;
      last = currentTime;
    };
    // 'stop', the only ControlMessage: flush, post, 'done'; process() then returns false
    port.onmessage = () => {
      stopped = true;
      append(rs.flush());
      post();
      port.postMessage({ type: 'done' });
    };
    // Downmix (no input, nothing connected: a quantum of silence), measure, resample; a frame every 20 ms.
    this.run = chans => {
      if (stopped) return false;
      const c = chans.length;
      mono.fill(0);
      for (const ch of chans) for (let i = 0; i < 128; i++) mono[i] += ch[i] / c;
      for (const v of mono) sum += v * v;
      count += 128;
      append(rs.process(mono));
      if (currentTime - last >= 0.02) post();
      return true;
    };
  }

  /** One render quantum (128 frames) of the single input. */
  process([chans]: Float32Array[][]): boolean {
    return this.run(chans);
  }
}

registerProcessor(CAPTURE_PROCESSOR, CaptureProcessor);
