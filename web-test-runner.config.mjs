import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chatServerPlugin } from './wtr/chat-server-plugin.mjs';
import { workletSourcePlugin } from './wtr/worklet-plugin.mjs';
import { writeFakeMicWav } from './wtr/fake-mic.mjs';
import { touchPlugin } from './wtr/touch-plugin.mjs';
import { mediaPlugin } from './wtr/media-plugin.mjs';
import { chromium } from './scripts/chromium.mjs';

// The test browser: CHROME_PATH, else the Chromium inside @sparticuz/chromium (scripts/chromium.mjs).
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
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }), // as rollup.config.mjs: native #private
    chatServerPlugin(),
    touchPlugin(),
    mediaPlugin(),
  ],
  browsers: [
    chromeLauncher({ launchOptions: { executablePath: browser.path, headless: browser.npm ? 'shell' : true, args } }),
  ],
};
