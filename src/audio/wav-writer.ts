import { pcm16, writeWavHeader } from './wav.js';

/** Room for one second at 16 kHz to begin with; the buffer doubles when full. */
const INITIAL_SAMPLES = 16_000;

/**
 * A 16-bit PCM mono WAV written while recording: each frame's samples are converted as they come, so the end of a
 * turn only writes the header. The bytes are `encodeWav`'s for the same samples.
 */
export class WavWriter {
  readonly #sampleRate: number;
  #bytes = new Uint8Array(0);
  #view = new DataView(this.#bytes.buffer);
  #sampleCount = 0;

  constructor(sampleRate: number) {
    this.#sampleRate = sampleRate;
  }

  get sampleCount(): number {
    return this.#sampleCount;
  }

  append(samples: Float32Array): void {
    const at = 44 + 2 * this.#sampleCount;
    this.#reserve(at + 2 * samples.length);
    const v = this.#view;
    for (let i = 0; i < samples.length; i++) v.setInt16(at + 2 * i, pcm16(samples[i]), true);
    this.#sampleCount += samples.length;
  }

  /** The WAV of every sample appended since the last finish() or reset(); the writer starts over. */
  finish(): Uint8Array {
    this.#reserve(44);
    writeWavHeader(this.#view, { sampleCount: this.#sampleCount, sampleRate: this.#sampleRate });
    const wav = this.#bytes.subarray(0, 44 + 2 * this.#sampleCount);
    this.#bytes = new Uint8Array(0); // the WAV keeps the buffer
    this.#view = new DataView(this.#bytes.buffer);
    this.#sampleCount = 0;
    return wav;
  }

  /** Drops what was appended (the buffer is kept). */
  reset(): void {
    this.#sampleCount = 0;
  }

  /** Makes the buffer at least `bytes` long, keeping what is written. */
  #reserve(bytes: number): void {
    if (bytes <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(bytes, 2 * this.#bytes.length, 44 + 2 * INITIAL_SAMPLES));
    grown.set(this.#bytes.subarray(0, 44 + 2 * this.#sampleCount));
    this.#bytes = grown;
    this.#view = new DataView(grown.buffer);
  }
}
