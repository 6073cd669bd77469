#!/usr/bin/env node
// WAV + base64 timing in the test Chromium: 10 s of 16 kHz mono float32 -> encodeWav() -> base64, the way
// sendAudio()/the end of a voice turn does it. src/audio/wav.ts is compiled with esbuild and loaded into a
// blank page; each step is timed over N runs (median and batch mean) after warm-up runs, and every
// encoder's output is checked against a reference before its time is reported.
// Usage: node bench/wav-browser.mjs [--seconds 10] [--runs 25] [--json FILE]
// Browser: CHROME_PATH, else the Chromium inside the npm package @sparticuz/chromium (as web-test-runner.config.mjs).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { chromium } from '../scripts/chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
const SECONDS = Number(opt('--seconds', 10));
const RUNS = Number(opt('--runs', 25));
const JSON_OUT = opt('--json', null);

/** Runs in the page: `wav` is the compiled module (window.avatarWav). */
function inPage(seconds, runs) {
  const wav = window.avatarWav;
  const RATE = 16000;
  const n = seconds * RATE;
  const x = new Float32Array(n);
  let seed = 1;
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
  for (let i = 0; i < n; i++) {
    const t = i / RATE;
    x[i] =
      0.3 * Math.sin(2 * Math.PI * 220 * t) * (0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t)) +
      0.2 * Math.sin(2 * Math.PI * 1800 * t) +
      0.05 * (2 * rnd() - 1);
  }
  x.set([1, -1, 1.5, -1.5, 0.99999, -0.99999, 0, -0, NaN, 1 / 32768, -1 / 32768], 0);
  const time = fn => {
    for (let i = 0; i < 3; i++) fn();
    const t = [];
    let out;
    const T0 = performance.now();
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      out = fn();
      t.push(performance.now() - t0);
    }
    const mean = (performance.now() - T0) / runs;
    t.sort((a, b) => a - b);
    return { median: t[t.length >> 1], mean, out };
  };
  // Reference for checking: the classic chunked String.fromCharCode + btoa (available in the page).
  const btoaChunked = u8 => {
    const p = [];
    for (let i = 0; i < u8.length; i += 0x8000) p.push(String.fromCharCode.apply(null, u8.subarray(i, i + 0x8000)));
    return btoa(p.join(''));
  };
  const bytes = wav.encodeWav(x, RATE);
  const ref = btoaChunked(bytes);
  const hasNative = typeof Uint8Array.prototype.toBase64 === 'function';
  const rows = [];
  const row = (step, method, r, ok) => rows.push({ step, method, median: r.median, mean: r.mean, valid: ok });
  const enc = time(() => wav.encodeWav(x, RATE));
  row(
    'float32 -> WAV',
    'encodeWav (clamp, round, byte stores)',
    enc,
    enc.out.length === 44 + 2 * n && enc.out.every((b, i) => b === bytes[i]),
  );
  const tb = time(() => wav.toBase64(bytes));
  row(
    'WAV -> base64',
    `toBase64 (${hasNative ? 'native Uint8Array.prototype.toBase64' : 'no native: fallback'})`,
    tb,
    tb.out === ref,
  );
  const fb = time(() => wav.base64Fallback(bytes));
  row('WAV -> base64', 'base64Fallback (table + fromCharCode 32K chunks)', fb, fb.out === ref);
  const bt = time(() => btoaChunked(bytes));
  row('WAV -> base64', 'baseline: fromCharCode 32K chunks + btoa', bt, true);
  const all = time(() => wav.toBase64(wav.encodeWav(x, RATE)));
  row('total', 'encodeWav + toBase64', all, all.out === ref);
  const allFb = time(() => wav.base64Fallback(wav.encodeWav(x, RATE)));
  row('total', 'encodeWav + base64Fallback', allFb, allFb.out === ref);
  const i16 = new Int16Array(bytes.buffer, 44, 11);
  return { rows, hasNative, samples: n, wavBytes: bytes.length, base64Chars: ref.length, edge: Array.from(i16) };
}

export async function runWavBench({ seconds = SECONDS, runs = RUNS } = {}) {
  const code = (
    await build({
      entryPoints: [path.join(root, 'src/audio/wav.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      globalName: 'avatarWav',
      target: 'es2021',
      minify: true,
    })
  ).outputFiles[0].text;
  const exe = await chromium();
  const browser = await puppeteer.launch({
    executablePath: exe.path,
    headless: exe.npm ? 'shell' : true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage();
    await page.goto('about:blank');
    await page.addScriptTag({ content: code });
    const res = await page.evaluate(inPage, seconds, runs);
    return { browser: await browser.version(), seconds, runs, ...res };
  } finally {
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runWavBench();
  console.log(
    `${r.browser}; ${r.seconds} s @ 16 kHz = ${r.samples} samples -> ${r.wavBytes} WAV bytes -> ${r.base64Chars} base64 chars; ${r.runs} runs (ms)\n`,
  );
  console.log('| step | method | median ms | mean ms | output |\n|---|---|---|---|---|');
  for (const x of r.rows)
    console.log(
      `| ${x.step} | ${x.method} | ${x.median.toFixed(2)} | ${x.mean.toFixed(2)} | ${x.valid ? 'identical' : 'DIFFERS'} |`,
    );
  console.log(`\nedge samples [1,-1,1.5,-1.5,0.99999,-0.99999,0,-0,NaN,1/32768,-1/32768] -> [${r.edge.join(',')}]`);
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(r, null, 1));
  if (r.rows.some(x => !x.valid)) process.exit(1);
}
