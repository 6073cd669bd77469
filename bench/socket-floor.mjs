#!/usr/bin/env node
// The floor under the voice-turn latency: a bare page (no widget) in the test Chromium sends one text frame of a
// voice turn's size to a `ws` server on 127.0.0.1, and we time the send() call and the last byte's arrival (the
// server's 'message'); then the same with the page's main thread kept busy for --busy ms right after send(), which
// shows whether the frame leaves while the page works. Clocks: as bench/voice-latency.mjs (offset measured over a
// WebSocket echo, best of 30 round trips).
// Usage: node bench/socket-floor.mjs [--runs 5] [--busy 30]
import { performance } from 'node:perf_hooks';
import puppeteer from 'puppeteer-core';
import { WebSocketServer } from 'ws';
import { chromium } from '../scripts/chromium.mjs';

const args = process.argv.slice(2);
const opt = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
const RUNS = Number(opt('--runs', 5));
const BUSY = Number(opt('--busy', 30));
/** Frame sizes in characters: a 10 s and a 30 s voice turn (16 kHz 16-bit WAV, base64, in the JSON frame). */
const SIZES = [
  ['10 s turn', 427000],
  ['30 s turn', 1280000],
];
const now = () => performance.timeOrigin + performance.now();
const sleep = ms => new Promise(r => setTimeout(r, ms));

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 << 20 });
let arrived; // when the last frame arrived (ms since the epoch, Node's clock)
server.on('connection', ws =>
  ws.on('message', data => {
    arrived = now();
    if (data.length < 10) ws.send(String(now())); // a clock ping
  }),
);
await new Promise(r => server.once('listening', r));
const exe = await chromium();
const browser = await puppeteer.launch({
  executablePath: exe.path,
  headless: exe.npm ? 'shell' : true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage();
  await page.goto('about:blank');
  const offset = await page.evaluate(async url => {
    const ws = (window.benchSocket = new WebSocket(url));
    await new Promise(r => (ws.onopen = r));
    let best = { rtt: Infinity, offset: 0 };
    for (let i = 0; i < 30; i++) {
      const t0 = performance.timeOrigin + performance.now();
      ws.send('t');
      const server = Number(await new Promise(r => (ws.onmessage = e => r(e.data))));
      const t1 = performance.timeOrigin + performance.now();
      if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: server - (t0 + t1) / 2 };
    }
    return best.offset;
  }, `ws://127.0.0.1:${server.address().port}`);
  console.log(`${await browser.version()}; ${RUNS} frames each; medians (all runs in brackets), ms\n`);
  console.log(
    '| frame | main thread after send() | send() call | send() called → last byte at the server |\n|---|---|---:|---:|',
  );
  for (const [label, chars] of SIZES) {
    for (const busy of [0, BUSY]) {
      const calls = [];
      const arrivals = [];
      for (let i = 0; i < RUNS; i++) {
        arrived = 0;
        const t = await page.evaluate(
          (chars, busy) => {
            const frame = `{"file_base64_data":"${'QUJD'.repeat(Math.floor(chars / 4))}"}`;
            const t0 = performance.timeOrigin + performance.now();
            window.benchSocket.send(frame);
            const t1 = performance.timeOrigin + performance.now();
            const end = performance.now() + busy;
            while (performance.now() < end); // the page keeps its main thread busy
            return { t0, t1 };
          },
          chars,
          busy,
        );
        while (!arrived) await sleep(2);
        calls.push(t.t1 - t.t0);
        arrivals.push(arrived - offset - t.t0);
        await sleep(200);
      }
      const show = xs => {
        const s = [...xs].sort((a, b) => a - b);
        return `${s[s.length >> 1].toFixed(1)} (${s.map(x => x.toFixed(1)).join(', ')})`;
      };
      console.log(`| ${label} | ${busy ? `busy ${busy} ms` : 'idle'} | ${show(calls)} | ${show(arrivals)} |`);
    }
  }
} finally {
  await browser.close();
  server.close();
}
