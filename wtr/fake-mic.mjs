// The fake microphone's signal for Chromium's --use-file-for-fake-audio-capture: a known tone the voice tests
// look for in the WAV the server receives. Written with node only (no sox), loops seamlessly (whole periods).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const FAKE_MIC = { hz: 1000, amp: 0.5, rate: 48000, seconds: 4 };

export function writeFakeMicWav(file = path.join(os.tmpdir(), 'avatar-chat-fake-mic-1k.wav'), opts = FAKE_MIC) {
  const { hz, amp, rate, seconds } = opts;
  const n = rate * seconds;
  const buf = Buffer.alloc(44 + n * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + n * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++)
    buf.writeInt16LE(Math.round(amp * 32767 * Math.sin((2 * Math.PI * hz * i) / rate)), 44 + i * 2);
  fs.writeFileSync(file, buf);
  return file;
}
