import { WIRE_SAMPLE_RATE } from './format.js';
import { decodeWavHeader, encodeWav } from './wav.js';

/**
 * Any audio the browser can decode, as a 16 kHz mono 16-bit WAV (returned as is when it already is one; other
 * files are decoded, mixed down to mono and resampled by an OfflineAudioContext). Rejects when it cannot be read.
 */
export async function toWireWav(audio: Blob | ArrayBuffer): Promise<Uint8Array> {
  const bytes = new Uint8Array(audio instanceof Blob ? await audio.arrayBuffer() : audio);
  const header = decodeWavHeader(bytes);
  const ready =
    header?.format === 1 &&
    header.sampleRate === WIRE_SAMPLE_RATE &&
    header.channels === 1 &&
    header.bitsPerSample === 16;
  if (ready) return bytes;
  const decoded = await new OfflineAudioContext(1, 1, WIRE_SAMPLE_RATE).decodeAudioData(bytes.slice().buffer);
  const channels = decoded.numberOfChannels;
  const mono = new Float32Array(decoded.length);
  for (let c = 0; c < channels; c++) {
    decoded.getChannelData(c).forEach((value, i) => {
      mono[i] += value / channels;
    });
  }
  return encodeWav(mono, WIRE_SAMPLE_RATE);
}
