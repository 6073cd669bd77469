// The test browser, for the test runner, the benchmarks and the screenshots: CHROME_PATH if set (e.g. Debian's
// /usr/bin/chromium), else the Chromium headless-shell inside the npm package @sparticuz/chromium, unpacked into
// node_modules/.cache (npm ci wipes it). Returns { path, npm } (npm: launch with headless: 'shell').
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function chromium() {
  if (process.env.CHROME_PATH) return { path: process.env.CHROME_PATH, npm: false };
  const { default: pkg } = await import('@sparticuz/chromium');
  const dir = path.join(root, 'node_modules', '.cache', 'sparticuz-chromium');
  mkdirSync(dir, { recursive: true });
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    return { path: await pkg.executablePath(), npm: true };
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}
