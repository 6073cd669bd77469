import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chatServerPlugin } from './wtr/chat-server-plugin.mjs';
import { workletSourcePlugin } from './wtr/worklet-plugin.mjs';
import { writeFakeMicWav } from './wtr/fake-mic.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));

// The test browser: CHROME_PATH if set (e.g. Debian's /usr/bin/chromium), else the Chromium headless-shell
// inside the npm package @sparticuz/chromium, unpacked into node_modules/.cache (npm ci wipes it).
async function chromium() {
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
const browser = await chromium();

const args = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
  '--autoplay-policy=no-user-gesture-required',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-audio-capture=${writeFakeMicWav()}`,
];

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: { browser: true, exportConditions: ['development'] },
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 120000,
  plugins: [
    workletSourcePlugin(),
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2021' }),
    chatServerPlugin(),
  ],
  browsers: [
    chromeLauncher({ launchOptions: { executablePath: browser.path, headless: browser.npm ? 'shell' : true, args } }),
  ],
};
