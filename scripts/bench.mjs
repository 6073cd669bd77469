#!/usr/bin/env node
// npm run bench [-- --full] [-- --only resampler,wav,flood,startup,voice]
// Runs the benchmark steps in order and prints one compact summary per step; each step's full report goes
// to bench-results/ (not committed). Timings depend on the machine and on what else runs on it.
// The startup and voice steps also write their tables into README.md ("Size and speed, measured"), between
// <!-- bench:NAME:start --> and <!-- bench:NAME:end --> comments, so a rerun replaces them.
// Add a benchmark by appending a step: { name, title, run(ctx) -> markdown summary string }.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const full = args.includes('--full');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : null;
const outDir = path.join(root, 'bench-results');

const f = (v, d = 1) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : v === -Infinity ? '-inf' : '-');
const db = v => (typeof v === 'number' && v < -150 ? '< -150' : f(v));
const mark = ok => (ok ? '✓' : '✗');
const md = rows =>
  rows.map((r, i) => `| ${r.join(' | ')} |` + (i ? '' : `\n|${r.map(() => '---').join('|')}|`)).join('\n');

/** Runs `node file ...args`, stdout to `log`, stderr (progress) passed through. */
function node(file, argv, log) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    const p = spawn(process.execPath, [path.join(root, file), ...argv], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    p.stdout.on('data', c => chunks.push(c));
    p.on('error', reject);
    p.on('close', code => {
      writeFileSync(log, Buffer.concat(chunks));
      if (code) reject(new Error(`${file} exited with ${code}; output in ${path.relative(root, log)}`));
      else resolve();
    });
  });
}

// Reference points from shared/design/audio.md (measured by the team with the same harness; not re-measured here).
const ANCHORS = [
  ['Chrome own conversion: AudioContext({sampleRate:16000}) + 48 kHz mic', '-46', '-3.2', '-'],
  ['speexdsp quality 4 (Firefox default)', '-88', '-0.4', '-'],
  ['libsamplerate SINC_BEST (wasm2js)', '-148', '0', '26'],
  ['~100-line Kaiser polyphase in plain JS', '-110', '0.0', '126'],
];

async function resamplerStep() {
  const json = path.join(outDir, 'resampler.json');
  await node(
    'bench/resampler-bench.mjs',
    [...(full ? [] : ['--quick']), '--json', json],
    path.join(outDir, 'resampler.md'),
  );
  const { results } = JSON.parse(readFileSync(json, 'utf8'));
  const ours = results.find(r => r.name === 'avatar-chat Resampler');
  const rates = [48000, 44100].filter(r => ours.rates[r]);
  const S = rates.map(r => ours.rates[r].summary);
  const P = rates.map(r => ours.rates[r].speed);
  const L = rates.map(r => ours.rates[r].latency);
  const row = (what, target, vals, ok) => [what, target, ...vals.map((v, i) => `${v} ${mark(ok(i))}`)];
  const t1 = md([
    ['our Resampler', 'target', ...rates.map(r => `${r / 1000} kHz`)],
    row(
      'alias, tones 9–20 kHz',
      '≤ −90 dB',
      S.map(s => db(s.worstAliasDb)),
      i => S[i].worstAliasDb <= -90,
    ),
    row(
      'alias, tone 8.5 kHz',
      '≤ −60 dB',
      S.map(s => db(s.alias8k5Db)),
      i => S[i].alias8k5Db <= -60,
    ),
    row(
      'pass-band SNR 0.1–7 kHz',
      '≥ 100 dB',
      S.map(s => f(s.minSnrDb)),
      i => S[i].minSnrDb >= 100,
    ),
    row(
      'max level error to 6 kHz',
      '≤ 0.1 dB',
      S.map(s => f(s.maxAmpErrTo6kDb, 3)),
      i => S[i].maxAmpErrTo6kDb <= 0.1,
    ),
    row(
      'level at 7 kHz',
      '≥ −0.5 dB',
      S.map(s => f(s.ampAt7kDb, 3)),
      i => S[i].ampAt7kDb >= -0.5,
    ),
    row(
      'chunked vs one call / length Δ',
      'exact / ±1',
      S.map(s => `${s.streamDiff === 0 ? 'exact' : s.streamDiff} / ${s.lenDelta}`),
      i => S[i].streamDiff === 0 && Math.abs(S[i].lenDelta) <= 1,
    ),
    row(
      '× real time (wall; CPU time)',
      '≥ 100',
      P.map(p => `${f(p.xRealtime, 0)}; ${f(p.xRealtimeCpu, 0)}`),
      i => P[i].xRealtime >= 100,
    ),
    row(
      'µs per 128 frames, mean / p99',
      '≤ 30 / ≤ 100',
      P.map(p => `${f(p.meanUsPerQuantum)} / ${f(p.p99UsPerQuantum, 0)}`),
      i => P[i].meanUsPerQuantum <= 30 && P[i].p99UsPerQuantum <= 100,
    ),
    row(
      `GCs in ${P[0].seconds} s / bytes per 128`,
      '0 / ~0',
      P.map(p => `${p.gcCount} / ${f(p.bytesPerQuantum, 0)}`),
      i => P[i].gcCount === 0 && P[i].bytesPerQuantum < 16,
    ),
    row(
      'latency',
      '≤ 4 ms',
      L.map(l => `${f(l.latencyMs, 2)} ms`),
      i => L[i].latencyMs <= 4,
    ),
  ]);
  const extra = Object.entries(ours.extra).map(([rate, E]) => {
    const snr = E.tone1k?.snrDb,
      alias = E.alias?.aliasDb,
      len = E.len?.delta;
    const ok = snr >= 90 && (alias === undefined || alias <= -80) && Math.abs(len) <= 1;
    return [`${rate / 1000} kHz`, f(snr, 0), alias === undefined ? '-' : db(alias), String(len), mark(ok)];
  });
  const t2 = md([['other input rate', '1 kHz SNR dB (≥ 90)', 'alias dB (≤ −80)', 'length Δ (±1)', ''], ...extra]);
  const cmp = results.map(r => {
    const s = rates.map(rate => r.rates[rate]?.summary);
    return [
      r.name + ' (measured)',
      s.map(x => db(x?.worstAliasDb)).join(' / '),
      s.map(x => f(x?.ampAt7kDb, 2)).join(' / '),
      rates.map(rate => f(r.rates[rate]?.speed?.xRealtime, 0)).join(' / '),
    ];
  });
  const t3 = md([
    [
      'resampler',
      `worst alias ≥ 9 kHz, dB (${rates.map(r => r / 1000).join(' / ')} kHz)`,
      'level at 7 kHz, dB',
      '× real time',
    ],
    ...cmp,
    ...ANCHORS.map(([n, ...v]) => [`${n} (design/audio.md)`, ...v]),
  ]);
  return `${t1}\n\n${t2}\n\n${t3}\n\n(${full ? '60' : '10'} s throughput runs; full tables: bench-results/resampler.md)`;
}

async function wavStep() {
  const { runWavBench } = await import('../bench/wav-browser.mjs');
  const r = await runWavBench({ seconds: 10, runs: 25 });
  writeFileSync(path.join(outDir, 'wav.json'), JSON.stringify(r, null, 1));
  const rows = r.rows.map(x => [x.step, x.method, f(x.median, 2), f(x.mean, 2), x.valid ? 'identical' : 'DIFFERS']);
  const total = r.rows.find(x => x.method === 'encodeWav + toBase64');
  if (r.rows.some(x => !x.valid)) throw new Error('an encoder produced different output: ' + JSON.stringify(r.rows));
  return (
    `${r.browser}; ${r.seconds} s of 16 kHz audio = ${r.wavBytes} WAV bytes = ${r.base64Chars} base64 characters; ${r.runs} runs\n\n` +
    md([['step', 'method', 'median ms', 'mean ms', 'output'], ...rows]) +
    `\n\nencodeWav + toBase64 per 10 s: ${f(total.median, 2)} ms (target ≤ 3 ms) ${mark(total.median <= 3)}`
  );
}

async function floodStep() {
  const { runFloodBench, floodSummary } = await import('../bench/flood.mjs');
  const r = await runFloodBench({ replies: 1000, runs: full ? 7 : 3, trace: true });
  writeFileSync(path.join(outDir, 'flood.json'), JSON.stringify(r, null, 1));
  if (r.results.some(x => x.messages !== r.replies || x.kept !== 200 || x.entries !== 200))
    throw new Error('replies lost or transcript not capped at 200: ' + JSON.stringify(r.results));
  return floodSummary(r);
}

/** Replaces README.md's text between <!-- bench:NAME:start --> and <!-- bench:NAME:end --> with `text`. */
async function writeReadme(name, text) {
  const file = path.join(root, 'README.md');
  const readme = readFileSync(file, 'utf8');
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} … ${end} block`);
  const prettier = await import('prettier'); // the README stays as `prettier --check .` wants it
  const options = { ...(await prettier.resolveConfig(file)), filepath: file };
  const next = `${readme.slice(0, a + start.length)}\n\n${text}\n\n${readme.slice(b)}`;
  writeFileSync(file, await prettier.format(next, options));
}

async function startupStep() {
  const { runStartupBench, startupTable, startupNotes } = await import('../bench/startup.mjs');
  const r = await runStartupBench({ runs: 15 });
  writeFileSync(path.join(outDir, 'startup.json'), JSON.stringify(r, null, 1));
  const date = r.date.slice(0, 10);
  const table =
    `${r.browser}, ${date}: medians (p90) of ${r.runs} interleaved cold loads each, one run of ` +
    '`npm run bench -- --only startup`; compare ratios within one run, not numbers across runs.\n\n' +
    startupTable(r);
  await writeReadme('startup', table);
  return `${table}\n\n${startupNotes(r)}\n\n(written to README.md; raw numbers: bench-results/startup.json)`;
}

async function voiceStep() {
  const { runVoiceLatencyBench, voiceSummary } = await import('../bench/voice-latency.mjs');
  const r = await runVoiceLatencyBench({ runs: 5 });
  writeFileSync(path.join(outDir, 'voice.json'), JSON.stringify(r, null, 1));
  const text = `${voiceSummary(r)}\n\n(${new Date().toISOString().slice(0, 10)}, one run of \`npm run bench -- --only voice\`)`;
  await writeReadme('voice', text);
  return `${text}\n\n(written to README.md; raw numbers: bench-results/voice.json)`;
}

const steps = [
  {
    name: 'resampler',
    title: `Resampler, X → 16 kHz (Node ${process.version}${full ? '' : ', --quick'})`,
    run: resamplerStep,
  },
  { name: 'wav', title: 'WAV + base64 in Chromium', run: wavStep },
  { name: 'flood', title: '1000-reply burst in Chromium (dist/avatar-chat.js)', run: floodStep },
  { name: 'startup', title: 'Startup beside the peers and a bare Lit element (dist/avatar-chat.js)', run: startupStep },
  { name: 'voice', title: 'Voice turn latency: release → frame at the server (dist/avatar-chat.js)', run: voiceStep },
];

mkdirSync(outDir, { recursive: true });
let failed = 0;
for (const s of steps.filter(s => !only || only.includes(s.name))) {
  console.error(`\n== ${s.name}`);
  try {
    const summary = await s.run();
    console.log(`\n## ${s.title}\n\n${summary}`);
  } catch (e) {
    failed++;
    console.log(`\n## ${s.title}\n\nFAILED: ${e?.stack || e}`);
  }
}
process.exit(failed ? 1 : 0);
