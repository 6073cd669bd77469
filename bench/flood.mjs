#!/usr/bin/env node
// Reply flood in the test Chromium: the reference server sends N replies in one burst to a page running
// dist/avatar-chat.js (the shipped IIFE, production Lit); we measure how long the transcript takes to show the last
// one and the longest main-thread task (PerformanceObserver 'longtask': tasks over 50 ms; 0 = none that long).
// Usage: node bench/flood.mjs [--replies 1000] [--runs 3] [--json FILE] [--per-reply-render] [--trace]
// --trace: also trace the burst (Chrome tracing) and report the longest main-thread task of any length.
// --per-reply-render: the baseline, Lit's default scheduling (one render per reply, as before the per-frame coalescing).
// The page is test/pages/flood.html on the reference server's origin.
// Needs dist/ (npm run build; built here when missing, with a warning when older than src/).
// Browser: CHROME_PATH, else the Chromium inside the npm package @sparticuz/chromium (as web-test-runner.config.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { startChatServer } from '../demo/server/server.mjs';
import { chromium } from '../scripts/chromium.mjs';
import { eventsOf } from './trace-analysis.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
const REPLIES = Number(opt('--replies', 1000));
const RUNS = Number(opt('--runs', 3));
const JSON_OUT = opt('--json', null);
const PER_REPLY = args.includes('--per-reply-render');
const TRACE = args.includes('--trace');
const DIST = path.join(root, 'dist', 'avatar-chat.js');

/** Newest modification time under src/ (ms). */
function newestSource(dir = path.join(root, 'src')) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** In the page, before the burst: long-task observer, arrival clock, and a watcher for the last entry in the DOM. */
function arm(last) {
  const el = document.querySelector('avatar-chat');
  const r = (window.__flood = { longest: 0, longTasks: 0, longTotal: 0, first: 0, shown: 0, messages: 0 });
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      r.longest = Math.max(r.longest, e.duration);
      r.longTasks++;
      r.longTotal += e.duration;
    }
  }).observe({ type: 'longtask' });
  el.addEventListener('avatar-chat-message', () => r.messages++ || (r.first = performance.now()));
  // The log is in the transcript sub-element's own shadow root.
  const transcript = el.shadowRoot
    .querySelector('avatar-chat-transcript')
    .shadowRoot.querySelector('[part~="transcript"]');
  new MutationObserver((_, obs) => {
    const bubbles = transcript.querySelectorAll('[part~="bubble"]');
    if (bubbles[bubbles.length - 1]?.textContent.includes(last)) {
      r.shown = performance.now();
      r.entries = bubbles.length;
      obs.disconnect();
    }
  }).observe(transcript, { childList: true, subtree: true, characterData: true });
}

/** The longest task (ms) on the page's renderer main thread in a trace (RunTask events), any length. */
function longestTracedTask(trace) {
  const events = eventsOf(trace);
  const call = events.find(e => e.name === 'EventDispatch' || e.name === 'FunctionCall');
  return events
    .filter(e => e.name === 'RunTask' && e.ph === 'X' && e.pid === call?.pid && e.tid === call?.tid)
    .reduce((max, e) => Math.max(max, e.dur / 1000), 0);
}

/** `trace`: also record Chrome tracing during the burst and report its longest main-thread task (also under 50 ms). */
export async function runFloodBench({
  replies = REPLIES,
  runs = RUNS,
  perReplyRender = PER_REPLY,
  trace = TRACE,
} = {}) {
  if (!existsSync(DIST)) execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
  const stale = statSync(DIST).mtimeMs < newestSource();
  if (stale) console.error('warning: dist/avatar-chat.js is older than src/ (npm run build for current numbers)');
  const server = await startChatServer({ host: '127.0.0.1', port: 0, quiet: true });
  const exe = await chromium();
  const browser = await puppeteer.launch({
    executablePath: exe.path,
    headless: exe.npm ? 'shell' : true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const results = [];
  try {
    for (let run = 0; run < runs; run++) {
      const client = `flood-${run}`;
      await server.command('chat-behaviour', { client, reply: false });
      const page = await browser.newPage();
      await page.goto(`${server.origin}/test/pages/flood.html`, { waitUntil: 'load' });
      await page.evaluate(
        (url, perReply) => {
          const el = document.querySelector('avatar-chat');
          // Baseline for comparison: Lit's default scheduling (a render per reply instead of per frame).
          if (perReply)
            el.scheduleUpdate = function () {
              return this.performUpdate();
            };
          el.setAttribute('url', url);
        },
        server.wsUrl(client),
        perReplyRender,
      );
      await page.waitForFunction(() => document.querySelector('avatar-chat')?.status === 'connected');
      const last = `burst ${replies - 1}`;
      await page.evaluate(arm, last);
      if (trace)
        await page.tracing.start({ categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < replies; i++)
        await server.command('chat-send', { client, data: { type: 'incoming', answer: `burst ${i}` } });
      const sentMs = Number(process.hrtime.bigint() - t0) / 1e6;
      await page.waitForFunction(() => window.__flood.shown > 0, { timeout: 120000, polling: 50 });
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      await new Promise(r => setTimeout(r, 200)); // let the long-task observer deliver the last entries
      const tracedMs = trace ? longestTracedTask(JSON.parse(Buffer.from(await page.tracing.stop()).toString())) : NaN;
      const r = await page.evaluate(() => ({
        ...window.__flood,
        kept: document.querySelector('avatar-chat').messages.length,
      }));
      results.push({
        run,
        sentMs,
        wallMs,
        firstToShownMs: r.shown - r.first,
        longestTaskMs: r.longest,
        longestTracedTaskMs: tracedMs,
        longTasks: r.longTasks,
        longTaskTotalMs: r.longTotal,
        messages: r.messages,
        kept: r.kept,
        entries: r.entries,
      });
      await page.close();
    }
    return { browser: await browser.version(), replies, runs, stale, perReplyRender, results };
  } finally {
    await browser.close();
    await server.close();
  }
}

const median = a => [...a].sort((x, y) => x - y)[a.length >> 1];

/** Markdown summary of a run of runFloodBench. */
export function floodSummary(r) {
  const f = v => v.toFixed(0);
  const lt = v => (v ? f(v) : '< 50'); // the long-task API reports only tasks over 50 ms
  const rows = r.results.map(
    x =>
      `| ${x.run + 1} | ${f(x.firstToShownMs)} | ${f(x.wallMs)} | ${lt(x.longestTaskMs)} | ${x.longTasks} | ${f(x.longTaskTotalMs)} | ${x.messages} | ${x.kept} / ${x.entries} |`,
  );
  const m = k => f(median(r.results.map(x => x[k])));
  return (
    `${r.browser}; ${r.replies} text replies sent in one burst by the reference server; dist/avatar-chat.js` +
    `${r.perReplyRender ? ' with Lit default scheduling (render per reply: baseline)' : ''}` +
    `${r.stale ? ' (STALE: older than src/)' : ''}; ${r.runs} runs\n\n` +
    '| run | first reply → last shown, ms | wall (first send → last shown), ms | longest task, ms | tasks > 50 ms | their total, ms | replies received | kept / rendered |\n' +
    '|---|---|---|---|---|---|---|---|\n' +
    rows.join('\n') +
    `\n\nmedian: last shown ${m('firstToShownMs')} ms after the first reply arrived; longest main-thread task ${lt(median(r.results.map(x => x.longestTaskMs)))} ms` +
    (r.results.some(x => Number.isFinite(x.longestTracedTaskMs))
      ? `; in a trace, the longest main-thread task: ${r.results.map(x => f(x.longestTracedTaskMs)).join(', ')} ms`
      : '')
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runFloodBench();
  console.log(floodSummary(r));
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(r, null, 1));
  if (r.results.some(x => x.messages !== r.replies)) process.exit(1);
}
