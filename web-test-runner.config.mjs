import { chromeLauncher } from '@web/test-runner-chrome';
import { sharedConfig } from './wtr/shared-config.mjs';
import { writeFakeMicWav } from './wtr/fake-mic.mjs';
import { chromium } from './scripts/chromium.mjs';

// The test browser: CHROME_PATH, else the Chromium inside @sparticuz/chromium (scripts/chromium.mjs).
// Firefox and WebKit: web-test-runner.firefox.config.mjs, web-test-runner.webkit.config.mjs (npm run test:browsers).
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
  ...sharedConfig,
  browsers: [
    chromeLauncher({ launchOptions: { executablePath: browser.path, headless: browser.npm ? 'shell' : true, args } }),
  ],
};
