// The browser tests in Firefox (Debian's firefox-esr), driven over WebDriver BiDi by the project's own puppeteer-core
// through @web/test-runner-chrome's launcher (a custom `puppeteer` honours launchOptions.browser; no Chrome lookup).
// Run through scripts/browsers.sh (npm run test:browsers): Web Audio needs an audio output (a PulseAudio null sink).
// AVATAR_CHAT_TESTS=bundle runs the element-level tests against the built module instead of the sources.
import * as puppeteer from 'puppeteer-core';
import { chromeLauncher } from '@web/test-runner-chrome';
import { targetConfig } from './wtr/shared-config.mjs';
import { addFirefoxEmulation, SYSTEM_ACCESS_ARG } from './wtr/firefox-emulation.mjs';

/** puppeteer's BiDi keyboard knows no key named "Space" (its CDP one does): it takes the character. */
const BIDI_KEYS = { Space: ' ' };

export default {
  ...targetConfig(),
  browsers: [
    chromeLauncher({
      puppeteer,
      launchOptions: {
        browser: 'firefox',
        executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
        headless: true,
        args: [SYSTEM_ACCESS_ARG], // media emulation (wtr/firefox-emulation.mjs)
        extraPrefsFirefox: {
          'media.navigator.streams.fake': true, // getUserMedia: Firefox's fake device (a fixed 1 kHz tone, amp 0.1)
          'media.navigator.permission.disabled': true,
          'media.autoplay.default': 0, // allow audible autoplay
          'media.autoplay.block-webaudio': false,
        },
      },
      async createPage({ context }) {
        const page = await context.newPage();
        const { keyboard } = page;
        for (const method of ['down', 'up', 'press']) {
          const send = keyboard[method].bind(keyboard);
          keyboard[method] = (key, ...rest) => send(BIDI_KEYS[key] ?? key, ...rest);
        }
        return addFirefoxEmulation(page);
      },
    }),
  ],
};
