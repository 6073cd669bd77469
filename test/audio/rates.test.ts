// The capture path at the rates real devices run AudioContexts at (Bluetooth headsets 8/16 kHz, USB and built-in
// 44.1/48 kHz, studio interfaces 96 kHz, and the rest): a tone of known frequency and length, played into the
// capture worklet by an oscillator in a context at that rate (sample-accurate start and stop, no microphone), must
// come out as a 16 kHz WAV with that tone, that long, at that level, and nothing folded down from above 8 kHz.
// Runs in every engine (npm test: Chromium; npm run test:browsers: Firefox ESR, WebKitGTK).
import { expect, waitUntil } from '@open-wc/testing';
import workletSource from 'avatar-chat:worklet-source';
import { ReactiveElement } from 'lit';
import { CAPTURE_PROCESSOR, type WorkletMessage } from '../../src/audio/messages.js';
import { encodeWav } from '../../src/audio/wav.js';
import { RecorderController, type Recording } from '../../src/controllers/recorder-controller.js';
import { db, dominantFrequency, parseWav, rms, toneAmplitude, toneStream } from '../helpers/audio.js';
import { engine } from '../helpers/engine.js';

const RATES = [8000, 16000, 22050, 24000, 32000, 44100, 48000, 96000];
const TONE = { hz: 1000, amp: 0.5, seconds: 1 };

/**
 * Runs the capture worklet in a context at `rate` with a `TONE` burst (and, when the rate allows, a tone at `high`
 * Hz, above the 16 kHz output's Nyquist frequency) from 0.1 s on; returns the 16 kHz samples it posted.
 */
async function capture(rate: number, high?: number): Promise<Float32Array> {
  const ctx = new AudioContext({ sampleRate: rate });
  const url = URL.createObjectURL(new Blob([workletSource], { type: 'text/javascript' }));
  try {
    expect(ctx.sampleRate).to.equal(rate);
    await ctx.audioWorklet.addModule(url);
    const node = new AudioWorkletNode(ctx, CAPTURE_PROCESSOR);
    const frames: Float32Array[] = [];
    let done = false;
    node.port.onmessage = ({ data }: MessageEvent<WorkletMessage>) => {
      if (data.type === 'frame') frames.push(new Float32Array(data.data));
      else done = true;
    };
    await ctx.resume();
    const t0 = ctx.currentTime + 0.1;
    const end = t0 + TONE.seconds;
    for (const [hz, amp] of high
      ? [
          [TONE.hz, TONE.amp],
          [high, TONE.amp],
        ]
      : [[TONE.hz, TONE.amp]]) {
      const osc = new OscillatorNode(ctx, { frequency: hz });
      osc.connect(new GainNode(ctx, { gain: amp })).connect(node);
      osc.start(t0);
      osc.stop(end);
    }
    await waitUntil(() => ctx.currentTime > end + 0.2, 'the context did not play', { timeout: 5000 });
    node.port.postMessage({ type: 'stop' });
    await waitUntil(() => done, 'the worklet did not answer stop');
    const samples = new Float32Array(frames.reduce((n, f) => n + f.length, 0));
    let at = 0;
    for (const f of frames) {
      samples.set(f, at);
      at += f.length;
    }
    return samples;
  } finally {
    URL.revokeObjectURL(url);
    await ctx.close();
  }
}

/** The burst's first and last samples above half the tone's amplitude, in a 16 kHz WAV's samples. */
function burst(x: Float32Array) {
  const loud = (i: number) => Math.abs(x[i]) > TONE.amp / 2;
  const first = x.findIndex((_, i) => loud(i));
  let last = x.length - 1;
  while (last > 0 && !loud(last)) last--;
  return { first, last };
}

describe('capture at every device rate → 16 kHz WAV', () => {
  for (const rate of RATES) {
    // A tone the output cannot carry (above 8 kHz), below the context's own Nyquist frequency: 12 kHz would
    // fold to 4 kHz, 10 kHz to 6 kHz.
    const high = rate >= 32000 ? 12000 : rate >= 22050 ? 10000 : undefined;
    it(`${rate / 1000} kHz: a 1 kHz tone of 1 s comes out 1 kHz, 1 s long, at its level${high ? `; ${high / 1000} kHz is filtered out` : ''}`, async () => {
      const wav = parseWav(encodeWav(await capture(rate, high), 16000));
      expect(wav).to.include({ sampleRate: 16000, channels: 1, bitsPerSample: 16 });
      const x = Float32Array.from(wav.samples, s => s / 32768);

      // The burst: from the first to the last sample above half the tone's amplitude (the crossings sit within a
      // period, 16 samples, of the true edges), so 1 s give or take 1 ms.
      const { first, last } = burst(x);
      expect(first, 'no tone').to.be.greaterThan(0);
      expect((last - first) / 16000).to.be.closeTo(TONE.seconds, 0.001);
      // ~0.1 s of silence before it, ~0.2 s after it (all of it reached the WAV)
      expect(first / 16000).to.be.within(0.05, 0.2);
      expect((x.length - last) / 16000).to.be.within(0.15, 0.5);

      const middle = x.subarray(first + 1600, last - 1600);
      expect(dominantFrequency(middle, 16000)).to.be.closeTo(TONE.hz, 0.5);
      const a = toneAmplitude(middle, 16000, TONE.hz);
      expect(a).to.be.closeTo(TONE.amp, 0.005);
      if (high) expect(db(toneAmplitude(middle, 16000, 16000 - high), a)).to.be.at.most(-70);
    });
  }
});

class Host extends ReactiveElement {}
customElements.define(`rates-host-${Math.random().toString(36).slice(2)}`, Host);

describe('the recorder in a context at every device rate', () => {
  for (const rate of RATES) {
    it(`${rate / 1000} kHz: a microphone stream's 1 s tone becomes a 1 s, 1 kHz turn`, async () => {
      // The microphone: a stream from a context at the same rate (a device runs input and output at one rate).
      const src = toneStream([{ hz: TONE.hz, amp: TONE.amp }], { rate, gated: true });
      class AtDeviceRate extends AudioContext {
        constructor() {
          super({ sampleRate: rate });
        }
      }
      const host = document.body.appendChild(new Host());
      const stops: Recording[] = [];
      const errors: unknown[] = [];
      /** [audio clock (ms), 16 kHz samples received so far] at each frame */
      const levels: [number, number][] = [];
      const rec = new RecorderController(host, {
        getUserMedia: async () => src.stream,
        AudioContext: AtDeviceRate,
        onLevel: (_, timeMs) => levels.push([timeMs, rec.durationMs * 16]),
        onStop: r => stops.push(r),
        onError: (...e) => errors.push(e),
      });
      try {
        await rec.start();
        expect(errors).to.deep.equal([]);
        expect(rec.state).to.equal('recording');
        const end = src.play(
          [
            [1, TONE.seconds],
            [0, 0.3],
          ],
          0.3,
        );
        await waitUntil(() => src.ctx.currentTime > end, 'the tone did not play', { timeout: 5000 });
        await rec.stop();
        expect(stops).to.have.length(1);
        const x = stops[0].samples;
        const { first, last } = burst(x);
        expect(first, 'no tone').to.be.greaterThan(0);
        // The length, exactly: the 16 kHz samples that arrived between two frames match the recording context's own
        // clock between them, to a sample.
        const [t0, n0] = levels[3];
        const [t1, n1] = levels.at(-2)!; // the last one posted while running (the final one is posted at stop)
        expect(Math.abs(n1 - n0 - (t1 - t0) * 16)).to.be.at.most(1);
        expect(n1 - n0).to.be.greaterThan(16000);
        const middle = x.subarray(first + 1600, last - 1600);
        if (engine === 'webkit') {
          // WebKit's stream between two contexts is no known signal under load: it drops and repeats audio (seen in
          // full runs: the burst 11–26 ms too long, 1001.5 Hz, an RMS of 0.289 for 0.354). The tone's figures are
          // the worklet tests' above (fed directly, exact in WebKit too); here the tone must arrive converted at the
          // right rate (a wrong conversion is 8 % off or more: 1088 Hz for 44.1 kHz taken as 48).
          expect(dominantFrequency(middle, 16000)).to.be.closeTo(TONE.hz, 5);
        } else {
          // A stream between two contexts can lose or repeat a few ms under load (see the recorder's tests): ±10 ms.
          expect((last - first) / 16000).to.be.closeTo(TONE.seconds, 0.01);
          expect(dominantFrequency(middle, 16000)).to.be.closeTo(TONE.hz, 1);
          expect(rms(middle)).to.be.closeTo(TONE.amp / Math.SQRT2, 0.02); // a tone's RMS is amp/√2
        }
      } finally {
        host.remove();
        await src.close();
      }
    });
  }
});
