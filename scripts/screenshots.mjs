// npm run screenshots: PNGs of the built element (dist/avatar-chat.js) in its main states, in screenshots/.
// Chromium as in web-test-runner.config.mjs (CHROME_PATH, else @sparticuz/chromium), the reference server
// in-process, one minimal page per shot (not the demo page). Look at every PNG after a style change.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { startChatServer } from '../demo/server/server.mjs';
import { writeFakeMicWav } from '../wtr/fake-mic.mjs';
import { chromium as findChromium } from './chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'screenshots');
const only = process.argv.slice(2); // optional shot names

const chromium = async () => {
  const b = await findChromium();
  return { executablePath: b.path, headless: b.npm ? 'shell' : true };
};

const POSTER =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 120"><rect width="200" height="120" fill="#c7d2fe"/>' +
      '<circle cx="100" cy="52" r="26" fill="#4338ca"/><rect x="58" y="84" width="84" height="40" rx="20" fill="#4338ca"/></svg>',
  );

const REPLY = 'I can answer questions about our products.\nTry the FAQ: https://example.com/faq';

/**
 * Each shot: `size` (viewport), `attrs` (element attributes), the page (`dark` background, `dir`, `page` filler
 * text), and what happens before the picture: `turn` (a text turn, a reply with audio and a system line; a string is
 * the turn's text), `micDenied`, `record` (the microphone opens), `unread` (floating: opened, closed, then this many
 * replies arrive), `offline` (no connection expected). Add a state: add a line.
 */
const SHOTS = {
  idle: { size: [480, 680], attrs: { theme: 'light', poster: POSTER } },
  'inline-light': { size: [480, 680], attrs: { theme: 'light', poster: POSTER }, turn: true },
  'inline-dark': { size: [480, 680], attrs: { theme: 'dark', poster: POSTER }, dark: true, turn: true },
  rtl: { size: [480, 620], attrs: { theme: 'light', heading: 'צ׳אט' }, dir: 'rtl', turn: 'שלום! מה אפשר לעשות כאן?' },
  'floating-closed': { size: [800, 600], attrs: { layout: 'floating' }, page: true },
  'floating-open': { size: [800, 720], attrs: { layout: 'floating', open: true }, page: true, turn: true },
  narrow: { size: [375, 667], attrs: { layout: 'floating', open: true }, page: true, turn: true },
  'error-mic': { size: [480, 620], attrs: { theme: 'light' }, turn: true, micDenied: true },
  'error-config': { size: [480, 520], attrs: { theme: 'dark', 'avatar-id': '' }, dark: true, offline: true },
  recording: { size: [480, 620], attrs: { theme: 'light' }, turn: true, record: true },
  // Port 1 is never a chat service: the first attempt fails, "Can't reach the chat service. Retrying…" + "Try now".
  unreachable: { size: [480, 520], attrs: { theme: 'light', url: 'ws://127.0.0.1:1/ws/chat' }, offline: true },
  // service mode: name, picture, languages and history come from the reference server's REST side
  service: { size: [480, 680], attrs: { theme: 'light' }, service: true },
  'recording-1280': { size: [1280, 800], attrs: { theme: 'light', poster: POSTER }, turn: true, record: true },
  'recording-360': { size: [360, 640], attrs: { theme: 'light', poster: POSTER }, turn: true, record: true },
  'recording-rtl': {
    size: [360, 640],
    attrs: { theme: 'light', heading: 'צ׳אט', placeholder: 'כתבו הודעה…' },
    dir: 'rtl',
    turn: 'שלום!',
    record: true,
  },
  'hands-free': { size: [480, 620], attrs: { theme: 'light', voice: 'vad' }, turn: true, record: true },
  'tap-to-play': { size: [480, 620], attrs: { theme: 'light', playback: 'manual' }, turn: true },
  'narrow-320': {
    size: [320, 600],
    attrs: { theme: 'light', poster: POSTER, placeholder: 'Type your question, or hold the mic to talk' },
    turn: true,
  },
  'floating-badge': { size: [800, 600], attrs: { layout: 'floating' }, page: true, unread: 2 },
  'floating-dark': {
    size: [800, 720],
    attrs: { layout: 'floating', open: true, theme: 'dark' },
    page: true,
    dark: true,
    turn: true,
  },
  thinking: { size: [480, 560], attrs: { theme: 'light', poster: POSTER }, thinking: true },
  suggestions: {
    size: [480, 560],
    attrs: { theme: 'light', poster: POSTER, suggestions: 'Opening hours?|Where are you?|Talk to a person' },
  },
  'stop-button': { size: [480, 620], attrs: { theme: 'dark', muted: true }, dark: true, turn: true },
};

const esc = s => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function pageHtml(origin, url, shot) {
  const setup = shot.service
    ? {
        service: `${origin}/c/${new URL(url).searchParams.get('client')}`,
        'project-id': 'demo',
        'user-id': 'shot-user',
      }
    : { url, 'avatar-id': 'ava', heading: 'Ava', greeting: "Hi, I'm Ava! Ask me anything." };
  const attrs = { ...setup, ...shot.attrs };
  const a = Object.entries(attrs)
    .map(([k, v]) => (v === true ? k : `${k}="${esc(v)}"`))
    .join(' ');
  const bg = shot.dark ? '#030712' : '#f3f4f6';
  const filler = shot.page
    ? '<main><h1>Example Store</h1><p>Spring collection is here. Free shipping on orders over $50.</p>' +
      '<p>Questions? The assistant in the corner answers in seconds.</p></main>'
    : '';
  return `<!doctype html><html lang="${shot.dir ? 'he' : 'en'}" dir="${shot.dir ?? 'ltr'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>html,body{margin:0;height:100%}body{background:${bg};color:${shot.dark ? '#e5e7eb' : '#111827'};font-family:system-ui,sans-serif;box-sizing:border-box;padding:${shot.page ? '24px 32px' : '16px'}}
body>avatar-chat:not([layout=floating]){height:100%}</style>
<script src="${origin}/dist/avatar-chat.js"></script></head><body>${filler}<avatar-chat ${a}></avatar-chat></body></html>`;
}

async function shoot(browser, server, name, shot) {
  const client = `shot-${name}`;
  await server.command('chat-behaviour', { client, reply: false });
  if (shot.service) {
    const records = [
      ['Hello! Who are you?', "I'm Ava, the demo avatar."],
      ['Which languages do you speak?', 'English, Deutsch and Français.'],
    ].map(([request, answer], i) => ({ _id: `h${i}`, request, answer, date: Date.now() - 3_600_000 + i * 60_000 }));
    await server.command('chat-history', { client, user_id: 'shot-user', records });
  }
  const page = await browser.newPage();
  const [w, h] = shot.size;
  await page.setViewport({ width: w, height: h, deviceScaleFactor: 1 });
  // An http://127.0.0.1 document (a secure context, like the tests): any path of the server, then our own markup.
  await page.goto(`${server.origin}/screenshots-blank`);
  page.on('pageerror', e => console.error(`[${name}] page error: ${e.message}`));
  page.on('console', m => m.type() === 'error' && console.error(`[${name}] console: ${m.text()}`));
  await page.setContent(pageHtml(server.origin, server.wsUrl(client), shot), { waitUntil: 'load' });
  await page.waitForFunction(() => customElements.get('avatar-chat'));
  const el = await page.$('avatar-chat');
  if (!shot.offline) await page.waitForFunction(e => e.status === 'connected' || e.layout === 'floating', {}, el);
  if (shot.turn) {
    await page.waitForFunction(e => e.status === 'connected', {}, el);
    await el.evaluate((e, text) => e.send(text), typeof shot.turn === 'string' ? shot.turn : 'Hi! What can you do?');
    await waitFrames(server, client, 1);
    const answer = shot.dir ? 'אני עונה על שאלות.\nפרטים: https://example.com/faq' : REPLY;
    await server.command('chat-send', {
      client,
      data: { type: 'incoming', answer, fileUrl: `${server.origin}/media/reply.wav`, session: 's-1' },
    });
    await page.waitForFunction(e => e.messages.length === 2, {}, el);
    await server.command('chat-send', { client, data: { type: 'system', answer: 'Ava is an automated assistant.' } });
    await page.waitForFunction(e => e.messages.length === 3, {}, el);
  }
  if (shot.unread) {
    await el.evaluate(e => (e.open = true));
    await page.waitForFunction(e => e.status === 'connected', {}, el);
    await el.evaluate(e => (e.open = false));
    for (let i = 1; i <= shot.unread; i++)
      await server.command('chat-send', { client, data: { type: 'incoming', answer: `Reply ${i}` } });
    await page.waitForFunction((e, n) => e.messages.length === n, {}, el, shot.unread);
  }
  if (shot.thinking) {
    await page.waitForFunction(e => e.status === 'connected', {}, el);
    await el.evaluate(e => e.send('What are your opening hours?'));
    await waitFrames(server, client, 1); // no answer: the typing entry shows
  }
  if (shot.micDenied) {
    await page.evaluate(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('x', 'NotAllowedError'));
    });
    await el.evaluate(e => e.startRecording().catch(() => {}));
  }
  if (shot.record) {
    await el.evaluate(e => e.startRecording());
    await new Promise(r => setTimeout(r, 1200)); // level meter and elapsed time move
  }
  await new Promise(r => setTimeout(r, 400)); // the reply starts playing; renders settle
  const file = path.join(out, `${name}.png`);
  await page.screenshot({ path: file, type: 'png' });
  if (shot.record) await el.evaluate(e => e.cancelRecording());
  await page.close();
  console.log(`screenshots/${name}.png (${w}x${h})`);
}

async function waitFrames(server, client, n) {
  for (let i = 0; i < 100; i++) {
    if ((await server.command('chat-frames', { client })).length >= n) return;
    await new Promise(r => setTimeout(r, 50));
  }
  throw new Error(`${client}: no turn arrived`);
}

mkdirSync(out, { recursive: true });
const server = await startChatServer({ quiet: true });
const browser = await puppeteer.launch({
  ...(await chromium()),
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${writeFakeMicWav()}`,
    '--autoplay-policy=no-user-gesture-required',
    '--hide-scrollbars',
  ],
});
try {
  for (const [name, shot] of Object.entries(SHOTS))
    if (!only.length || only.includes(name)) await shoot(browser, server, name, shot);
} finally {
  await browser.close();
  await server.close();
}
