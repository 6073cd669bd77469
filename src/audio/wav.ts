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

/**
 * 16-bit PCM mono WAV: 44-byte header, little-endian samples (written byte by byte, so on any host).
 * Each sample is clamped to [-1, 1] (NaN → 0), scaled by 32768 if negative and 32767 otherwise, and
 * rounded to nearest, halves up (floor(x + 0.5), same as Math.round here): -1 → -32768, 1 → 32767, -0 → 0.
 */
export function encodeWav(samples: Float32Array, sampleRate: number): Uint8Array {
  const n = samples.length,
    out = new Uint8Array(44 + 2 * n),
    v = new DataView(out.buffer);
  // "RIFF", size, "WAVE", "fmt ", 16, PCM + 1 channel, rate, byte rate, block align 2 + 16 bits, "data", size
  [
    0x46464952,
    36 + 2 * n,
    0x45564157,
    0x20746d66,
    16,
    0x10001,
    sampleRate,
    2 * sampleRate,
    0x100002,
    0x61746164,
    2 * n,
  ].forEach((x, i) => v.setUint32(4 * i, x, true));
  for (let i = 0, o = 44; i < n; i++, o += 2) {
    let s = samples[i];
    s = s > 1 ? 1 : s < -1 ? -1 : s || 0;
    const x = Math.floor(s * (s < 0 ? 32768 : 32767) + 0.5);
    out[o] = x;
    out[o + 1] = x >> 8;
  }
  return out;
}

/** Reads the format and the data chunk's place from a RIFF/WAVE file; null if it is not one. */
export function decodeWavHeader(bytes: Uint8Array): WavHeader | null {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    id = (o: number) => v.getUint32(o, true),
    end = bytes.byteLength;
  if (end < 12 || id(0) != 0x46464952 || id(8) != 0x45564157) return null; // "RIFF" … "WAVE"
  let fmt: WavHeader | null = null;
  for (let o = 12; o + 8 <= end;) {
    const size = id(o + 4),
      body = o + 8;
    if (id(o) == 0x20746d66 && size >= 16 && body + 16 <= end) {
      const f = v.getUint16(body, true);
      fmt = {
        format: f == 0xfffe && size >= 26 && body + 26 <= end ? v.getUint16(body + 24, true) : f,
        channels: v.getUint16(body + 2, true),
        sampleRate: id(body + 4),
        bitsPerSample: v.getUint16(body + 14, true),
        dataOffset: 0,
        dataBytes: 0,
      };
    } else if (id(o) == 0x61746164) return fmt && { ...fmt, dataOffset: body, dataBytes: Math.min(size, end - body) };
    o = body + size + (size & 1);
  }
  return null;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Base64 in plain ECMAScript (no btoa, no TextDecoder: runs in worklets and Node too). Encodes into ASCII
 * bytes, then turns them into a string 32K characters per String.fromCharCode call.
 */
export function base64Fallback(bytes: Uint8Array): string {
  const n = bytes.length,
    whole = n - (n % 3),
    out = new Uint8Array((((n + 2) / 3) | 0) * 4),
    c = Uint8Array.from(B64, ch => ch.charCodeAt(0)),
    parts: string[] = [];
  let j = 0;
  const put = (x: number) => {
    out[j++] = c[x >> 18];
    out[j++] = c[(x >> 12) & 63];
    out[j++] = c[(x >> 6) & 63];
    out[j++] = c[x & 63];
  };
  for (let i = 0; i < whole; i += 3) put((bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2]);
  if (n > whole) {
    put((bytes[whole] << 16) | (n - whole > 1 ? bytes[whole + 1] << 8 : 0));
    out.fill(61, j + n - whole - 3); // "=" padding
  }
  for (let i = 0; i < j; i += 0x8000)
    parts.push(String.fromCharCode.apply(null, out.subarray(i, i + 0x8000) as unknown as number[]));
  return parts.join('');
}

/** Base64 of `bytes`: the native `Uint8Array.prototype.toBase64` where the engine has it, else `base64Fallback`. */
export function toBase64(bytes: Uint8Array): string {
  const native = (bytes as Uint8Array & { toBase64?: () => string }).toBase64;
  return native ? native.call(bytes) : base64Fallback(bytes);
}
