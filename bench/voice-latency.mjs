#!/usr/bin/env node
// Voice turn latency in the test Chromium: from the release of the mic (the keyup of a real held Space on the
// focused mic button, puppeteer keyboard → CDP input) to the voice frame's last byte at the reference server
// (demo/server's startChatServer, in-process: the moment its `ws` socket emits 'message', i.e. the whole frame
// arrived and was reassembled). Fake microphone (Chromium's file capture, the tests' 1 kHz tone), push-to-talk turns
// of 2, 10 and 30 s, 5 each; also the longest main-thread task around the release (PerformanceObserver 'longtask':
// only tasks over 50 ms are reported), and, as information, the time from the reply frame (which carries an audio
// `fileUrl`) to the widget's `playing`, beside a plain <audio> loading the same file (the floor).
//
// Clocks: the page's times are performance.timeOrigin + event.timeStamp / performance.now(); the server's are Node's
// performance.timeOrigin + performance.now(). Both are wall-clock based on one machine; the offset between them is
// measured (NTP-style, over a WebSocket echo on 127.0.0.1, best of 30 round trips) and corrected for; the report
// gives it and its uncertainty (half the best round trip).
//
// Usage: node bench/voice-latency.mjs [--seconds 2,10,30] [--runs 5] [--json FILE]
//          [--profile 30 [--profile-out FILE]]   one traced turn of that length (CPU profiler), breakdown printed
//          [--variant NAME=FILE]...   another build of dist/avatar-chat.js in its own page, its turns interleaved
// Needs dist/ (npm run build; built here when missing).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { WebSocket, WebSocketServer } from 'ws';
import { startChatServer } from '../demo/server/server.mjs';
import { chromium } from '../scripts/chromium.mjs';
import { writeFakeMicWav } from '../wtr/fake-mic.mjs';
import { eventsOf, hotFunctions, profileSamples, rendererMain, tasks } from './trace-analysis.mjs';
import { unminifiedBuild } from './unminified.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULTS = { seconds: [2, 10, 30], runs: 5, profile: 0 };
const sleep = ms => new Promise(r => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now();

/**
 * Every 'message' a server-side `ws` socket emits, with its arrival time (ms since the epoch, Node's clock) and
 * size. The reference server keeps its sockets to itself, so the hook is on the class it uses (the same `ws`
 * module instance): it runs just before the server's own listener.
 */
const arrivals = [];
const emit = WebSocket.prototype.emit;
WebSocket.prototype.emit = function (name, ...args) {
  if (name === 'message' && this._isServer) arrivals.push({ at: now(), bytes: args[0].length });
  return emit.call(this, name, ...args);
};

/** In the page: listeners for the release, the socket, long tasks and playback; all times ms since the epoch. */
function instrument() {
  const T = (window.__voice = { longtasks: [], sends: [], frames: [], playing: [], recordStart: 0, release: 0 });
  const epoch = t => performance.timeOrigin + t;
  new PerformanceObserver(l => {
    for (const e of l.getEntries()) T.longtasks.push({ at: epoch(e.startTime), ms: e.duration });
  }).observe({ type: 'longtask' });
  // The release: the keyup's own timestamp (when the input event was created), first listener on the page.
  addEventListener('keyup', e => e.key === ' ' && (T.release = epoch(e.timeStamp)), { capture: true });
  const el = document.querySelector('avatar-chat');
  el.addEventListener('avatar-chat-record-start', () => (T.recordStart = epoch(performance.now())));
  // Each turn the widget sends (when send() is called and when it returns), each frame it receives.
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    const at = epoch(performance.now());
    const r = send.call(this, data);
    T.sends.push({ at, returned: epoch(performance.now()), chars: data.length });
    return r;
  };
  // The widget takes the WebSocket class when it is made (before this runs), so received frames are seen through
  // the `onmessage` handler it sets when it connects.
  const onmessage = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
  Object.defineProperty(WebSocket.prototype, 'onmessage', {
    ...onmessage,
    set(handler) {
      const timed = function (event) {
        T.frames.push(epoch(performance.now()));
        return handler.call(this, event);
      };
      onmessage.set.call(this, handler && timed);
    },
  });
  // The recorder's round trip to its AudioWorklet at the release: 'stop' posted, 'done' received.
  const post = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function (m, ...rest) {
    if (m?.type === 'stop') T.stopPosted = epoch(performance.now());
    return post.call(this, m, ...rest);
  };
  const Node = AudioWorkletNode;
  window.AudioWorkletNode = class extends Node {
    constructor(...a) {
      super(...a);
      this.port.addEventListener('message', e => e.data?.type === 'done' && (T.done = epoch(performance.now())));
    }
  };
  // The player is in <avatar-chat-stage>'s own shadow root ('playing' is not composed)
  el.shadowRoot
    .querySelector('avatar-chat-stage')
    .shadowRoot.addEventListener('playing', () => T.playing.push(epoch(performance.now())), { capture: true });
}

/** In the page: offset of the server's clock from the page's (ms), over a WebSocket echo, best of `n` round trips. */
async function measureOffset(url, n) {
  const ws = new WebSocket(url);
  await new Promise((ok, ko) => ((ws.onopen = ok), (ws.onerror = ko)));
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < n; i++) {
    const t0 = performance.timeOrigin + performance.now();
    ws.send('t');
    const server = Number(await new Promise(r => (ws.onmessage = e => r(e.data))));
    const t1 = performance.timeOrigin + performance.now();
    if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: server - (t0 + t1) / 2 };
  }
  ws.close();
  return best;
}

/** In the page: a plain <audio> playing `url` (a cache-busting query each time): ms from setting src to 'playing'. */
async function plainAudio(url) {
  const a = new Audio();
  const t0 = performance.now();
  const playing = new Promise((ok, ko) => {
    a.onplaying = ok;
    a.onerror = () => ko(new Error('audio error'));
  });
  a.src = url;
  await a.play();
  await playing;
  const ms = performance.now() - t0;
  a.pause();
  return ms;
}

const median = xs => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export async function runVoiceLatencyBench(options = {}) {
  const o = { ...DEFAULTS, ...options };
  if (!existsSync(path.join(root, 'dist', 'avatar-chat.js')))
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
  const server = await startChatServer({ host: '127.0.0.1', port: 0, quiet: true });
  const clock = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  clock.on('connection', ws => ws.on('message', () => ws.send(String(now()))));
  await new Promise(r => clock.once('listening', r));
  const exe = await chromium();
  const browser = await puppeteer.launch({
    executablePath: exe.path,
    headless: exe.npm ? 'shell' : true,
    protocolTimeout: 180000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--autoplay-policy=no-user-gesture-required',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${writeFakeMicWav()}`,
    ],
  });
  const client = 'voice-latency';
  try {
    /** A page with the widget connected; `body`: the script to serve in place of dist/avatar-chat.js. */
    const openPage = async (name, body) => {
      const page = await browser.newPage();
      if (body) {
        await page.setRequestInterception(true);
        page.on('request', req =>
          new URL(req.url()).pathname === '/dist/avatar-chat.js'
            ? req.respond({ status: 200, contentType: 'text/javascript', body })
            : req.continue(),
        );
      }
      await page.goto(`${server.origin}/test/pages/flood.html`, { waitUntil: 'load' });
      await page.evaluate(instrument);
      await page.evaluate(
        url => {
          const el = document.querySelector('avatar-chat');
          el.maxRecording = 60; // a 30 s hold must end by the release, not by the 30 s default limit
          el.setAttribute('url', url);
        },
        server.wsUrl(`${client}-${name}`),
      );
      await page.waitForFunction(() => document.querySelector('avatar-chat')?.status === 'connected');
      const sync = await page.evaluate(measureOffset, `ws://127.0.0.1:${clock.address().port}`, 30);
      return { name, page, sync };
    };
    // the unminified build when profiling (source names in the profile); variants: other builds, interleaved
    const pages = [await openPage('avatar-chat', o.profile ? readFileSync(await unminifiedBuild()) : null)];
    for (const [name, file] of Object.entries(o.variants ?? {})) pages.push(await openPage(name, readFileSync(file)));
    const sync = pages[0].sync;

    /** One held turn of `seconds`; `trace`: with Chrome tracing (CPU profiler) around the release. */
    const turn = async ({ name, page, sync }, seconds, { trace = false } = {}) => {
      await page.bringToFront();
      await page.evaluate(() => {
        const T = window.__voice;
        T.recordStart = T.release = T.stopPosted = T.done = 0;
        T.longtasks.length = T.sends.length = T.frames.length = T.playing.length = 0;
      });
      arrivals.length = 0;
      await page.evaluate(() =>
        document
          .querySelector('avatar-chat')
          .shadowRoot.querySelector('avatar-chat-composer')
          .shadowRoot.querySelector('[part~=mic-button]')
          .focus(),
      );
      await page.keyboard.down('Space');
      await page.waitForFunction(() => window.__voice.recordStart > 0, { polling: 10 });
      await sleep(seconds * 1000 - (trace ? 1000 : 0));
      if (trace)
        await page.tracing.start({
          categories: [
            'devtools.timeline',
            'disabled-by-default-devtools.timeline',
            'disabled-by-default-v8.cpu_profiler',
            'v8.execute',
            'blink.user_timing',
          ],
        });
      let cdp;
      if (trace) {
        // and the sampling profiler at 50 µs (the trace's own samples are 1 ms apart), for the function breakdown
        cdp = await page.createCDPSession();
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
        await cdp.send('Profiler.start');
        await sleep(1000);
      }
      await page.keyboard.up('Space');
      const waitArrival = Date.now();
      while (!arrivals.length && Date.now() - waitArrival < 10000) await sleep(5);
      // the reply (text + fileUrl) and its playback; then let the long-task observer deliver
      await page.waitForFunction(() => window.__voice.playing.length > 0, { timeout: 10000, polling: 20 });
      await sleep(300);
      const traceJson = trace ? JSON.parse(Buffer.from(await page.tracing.stop()).toString()) : null;
      const cpuProfile = trace ? (await cdp.send('Profiler.stop')).profile : null;
      const T = await page.evaluate(() => window.__voice);
      if (!arrivals.length || !T.release) throw new Error(`${seconds} s turn: no frame at the server or no release`);
      const arrival = arrivals[0].at - sync.offset; // in the page's clock
      const send = T.sends.at(-1);
      const longest = T.longtasks.filter(t => t.at + t.ms >= T.release - 1 && t.at <= arrival + 100);
      return {
        variant: name,
        seconds,
        heldMs: T.release - T.recordStart,
        frameChars: send?.chars,
        releaseToArrivalMs: arrival - T.release,
        releaseToSendMs: send.at - T.release,
        releaseToStopMs: T.stopPosted - T.release,
        workletMs: T.done - T.stopPosted,
        doneToSendMs: send.at - T.done,
        sendCallMs: send.returned - send.at,
        sendToArrivalMs: arrival - send.at,
        longestTaskMs: Math.max(0, ...longest.map(t => t.ms)),
        replyFrameToPlayingMs: T.playing[0] - T.frames.at(-1),
        ...(trace ? { trace: traceJson, cpuProfile, releaseAt: T.release, arrivalAt: arrival } : {}),
      };
    };

    if (o.profile) {
      await turn(pages[0], 2); // warm-up: the worklet module, the first send
      return { browser: await browser.version(), sync, profile: await turn(pages[0], o.profile, { trace: true }) };
    }
    for (const p of pages) await turn(p, 2); // warm-up, discarded
    const results = [];
    for (const seconds of o.seconds) {
      for (let i = 0; i < o.runs; i++) {
        for (const p of pages) results.push(await turn(p, seconds));
        process.stderr.write(`${seconds} s turn ${i + 1}/${o.runs}\r`);
      }
    }
    const floor = [];
    for (let i = 0; i < o.runs; i++)
      floor.push(await pages[0].page.evaluate(plainAudio, `${server.origin}/media/reply.wav?floor=${i}`));
    return {
      browser: await browser.version(),
      sync,
      runs: o.runs,
      load: os.loadavg(),
      results,
      audioFloorMs: floor,
    };
  } finally {
    await browser.close();
    clock.close();
    await server.close();
  }
}

/** Markdown: per turn length, medians (and worst) against the goals. */
export function voiceSummary(r, variant = 'avatar-chat') {
  const f = (v, d = 1) => v.toFixed(d);
  const goals = { 10: 20, 30: 40 };
  const mine = r.results.filter(x => x.variant === variant);
  const rows = [...new Set(mine.map(x => x.seconds))].map(s => {
    const xs = mine.filter(x => x.seconds === s);
    const m = k => median(xs.map(x => x[k]));
    const worst = k => Math.max(...xs.map(x => x[k]));
    const lat = m('releaseToArrivalMs');
    const goal = goals[s] ? `≤ ${goals[s]} ${lat <= goals[s] ? '✓' : '✗'}` : '—';
    const lt = worst('longestTaskMs');
    return (
      `| ${s} s | ${(m('frameChars') / 1024).toFixed(0)} K | **${f(lat)}** (${f(worst('releaseToArrivalMs'))}) | ${goal} | ` +
      `${f(m('releaseToStopMs'))} + ${f(m('workletMs'))} + ${f(m('doneToSendMs'))} | ${f(m('sendCallMs'))} | ${f(m('sendToArrivalMs'))} | ${lt ? f(lt, 0) : 'none > 50'} ${lt ? '✗' : '✓'} | ` +
      `${f(m('replyFrameToPlayingMs'))} |`
    );
  });
  return (
    `${r.browser}; median of ${r.runs} push-to-talk turns each (worst in brackets); fake microphone; ` +
    `clock offset page → server ${f(r.sync.offset, 2)} ms ± ${f(r.sync.rtt / 2, 2)} ms; ` +
    `load average ${r.load.map(x => f(x)).join(' / ')} (2 cores)\n\n` +
    '| turn | frame (chars) | release → last byte at server, ms | goal | release → send(): keyup handled + worklet round trip + mic teardown, WAV, base64, JSON | send() call | send() → server | longest task during it (ms) | reply frame → `playing`, ms |\n' +
    '|---|---:|---:|---|---:|---:|---:|---|---:|\n' +
    rows.join('\n') +
    `\n\nA plain \`<audio>\` loading the same reply file: ${f(median(r.audioFloorMs))} ms to \`playing\` (median of ${r.audioFloorMs.length}; the floor for the last column).`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
  const r = await runVoiceLatencyBench({
    seconds: opt('--seconds', '2,10,30').split(',').map(Number),
    runs: Number(opt('--runs', DEFAULTS.runs)),
    profile: Number(opt('--profile', 0)),
    variants: Object.fromEntries(
      args.flatMap((a, i) => (a === '--variant' ? [args[i + 1].split('=')] : [])).map(([k, v]) => [k, path.resolve(v)]),
    ),
  });
  if (r.profile) {
    const p = r.profile;
    const events = eventsOf(p.trace);
    const out = opt('--profile-out', path.join(root, 'bench-results', `voice-${p.seconds}s.trace.json`));
    writeFileSync(out, JSON.stringify(p.trace));
    const thread = rendererMain(events);
    // trace µs ↔ page ms: the release keyup's EventDispatch is the anchor
    const keyup = events.find(
      e => e.name === 'EventDispatch' && e.args?.data?.type === 'keyup' && e.pid === thread.pid,
    );
    const from = keyup.ts;
    const to = from + (p.arrivalAt - p.releaseAt) * 1e3 + 5e3;
    console.log(
      `${p.seconds} s turn: release → server ${p.releaseToArrivalMs.toFixed(1)} ms (traced, CPU profiler on); ` +
        `release → send() ${p.releaseToSendMs.toFixed(1)} ms, send() ${p.sendCallMs.toFixed(1)} ms; trace ${out}\n`,
    );
    console.log('| task at (ms after keyup) | task ms | what it did (ms) |\n|---:|---:|---|');
    for (const t of tasks(events, thread, from - 1e3, to, { originUs: from }))
      console.log(
        `| ${t.atMs.toFixed(1)} | ${t.ms.toFixed(1)} | ${Object.entries(t.parts)
          .filter(([, ms]) => ms >= 0.1)
          .map(([k, ms]) => `${k} ${ms.toFixed(1)}`)
          .join(', ')} |`,
      );
    console.log('\nHottest functions from the keyup to the arrival (CPU profiler, 50 µs samples; self / total ms):\n');
    for (const h of hotFunctions(profileSamples(p.cpuProfile), from, from + (p.arrivalAt - p.releaseAt) * 1e3, 20))
      console.log(`- ${h.name}: ${h.selfMs.toFixed(1)} / ${h.totalMs.toFixed(1)}`);
  } else {
    for (const v of new Set(r.results.map(x => x.variant))) console.log(`\n### ${v}\n\n${voiceSummary(r, v)}`);
    const json = opt('--json', null);
    if (json) writeFileSync(json, JSON.stringify(r, null, 1));
  }
}
