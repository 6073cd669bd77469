// The demo page (demo/index.html, as `npm start` serves it) in Firefox ESR and WebKitGTK, light, after one text
// turn: screenshots/<engine>-demo.png (the viewport) and screenshots/<engine>-inline.png (the inline widget).
// Run through scripts/browsers.sh (npm run screenshots:browsers): it provides the audio output, Xvfb and
// WebKitWebDriver (WEBKIT_WEBDRIVER_PORT) the browsers need. Look at every PNG after a change.
// Usage: node scripts/browser-screenshots.mjs [firefox] [webkit]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as puppeteer from 'puppeteer-core';
import { remote } from 'webdriverio';
import { startChatServer } from '../demo/server/server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'screenshots');
const VIEWPORT = { width: 1280, height: 900 };
const TURN = 'Hi! What can you do?';

/** In the page: the inline widget connected, one turn sent and answered, the reply's audio started. */
const HAVE_TURN = `(() => {
  const el = document.querySelector('#inline');
  return el && el.messages.filter(m => m.role === 'avatar').length === 1;
})()`;
const SEND = `document.querySelector('#inline').send(${JSON.stringify(TURN)})`;
const CONNECTED = `document.querySelector('#inline')?.status === 'connected'`;

async function poll(check, what) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function firefox(url) {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    extraPrefsFirefox: {
      'media.autoplay.default': 0,
      'media.autoplay.block-webaudio': false,
      'layout.css.prefers-color-scheme.content-override': 1, // light (puppeteer emulates media features over CDP only)
    },
  });
  try {
    const page = await browser.newPage();
    page.on('pageerror', e => console.error(`[firefox] page error: ${e.message}`));
    await page.setViewport(VIEWPORT);
    await page.goto(url, { waitUntil: 'load' });
    await poll(() => page.evaluate(CONNECTED), 'connected');
    await page.evaluate(SEND);
    await poll(() => page.evaluate(HAVE_TURN), 'the reply');
    await new Promise(r => setTimeout(r, 600));
    writeFileSync(path.join(out, 'firefox-demo.png'), await page.screenshot({ type: 'png' }));
    const inline = await page.$('.stage');
    writeFileSync(path.join(out, 'firefox-inline.png'), await inline.screenshot({ type: 'png' }));
    console.log(`[firefox] ${await browser.version()}: screenshots/firefox-demo.png, screenshots/firefox-inline.png`);
  } finally {
    await browser.close();
  }
}

async function webkit(url) {
  const driver = await remote({
    hostname: '127.0.0.1',
    port: Number(process.env.WEBKIT_WEBDRIVER_PORT ?? 4444),
    path: '/',
    logLevel: 'error',
    capabilities: {
      browserName: 'MiniBrowser',
      'wdio:enforceWebDriverClassic': true,
      'webkitgtk:browserOptions': {
        binary: process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
        args: ['--automation', '--enable-webaudio=true', '--autoplay-policy=allow'],
      },
    },
  });
  try {
    // The viewport at VIEWPORT: size the window, then correct by the browser's own chrome.
    await driver.setWindowSize(VIEWPORT.width, VIEWPORT.height);
    const [w, h] = await driver.execute(() => [window.innerWidth, window.innerHeight]);
    await driver.setWindowSize(2 * VIEWPORT.width - w, 2 * VIEWPORT.height - h);
    await driver.url(url);
    await poll(() => driver.execute(`return ${CONNECTED}`), 'connected');
    await driver.execute(SEND);
    await poll(() => driver.execute(`return ${HAVE_TURN}`), 'the reply');
    await new Promise(r => setTimeout(r, 600));
    // WebKitGTK's window screenshot is its last painted frame, which may be older than the page: wait for two.
    await driver.executeAsync(done => requestAnimationFrame(() => requestAnimationFrame(() => done())));
    await driver.saveScreenshot(path.join(out, 'webkit-demo.png'));
    await (await driver.$('.stage')).saveScreenshot(path.join(out, 'webkit-inline.png'));
    const version = driver.capabilities.browserVersion;
    console.log(`[webkit] WebKitGTK ${version}: screenshots/webkit-demo.png, screenshots/webkit-inline.png`);
  } finally {
    await driver.deleteSession();
  }
}

const engines = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const server = await startChatServer({ quiet: true });
try {
  const url = `${server.origin}/demo/index.html`;
  if (!engines.length || engines.includes('firefox')) await firefox(url);
  if (!engines.length || engines.includes('webkit')) await webkit(url);
} finally {
  await server.close();
}
