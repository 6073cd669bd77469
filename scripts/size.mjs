// Size budget: dist/avatar-chat.js must be at most 20 KB with gzip -9 (Lit, worklet and resampler included).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export const BUDGET = 20 * 1024;
const file = new URL('../dist/avatar-chat.js', import.meta.url);
export const gzipSize = buf => gzipSync(buf, { level: 9 }).length;

if (import.meta.url === `file://${process.argv[1]}`) {
  const buf = readFileSync(file);
  const gz = gzipSize(buf);
  const ok = gz <= BUDGET;
  console.log(`dist/avatar-chat.js: ${buf.length} B, ${gz} B gzip -9 (${(gz / 1024).toFixed(2)} KB of ${BUDGET / 1024} KB)${ok ? '' : '  OVER BUDGET'}`);
  if (!ok) process.exit(1);
}
