// Media the reference server generates in memory at start (no files, no downloads).

/** A 44-byte-header PCM WAV (16-bit mono) around the given samples (floats in -1..1). */
export function wav(samples, rate) {
  const buf = Buffer.alloc(44 + samples.length * 2);
  buf.write('RIFF', 0, 'latin1');
  buf.writeUInt32LE(36 + samples.length * 2, 4);
  buf.write('WAVEfmt ', 8, 'latin1');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'latin1');
  buf.writeUInt32LE(samples.length * 2, 40);
  samples.forEach((s, i) => buf.writeInt16LE(Math.round(Math.max(-1, Math.min(1, s)) * 32767), 44 + i * 2));
  return buf;
}

/**
 * About 1.5 s of "spoken-style" audio at 24 kHz: five voiced syllables (a gliding fundamental with a few
 * harmonics weighted by a formant-like curve, raised-cosine envelopes) separated by short pauses.
 */
export function speechLikeWav(rate = 24000) {
  // [start s, length s, f0 start Hz, f0 end Hz, formant Hz]
  const syllables = [
    [0.05, 0.22, 170, 150, 700],
    [0.33, 0.18, 190, 175, 1100],
    [0.58, 0.26, 160, 200, 600],
    [0.92, 0.2, 210, 180, 900],
    [1.18, 0.27, 180, 120, 750],
  ];
  const out = new Float32Array(Math.round(1.5 * rate));
  for (const [start, len, f0a, f0b, formant] of syllables) {
    const first = Math.round(start * rate);
    const n = Math.round(len * rate);
    let phase = 0;
    for (let i = 0; i < n; i++) {
      const t = i / n;
      const f0 = f0a + (f0b - f0a) * t;
      phase += (2 * Math.PI * f0) / rate;
      const env = 0.5 - 0.5 * Math.cos(2 * Math.PI * Math.min(1, t * 1.15)); // quick-ish attack, soft tail
      let v = 0;
      for (let h = 1; h <= 8; h++) {
        const f = h * f0;
        v += Math.sin(h * phase) / (1 + ((f - formant) / 300) ** 2) / h;
      }
      out[first + i] += 0.55 * env * v;
    }
  }
  return wav(out, rate);
}

/** Bytes that are served as audio/wav but are no decodable audio. */
export const brokenAudio = Buffer.from('This is not audio. '.repeat(64), 'latin1');

/** The demo avatar's picture (an SVG face), served as its preview icon. */
export const avatarSvg = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128" width="128" height="128">' +
    '<rect width="128" height="128" fill="#dbeafe"/>' +
    '<circle cx="64" cy="56" r="30" fill="#f4c7a1"/>' +
    '<path d="M34 52c0-22 60-22 60 0c-8-10-52-10-60 0z" fill="#6b4423"/>' +
    '<circle cx="53" cy="56" r="4" fill="#1f2937"/><circle cx="75" cy="56" r="4" fill="#1f2937"/>' +
    '<path d="M52 70q12 9 24 0" stroke="#b45309" stroke-width="3" fill="none" stroke-linecap="round"/>' +
    '<path d="M22 128c4-26 22-36 42-36s38 10 42 36z" fill="#2563eb"/>' +
    '</svg>',
);
