/** What `decodeWavHeader` reads from a RIFF/WAVE file. */
export interface WavHeader {
  /** 1 = integer PCM, 3 = IEEE float (the sub-format of WAVE_FORMAT_EXTENSIBLE files). */
  format: number;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Byte offset of the first sample. */
  dataOffset: number;
  /** Bytes of sample data present (the declared size, cut to what the buffer holds). */
  dataBytes: number;
}

// Chunk ids as little-endian uint32: "RIFF", "WAVE", "fmt ", "data"
const RIFF = 0x46464952,
  WAVE = 0x45564157,
  FMT = 0x20746d66,
  DATA = 0x61746164;

/**
 * 16-bit PCM mono WAV: 44-byte header, little-endian samples (DataView, so on any host); see `pcm16` for the
 * samples. `WavWriter` (wav-writer.ts) writes the same bytes a frame at a time.
 */
export function encodeWav(samples: Float32Array, sampleRate: number): Uint8Array {
  const n = samples.length,
    out = new Uint8Array(44 + 2 * n),
    v = new DataView(out.buffer);
  writeWavHeader(v, { sampleCount: n, sampleRate });
  for (let i = 0; i < n; i++) v.setInt16(44 + 2 * i, pcm16(samples[i]), true);
  return out;
}

/** The 44-byte header of a 16-bit PCM mono WAV of `sampleCount` samples, at the start of `v`. */
export function writeWavHeader(v: DataView, { sampleCount, sampleRate }: { sampleCount: number; sampleRate: number }) {
  const n = sampleCount;
  // RIFF, size, WAVE, fmt, 16, PCM + 1 channel, rate, byte rate, block align 2 + 16 bits, data, size
  [RIFF, 36 + 2 * n, WAVE, FMT, 16, 0x10001, sampleRate, 2 * sampleRate, 0x100002, DATA, 2 * n].forEach((x, i) =>
    v.setUint32(4 * i, x, true),
  );
}

/**
 * One sample as 16-bit PCM: clamped to [-1, 1] (NaN → 0), scaled by 32768 if negative and 32767 otherwise, and
 * rounded to nearest, halves up (floor(x + 0.5), same as Math.round here): -1 → -32768, 1 → 32767, -0 → 0.
 */
export function pcm16(sample: number): number {
  const s = Math.max(-1, Math.min(1, sample || 0));
  return Math.floor(s * (s < 0 ? 32768 : 32767) + 0.5);
}

/** Reads the format and the data chunk's place from a RIFF/WAVE file; null if it is not one. */
export function decodeWavHeader(bytes: Uint8Array): WavHeader | null {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    u32 = (offset: number) => v.getUint32(offset, true),
    u16 = (offset: number) => v.getUint16(offset, true),
    end = bytes.byteLength;
  if (end < 12 || u32(0) !== RIFF || u32(8) !== WAVE) return null;
  let fmt: Omit<WavHeader, 'dataOffset' | 'dataBytes'> | undefined;
  for (let chunk = 12; chunk + 8 <= end;) {
    const size = u32(chunk + 4),
      body = chunk + 8;
    if (u32(chunk) === FMT && size >= 16 && body + 16 <= end) {
      const f = u16(body);
      fmt = {
        format: f === 0xfffe && size >= 26 && body + 26 <= end ? u16(body + 24) : f, // WAVE_FORMAT_EXTENSIBLE
        channels: u16(body + 2),
        sampleRate: u32(body + 4),
        bitsPerSample: u16(body + 14),
      };
    } else if (u32(chunk) === DATA)
      return fmt ? { ...fmt, dataOffset: body, dataBytes: Math.min(size, end - body) } : null;
    chunk = body + size + (size & 1);
  }
  return null;
}

/**
 * Base64 with `btoa` (main thread; the worklet scope has none, and never encodes): the bytes become a binary
 * string 32K characters per String.fromCharCode call, never byte by byte.
 */
export function base64Fallback(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]); // (a spread is 6× slower)
  return btoa(s);
}

/** Base64 of `bytes`: the native `Uint8Array.prototype.toBase64` where the engine has it, else `base64Fallback`. */
export function toBase64(bytes: Uint8Array): string {
  return (bytes as Uint8Array & { toBase64?: () => string }).toBase64?.() ?? base64Fallback(bytes);
}
