#!/usr/bin/env node
// Resampler measurement harness: quality, streaming correctness and speed of X -> 16 kHz mono
// resamplers, fed the way an AudioWorklet feeds them (128-frame quanta, one reused input buffer).
//
// In-repo copy of the team's bench (shared/bench/dsp/resampler-bench.mjs): same signals, analysis and
// tables. Differences: (1) the built-in candidates are our Resampler (./resampler-adapter.mjs) and two
// dependency-free baselines (./candidates/), not the third-party npm resamplers; (2) the harness copies
// each quantum with one shared function, fill(), which the warm-up also runs: in the original the copy
// loops are still interpreted during the first timed quanta and box every sample they read, which puts
// 1-4 scavenges into the GC column and ~2 KB into "bytes per 128" even for a no-op candidate.
//
// Candidate interface (module exports either `create` or `candidates: [{name, create, streaming?, notes?}]`):
//   create(inRate, outRate) -> { process(Float32Array): Float32Array, flush(): Float32Array, destroy?() }
//   (create may return a Promise, e.g. for WASM init). process() may return a view into an internal
//   buffer; the harness copies it before the next call. process() must not keep references to its
//   input array: the harness overwrites the same buffer every quantum, as browsers do.
//
// Usage: node bench/resampler-bench.mjs [candidate.mjs ...] [--with-builtins] [--only SUBSTR] [--quick]
//                                       [--rates 48000,44100] [--no-extra-rates] [--json FILE] [--list]
//                                       [--from-json FILE]   (re-print tables of an earlier --json run)
// With no module argument our Resampler and the baselines are measured.
import { performance, PerformanceObserver } from 'node:perf_hooks';
import path from 'node:path';
import fs from 'node:fs';
import v8 from 'node:v8';
import { pathToFileURL, fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT_RATE = 16000;
const QUANTUM = 128;
const OURS = path.join(HERE, 'resampler-adapter.mjs');
const BUILTINS = ['baselines.mjs', 'chrome-sinc-emulation.mjs'].map(f => path.join(HERE, 'candidates', f));

const PASS_TONES = [100, 1000, 3000, 6000, 7000];
const ALIAS_TONES = [9000, 10000, 12000, 15000, 20000];
const TRANSITION_TONE = 8500;
const EXTRA_RATES = [8000, 16000, 22050, 24000, 32000, 88200, 96000];
const AMP = 0.5; // test level -6 dBFS (keeps int16 candidates out of clipping)
const TONE_SECONDS = 1.5; // per tone; analysis skips 0.15 s at each end of the output
const EDGE_SECONDS = 0.15;

// ---------------------------------------------------------------- CLI
function parseArgs(argv) {
  const o = {
    modules: [],
    only: null,
    quick: false,
    rates: [48000, 44100],
    extra: true,
    json: null,
    list: false,
    withBuiltins: false,
    fromJson: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') o.only = argv[++i];
    else if (a === '--quick') o.quick = true;
    else if (a === '--rates') o.rates = argv[++i].split(',').map(Number);
    else if (a === '--no-extra-rates') o.extra = false;
    else if (a === '--json') o.json = argv[++i];
    else if (a === '--list') o.list = true;
    else if (a === '--with-builtins') o.withBuiltins = true;
    else if (a === '--from-json') o.fromJson = argv[++i];
    else if (a === '--help' || a === '-h') {
      console.log(
        fs
          .readFileSync(fileURLToPath(import.meta.url), 'utf8')
          .split('\n')
          .slice(1, 21)
          .join('\n'),
      );
      process.exit(0);
    } else if (a.startsWith('--')) throw new Error('unknown option ' + a);
    else o.modules.push(a);
  }
  return o;
}

async function loadCandidates(files) {
  const out = [];
  for (const f of files) {
    const mod = await import(pathToFileURL(path.resolve(f)).href);
    if (Array.isArray(mod.candidates))
      out.push(...mod.candidates.map(c => ({ streaming: true, ...c, file: path.basename(f) })));
    else if (typeof mod.create === 'function')
      out.push({
        name: mod.name || path.basename(f, path.extname(f)),
        create: mod.create,
        streaming: mod.streaming ?? true,
        notes: mod.notes || '',
        file: path.basename(f),
      });
    else if (typeof mod.default?.create === 'function')
      out.push({ name: mod.default.name || path.basename(f), streaming: true, ...mod.default, file: path.basename(f) });
    else throw new Error(`${f}: exports neither create() nor candidates[]`);
  }
  return out;
}

// ---------------------------------------------------------------- signals
function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function sine(n, f, fs, amp = AMP) {
  const y = new Float32Array(n);
  const w = (2 * Math.PI * f) / fs;
  for (let i = 0; i < n; i++) y[i] = amp * Math.sin(w * i);
  return y;
}
function noise(n, seed, amp = AMP) {
  const r = mulberry32(seed);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = amp * (2 * r() - 1);
  return y;
}
function pulse(n, center, fcHz, fs, halfWidth) {
  // Hann-windowed sinc, band-limited to fcHz, peak 0.5
  const y = new Float32Array(n);
  const a = (2 * fcHz) / fs;
  for (let i = Math.max(0, center - halfWidth); i <= Math.min(n - 1, center + halfWidth); i++) {
    const t = i - center;
    const s = t === 0 ? 1 : Math.sin(Math.PI * a * t) / (Math.PI * a * t);
    y[i] = 0.5 * s * (0.5 + 0.5 * Math.cos((Math.PI * t) / halfWidth));
  }
  return y;
}

// Copies one quantum of x from i into q (shared by every timed loop and the warm-up, so it is optimized
// before timing starts and reads no boxed samples).
function fill(q, x, i) {
  for (let k = 0; k < QUANTUM; k++) q[k] = x[i + k];
}

// ---------------------------------------------------------------- driving a candidate
async function instantiate(cand, inRate) {
  const r = await cand.create(inRate, OUT_RATE);
  if (!r || typeof r.process !== 'function' || typeof r.flush !== 'function')
    throw new Error('create() must return {process, flush}');
  return r;
}
function concat(parts, total) {
  const y = new Float32Array(total);
  let o = 0;
  for (const p of parts) {
    y.set(p, o);
    o += p.length;
  }
  return y;
}

// Feeds `input` in chunks of sizer(k) frames through ONE reused buffer (like an AudioWorklet).
async function runChunked(cand, inRate, input, sizer = () => QUANTUM) {
  const r = await instantiate(cand, inRate);
  const scratch = new Float32Array(8192);
  const q = new Float32Array(QUANTUM);
  const parts = [];
  let total = 0;
  for (let i = 0, k = 0; i < input.length; k++) {
    const n = Math.min(sizer(k), input.length - i);
    const chunk = n === QUANTUM ? q : scratch.subarray(0, n);
    chunk.set(input.subarray(i, i + n));
    const y = r.process(chunk);
    if (y && y.length) {
      parts.push(Float32Array.from(y));
      total += y.length;
    }
    i += n;
  }
  const before = total;
  const f = r.flush();
  if (f && f.length) {
    parts.push(Float32Array.from(f));
    total += f.length;
  }
  r.destroy?.();
  return { y: concat(parts, total), producedBeforeFlush: before };
}
async function runOneShot(cand, inRate, input) {
  const r = await instantiate(cand, inRate);
  const a = Float32Array.from(r.process(input.slice()) || []);
  const b = Float32Array.from(r.flush() || []);
  r.destroy?.();
  const y = new Float32Array(a.length + b.length);
  y.set(a);
  y.set(b, a.length);
  return y;
}

// ---------------------------------------------------------------- analysis
// Least-squares fit of a*cos + b*sin at the known frequency over [s, e): amplitude & SNR (residual).
function fitSine(y, f, fs, s, e) {
  const w = (2 * Math.PI * f) / fs;
  let cc = 0,
    ss = 0,
    cs = 0,
    yc = 0,
    ys = 0;
  for (let n = s; n < e; n++) {
    const c = Math.cos(w * n),
      si = Math.sin(w * n);
    cc += c * c;
    ss += si * si;
    cs += c * si;
    yc += y[n] * c;
    ys += y[n] * si;
  }
  const det = cc * ss - cs * cs;
  const a = (yc * ss - ys * cs) / det,
    b = (ys * cc - yc * cs) / det;
  let sig = 0,
    res = 0;
  for (let n = s; n < e; n++) {
    const m = a * Math.cos(w * n) + b * Math.sin(w * n);
    sig += m * m;
    res += (y[n] - m) ** 2;
  }
  return { amp: Math.hypot(a, b), snrDb: 10 * Math.log10(sig / Math.max(res, 1e-300)) };
}
function rmsDb(y, s, e, refRms) {
  let acc = 0;
  for (let n = s; n < e; n++) acc += y[n] * y[n];
  return 10 * Math.log10(Math.max(acc / (e - s), 1e-30) / (refRms * refRms));
}
function maxAbsDiff(a, b) {
  const n = Math.min(a.length, b.length);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (d > m || Number.isNaN(d)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}
function analysisWindow(y) {
  const edge = Math.round(EDGE_SECONDS * OUT_RATE);
  const s = edge,
    e = Math.min(y.length, Math.round(TONE_SECONDS * OUT_RATE)) - edge;
  if (e - s < OUT_RATE * 0.5) throw new Error(`output too short (${y.length} samples)`);
  return [s, e];
}

// Same fit with the frequency left free within +-50 ppm (golden-section search): separates a
// time-base (rate) error, e.g. a stretch by one input sample per buffer, from filter/noise error.
function fitSineFreeRate(y, f, fs, s, e) {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = -50e-6,
    b = 50e-6;
  const cost = d => -fitSine(y, f * (1 + d), fs, s, e).snrDb;
  let c = b - g * (b - a),
    d = a + g * (b - a),
    fc = cost(c),
    fd = cost(d);
  for (let i = 0; i < 36; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = cost(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = cost(d);
    }
  }
  const best = (a + b) / 2;
  return { snrDb: -cost(best), ppm: best * 1e6 };
}

async function toneTest(cand, inRate, f) {
  const { y } = await runChunked(cand, inRate, sine(Math.round(TONE_SECONDS * inRate), f, inRate));
  const [s, e] = analysisWindow(y);
  if (f < OUT_RATE / 2) {
    const r = fitSine(y, f, OUT_RATE, s, e);
    const fr = fitSineFreeRate(y, f, OUT_RATE, s, e);
    return {
      f,
      snrDb: r.snrDb,
      ampErrDb: 20 * Math.log10(r.amp / AMP),
      snrFreeRateDb: Math.max(r.snrDb, fr.snrDb),
      rateErrPpm: fr.snrDb > r.snrDb + 1 ? fr.ppm : 0,
    };
  }
  return { f, aliasDb: rmsDb(y, s, e, AMP / Math.SQRT2) };
}

async function latencyTest(cand, inRate) {
  const n = inRate;
  const c = Math.round(0.5 * inRate);
  const { y, producedBeforeFlush } = await runChunked(
    cand,
    inRate,
    pulse(n, c, 3000, inRate, Math.round(0.01 * inRate)),
  );
  let k = 0;
  for (let i = 1; i < y.length; i++) if (Math.abs(y[i]) > Math.abs(y[k])) k = i;
  let peak = k;
  if (k > 0 && k < y.length - 1) {
    const a = Math.abs(y[k - 1]),
      b = Math.abs(y[k]),
      d = Math.abs(y[k + 1]);
    const den = a - 2 * b + d;
    if (den !== 0) peak = k + (0.5 * (a - d)) / den;
  }
  const delay = peak - (c * OUT_RATE) / inRate; // output-position delay, output samples
  const holdBack = Math.round((n * OUT_RATE) / inRate) - producedBeforeFlush; // outputs withheld until flush
  return { delaySamples: delay, holdBackSamples: holdBack, latencyMs: ((delay + holdBack) / OUT_RATE) * 1000 };
}

async function streamingTest(cand, inRate) {
  const N = 2 * inRate + 37;
  const x = noise(N, 1234 + inRate);
  const expected = Math.round((N * OUT_RATE) / inRate);
  const one = await runOneShot(cand, inRate, x);
  const q = (await runChunked(cand, inRate, x)).y;
  const rnd = mulberry32(99);
  const irr = (await runChunked(cand, inRate, x, () => 1 + Math.floor(rnd() * 1000))).y;
  return {
    expected,
    lenOneShot: one.length - expected,
    len128: q.length - expected,
    lenIrregular: irr.length - expected,
    maxDiff128: maxAbsDiff(one, q),
    maxDiffIrregular: maxAbsDiff(one, irr),
  };
}

// GC observation (cheap proxy for per-quantum allocation)
const gcEntries = [];
const gcObs = new PerformanceObserver(list => {
  for (const e of list.getEntries()) gcEntries.push({ t: e.startTime, d: e.duration });
});
gcObs.observe({ entryTypes: ['gc'] });
const tick = () => new Promise(r => setTimeout(r, 30));

async function throughputTest(cand, inRate, seconds) {
  const x = noise(Math.round(seconds * inRate), 7 + inRate);
  {
    const w = await instantiate(cand, inRate);
    const q = new Float32Array(QUANTUM);
    for (let i = 0; i + QUANTUM <= Math.min(x.length, 2 * inRate); i += QUANTUM) {
      fill(q, x, i);
      w.process(q);
    }
    w.flush();
    w.destroy?.();
  }
  const r = await instantiate(cand, inRate);
  const q = new Float32Array(QUANTUM);
  await tick();
  const gc0 = gcEntries.length;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let outN = 0;
  for (let i = 0; i + QUANTUM <= x.length; i += QUANTUM) {
    fill(q, x, i);
    const y = r.process(q);
    outN += y ? y.length : 0;
  }
  const f = r.flush();
  outN += f ? f.length : 0;
  const wall = (performance.now() - t0) / 1000;
  const cu = process.cpuUsage(c0);
  const cpu = (cu.user + cu.system) / 1e6;
  r.destroy?.();
  await tick();
  const gcs = gcEntries.slice(gc0).filter(e => e.t >= t0);
  const res = {
    seconds,
    wallS: wall,
    cpuS: cpu,
    xRealtime: seconds / wall,
    xRealtimeCpu: seconds / Math.max(cpu, 1e-9),
    gcCount: gcs.length,
    gcMs: gcs.reduce((a, e) => a + e.d, 0),
    outSamples: outN,
  };
  if (cand.streaming) {
    // per-quantum timing pass (10 s)
    const r2 = await instantiate(cand, inRate);
    const n2 = Math.min(x.length, 10 * inRate);
    const times = new Float64Array(Math.floor(n2 / QUANTUM));
    let nt = 0;
    for (let i = 0; i + QUANTUM <= n2; i += QUANTUM) {
      fill(q, x, i);
      const t = performance.now();
      r2.process(q);
      times[nt++] = performance.now() - t;
    }
    // allocation probe: heap growth over 400 quanta with no GC in between (retry if a GC hit)
    // (minimum over several GC-free attempts; the first attempt in a process carries one-time overhead)
    const probes = [];
    for (let attempt = 0; attempt < 6 && probes.length < 3; attempt++) {
      await tick();
      const g0 = gcEntries.length;
      const h0 = v8.getHeapStatistics().used_heap_size;
      for (let j = 0, i = 0; j < 400; j++, i = (i + QUANTUM) % (n2 - QUANTUM)) {
        fill(q, x, i);
        r2.process(q);
      }
      const h1 = v8.getHeapStatistics().used_heap_size;
      await tick();
      if (gcEntries.length === g0) probes.push(Math.max(0, (h1 - h0) / 400));
    }
    if (probes.length) res.bytesPerQuantum = Math.min(...probes);
    r2.flush();
    r2.destroy?.();
    times.sort();
    res.meanUsPerQuantum = (times.reduce((a, b) => a + b, 0) / times.length) * 1000;
    res.p99UsPerQuantum = times[Math.floor(times.length * 0.99)] * 1000;
    res.maxUsPerQuantum = times[times.length - 1] * 1000;
  }
  return res;
}

async function guard(fn) {
  try {
    return await fn();
  } catch (e) {
    return { error: String((e && e.message) || e).slice(0, 200) };
  }
}

async function measure(cand, opts) {
  const res = {
    name: cand.name,
    file: cand.file,
    streaming: cand.streaming,
    notes: cand.notes || '',
    rates: {},
    extra: {},
  };
  for (const inRate of opts.rates) {
    const R = { pass: [], alias: [] };
    for (const f of PASS_TONES) R.pass.push(await guard(() => toneTest(cand, inRate, f)));
    for (const f of [TRANSITION_TONE, ...ALIAS_TONES])
      if (f < inRate / 2) R.alias.push(await guard(() => toneTest(cand, inRate, f)));
    R.latency = await guard(() => latencyTest(cand, inRate));
    R.stream = await guard(() => streamingTest(cand, inRate));
    R.speed = await guard(() => throughputTest(cand, inRate, opts.quick ? 10 : 60));
    R.summary = summarize(R);
    res.rates[inRate] = R;
    process.stderr.write(`  ${cand.name} @${inRate}: done\n`);
  }
  if (opts.extra) {
    for (const inRate of EXTRA_RATES) {
      if (opts.rates.includes(inRate)) continue;
      const E = {};
      E.tone1k = await guard(() => toneTest(cand, inRate, 1000));
      const fa = Math.min(12000, 0.45 * inRate);
      if (inRate > OUT_RATE && fa > 8500) E.alias = await guard(() => toneTest(cand, inRate, fa));
      E.len = await guard(async () => {
        const N = inRate + 11;
        const { y } = await runChunked(cand, inRate, noise(N, 5));
        return { delta: y.length - Math.round((N * OUT_RATE) / inRate) };
      });
      res.extra[inRate] = E;
    }
    process.stderr.write(`  ${cand.name} extra rates: done\n`);
  }
  return res;
}

function summarize(R) {
  const ok = a => a.filter(t => !t.error);
  const pass = ok(R.pass),
    alias = ok(R.alias);
  const errs = [...R.pass, ...R.alias].filter(t => t.error).map(t => t.error);
  const s = {
    minSnrDb: pass.length ? Math.min(...pass.map(t => t.snrDb)) : NaN,
    minSnrFreeRateDb: pass.length ? Math.min(...pass.map(t => t.snrFreeRateDb)) : NaN,
    rateErrPpm: pass.reduce((m, t) => (Math.abs(t.rateErrPpm) > Math.abs(m) ? t.rateErrPpm : m), 0),
    minSnrTo6kDb: Math.min(...pass.filter(t => t.f <= 6000).map(t => t.snrDb)),
    maxAmpErrTo6kDb: Math.max(...pass.filter(t => t.f <= 6000).map(t => Math.abs(t.ampErrDb))),
    ampAt7kDb: pass.find(t => t.f === 7000)?.ampErrDb,
    worstAliasDb: Math.max(...alias.filter(t => t.f >= 9000).map(t => t.aliasDb)),
    alias8k5Db: alias.find(t => t.f === TRANSITION_TONE)?.aliasDb,
    errors: errs,
  };
  if (R.stream && !R.stream.error) {
    const st = R.stream;
    s.streamDiff = Math.max(st.maxDiff128, st.maxDiffIrregular);
    s.lenDelta = [st.lenOneShot, st.len128, st.lenIrregular].reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a), 0);
    s.streamOk = s.streamDiff <= 4e-5 && Math.abs(s.lenDelta) <= 2; // 4e-5: allow 1 int16 LSB
  }
  return s;
}

// ---------------------------------------------------------------- report
const f1 = (v, d = 1) =>
  v === undefined || v === null || Number.isNaN(v)
    ? '-'
    : !Number.isFinite(v)
      ? v > 0
        ? 'inf'
        : '-inf'
      : v.toFixed(d);
const fdb = v => (v !== undefined && v < -150 ? '<-150' : f1(v));
function fmtDiff(d) {
  if (d === undefined) return '-';
  if (d === 0) return 'exact';
  return d < 1e-5 ? d.toExponential(0) : d.toFixed(d < 0.01 ? 4 : 2);
}

function table(results, inRate) {
  const rows = [
    [
      'candidate',
      'stream',
      'min SNR dB (0.1-7k)',
      'SNR dB to 6k',
      'SNR dB, rate err removed',
      'rate err ppm',
      '|amp err| dB to 6k',
      'amp @7k dB',
      'worst alias dB (>=9k)',
      'alias @8.5k dB',
      'x realtime',
      'us per 128: mean/p99/max',
      'GCs / bytes per 128',
      'latency ms',
      'chunked vs one-shot',
      'len delta',
      'errors',
    ],
  ];
  for (const r of results) {
    const R = r.rates[inRate];
    if (!R) continue;
    const s = R.summary;
    const sp = R.speed || {};
    const st = R.stream || {};
    const la = R.latency || {};
    rows.push([
      r.name,
      r.streaming ? 'yes' : 'one-shot',
      f1(s.minSnrDb),
      f1(s.minSnrTo6kDb),
      f1(s.minSnrFreeRateDb),
      Math.abs(s.rateErrPpm) >= 49.9 ? '>=50' : f1(s.rateErrPpm, 1),
      f1(s.maxAmpErrTo6kDb, 2),
      f1(s.ampAt7kDb, 2),
      fdb(s.worstAliasDb),
      fdb(s.alias8k5Db),
      sp.error ? 'ERR' : f1(sp.xRealtime, 0),
      sp.meanUsPerQuantum !== undefined
        ? `${f1(sp.meanUsPerQuantum, 1)}/${f1(sp.p99UsPerQuantum, 0)}/${f1(sp.maxUsPerQuantum, 0)}`
        : '-',
      `${sp.gcCount ?? '-'} / ${sp.bytesPerQuantum === undefined ? '-' : Math.round(sp.bytesPerQuantum)}`,
      r.streaming ? (la.error ? 'ERR' : f1(la.latencyMs, 2)) : 'offline',
      st.error ? 'ERR' : r.streaming ? (s.streamOk ? 'ok ' : 'FAIL ') + fmtDiff(s.streamDiff) : 'n/a',
      st.error ? '-' : s.lenDelta,
      [...(s.errors || []), st.error, sp.error, la.error].filter(Boolean).join('; ').slice(0, 80),
    ]);
  }
  return md(rows);
}
function extraTable(results) {
  const rates = EXTRA_RATES.filter(r => results.some(x => x.extra[r]));
  const rows = [['candidate', ...rates.map(r => `${r / 1000}k: SNR1k / alias / lenΔ`)]];
  for (const r of results) {
    rows.push([
      r.name,
      ...rates.map(rate => {
        const E = r.extra[rate];
        if (!E) return '-';
        const t = E.tone1k?.error ? 'ERR' : f1(E.tone1k?.snrDb, 0);
        const a = !E.alias ? '' : E.alias.error ? 'ERR' : E.alias.aliasDb < -150 ? '<-150' : f1(E.alias.aliasDb, 0);
        const l = E.len?.error ? 'ERR' : E.len?.delta;
        return `${t} / ${a || '-'} / ${l}`;
      }),
    ]);
  }
  return md(rows);
}
// Compact verdict table. "ok" = SNR (rate error removed) >= 60 dB, worst alias >= 9 kHz <= -60 dB,
// chunked == one-shot (or one-shot by design) and |length delta| <= 2, no errors.
function verdict(r, rate) {
  const R = r.rates[rate];
  if (!R) return '-';
  const s = R.summary;
  const why = [];
  if (!(s.minSnrFreeRateDb >= 60)) why.push(`SNR ${f1(s.minSnrFreeRateDb, 0)}`);
  if (!(s.worstAliasDb <= -60)) why.push(`alias ${f1(s.worstAliasDb, 0)}`);
  if (r.streaming && s.streamOk === false) why.push('stream');
  if (s.lenDelta !== undefined && Math.abs(s.lenDelta) > 2) why.push(`len ${s.lenDelta}`);
  if (s.errors?.length || R.stream?.error) why.push('errors');
  return why.length ? 'no: ' + why.join(', ') : 'ok';
}
function summaryTable(results, rates) {
  const rows = [
    [
      'candidate',
      'streaming',
      ...rates.flatMap(r => [
        `${r / 1000}k SNR dB`,
        `${r / 1000}k alias dB >=9k / 8.5k`,
        `${r / 1000}k x RT`,
        `${r / 1000}k ok`,
      ]),
      'other rates ok',
    ],
  ];
  for (const r of results) {
    const st = r.rates[rates[0]]?.summary;
    const extraBad = Object.entries(r.extra)
      .filter(
        ([, E]) =>
          E.tone1k?.error ||
          E.len?.error ||
          !(E.tone1k?.snrDb >= 60) ||
          (E.alias && !(E.alias.aliasDb <= -60)) ||
          Math.abs(E.len?.delta ?? 0) > 2,
      )
      .map(([k]) => k / 1000 + 'k');
    rows.push([
      r.name,
      r.streaming ? (st?.streamOk ? 'ok' : 'FAIL') : 'one-shot',
      ...rates.flatMap(rate => {
        const R = r.rates[rate];
        if (!R) return ['-', '-', '-', '-'];
        const s = R.summary;
        return [
          f1(s.minSnrDb, 0) + (s.rateErrPpm ? ` (${f1(s.minSnrFreeRateDb, 0)} w/o rate err)` : ''),
          `${fdb(s.worstAliasDb)} / ${fdb(s.alias8k5Db)}`,
          R.speed?.error ? 'ERR' : f1(R.speed?.xRealtime, 0),
          verdict(r, rate),
        ];
      }),
      Object.keys(r.extra).length ? (extraBad.length ? 'no: ' + extraBad.join(' ') : 'ok') : '-',
    ]);
  }
  return md(rows);
}
function md(rows) {
  return rows
    .map((r, i) => '| ' + r.join(' | ') + ' |' + (i === 0 ? '\n|' + r.map(() => '---').join('|') + '|' : ''))
    .join('\n');
}

// ---------------------------------------------------------------- main
const opts = parseArgs(process.argv.slice(2));
function printReport(results, rates) {
  for (const inRate of rates) {
    console.log(`\n### ${inRate} Hz -> ${OUT_RATE} Hz (tones at -6 dBFS, 128-frame quanta)\n`);
    console.log(table(results, inRate));
  }
  console.log(
    `\n### Summary (ok = SNR >= 60 dB with rate error removed, alias >= 9 kHz <= -60 dB, streaming exact, length within 2)\n`,
  );
  console.log(summaryTable(results, rates));
  if (results.some(r => Object.keys(r.extra).length)) {
    console.log(
      `\n### Other input rates (1 kHz SNR dB / alias dB of a tone at min(12k, 0.45*fs) / output length delta)\n`,
    );
    console.log(extraTable(results));
  }
}
if (opts.fromJson) {
  // re-render tables from a previous --json run without measuring
  const { results } = JSON.parse(fs.readFileSync(opts.fromJson, 'utf8'));
  printReport(
    results,
    Object.keys(results[0]?.rates || {})
      .map(Number)
      .sort((a, b) => b - a),
  );
  gcObs.disconnect();
  process.exit(0);
}
const files = opts.modules.length
  ? opts.withBuiltins
    ? [...BUILTINS, ...opts.modules]
    : opts.modules
  : [OURS, ...BUILTINS];
let cands = await loadCandidates(files);
if (opts.only) {
  const keys = opts.only.toLowerCase().split(',');
  cands = cands.filter(c => keys.some(k => c.name.toLowerCase().includes(k)));
}
if (opts.list) {
  for (const c of cands) console.log(`${c.name}  [${c.file}]${c.streaming ? '' : ' (one-shot)'}`);
  process.exit(0);
}
console.error(
  `node ${process.version}, ${cands.length} candidate(s), rates ${opts.rates.join(', ')} -> ${OUT_RATE}${opts.quick ? ', quick' : ''}`,
);
const results = [];
for (const c of cands) results.push(await measure(c, opts));
printReport(results, opts.rates);
if (opts.json)
  fs.writeFileSync(
    opts.json,
    JSON.stringify({ node: process.version, date: new Date().toISOString(), results }, null, 1),
  );
gcObs.disconnect();
