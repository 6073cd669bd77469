#!/usr/bin/env node
// Where the startup time goes: one traced cold load (bench/startup.mjs's page, Chrome tracing with the V8 CPU
// profiler) of <avatar-chat> built WITHOUT minification (same rollup config, terser left out, so the functions have
// their source names), and one of the bare Lit element. Prints the main-thread tasks from navigation to the last
// shadow-DOM change, what each spent its time on, and the hottest functions during the script's evaluation and
// during the first render.
// Usage: node bench/profile.mjs [--minified] [--out DIR]   (traces are written to DIR, bench-results/ by default;
// open them in Chrome DevTools → Performance → Load profile)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runStartupBench } from './startup.mjs';
import { unminifiedBuild } from './unminified.mjs';
import {
  cpuSamples,
  eventsOf,
  hotFunctions,
  inclusive,
  markTs,
  rendererMain,
  tasks,
  total,
} from './trace-analysis.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
const outDir = path.resolve(opt('--out', path.join(root, 'bench-results')));
const f = x => x.toFixed(1);

/** One traced load of `name` and a printed breakdown; returns the numbers. */
async function profileStartup(name, files) {
  const r = await runStartupBench({ profile: name, files, settle: 600 });
  const p = r.profile;
  const events = eventsOf(p.trace);
  writeFileSync(path.join(outDir, `startup-${name}.trace.json`), JSON.stringify(p.trace));
  const thread = rendererMain(events, p.scriptUrl);
  const nav = markTs(events, thread.pid, 'navigationStart');
  const end = nav + p.settledMs * 1e3 + 2e3;
  const evalEvent = events.find(e => e.name === 'EvaluateScript' && e.args?.data?.url === p.scriptUrl);
  console.log(
    `\n### ${name}: first render ${f(p.renderMs)} ms, last shadow-DOM change ${f(p.settledMs)} ms, ` +
      `script evaluation ${f(p.evalMs)} ms (from navigation start; tracing with the CPU profiler slows everything)\n`,
  );
  console.log('| task starts at (ms) | task ms | what it did (ms) |\n|---:|---:|---|');
  for (const t of tasks(events, thread, nav, end)) {
    const parts = Object.entries(t.parts)
      .filter(([, ms]) => ms >= 0.1)
      .map(([k, ms]) => `${k} ${f(ms)}`)
      .join(', ');
    console.log(`| ${f(t.atMs)} | ${f(t.ms)} | ${parts} |`);
  }
  const samples = cpuSamples(events, thread);
  const windows = [['script evaluation', evalEvent.ts, evalEvent.ts + evalEvent.dur]];
  const renderTask = tasks(events, thread, nav, end).find(t => t.atMs <= p.renderMs && t.atMs + t.ms >= p.renderMs);
  if (renderTask && nav + renderTask.atMs * 1e3 > evalEvent.ts + evalEvent.dur)
    windows.push([
      'the task of the first render',
      nav + renderTask.atMs * 1e3,
      nav + (renderTask.atMs + renderTask.ms) * 1e3,
    ]);
  for (const [what, from, to] of windows) {
    console.log(`\nHottest functions during ${what} (${f((to - from) / 1e3)} ms; self / total ms):\n`);
    for (const h of hotFunctions(samples, from, to, 12)) console.log(`- ${h.name}: ${f(h.selfMs)} / ${f(h.totalMs)}`);
  }
  const byName = test => inclusive(samples, nav, end, s => test(s.functionName ?? ''));
  const styles = total(events, thread, 'ParseAuthorStyleSheet', nav, end);
  const recalc = total(events, thread, 'UpdateLayoutTree', nav, end);
  const layout = total(events, thread, 'Layout', nav, end);
  console.log(
    `\nUntil the end of the settle: style sheet parsing ${f(styles)} ms, style recalculation ${f(recalc)} ms, ` +
      `layout ${f(layout)} ms; CPU samples in functions named *css*/CSSResult ${f(byName(n => /css|CSSResult|adoptStyles/i.test(n)))} ms, ` +
      `render()/update() ${f(byName(n => /^(render|update|performUpdate)$/.test(n)))} ms, ` +
      `connect/WebSocket ${f(byName(n => /connect|open|WebSocket/i.test(n)))} ms`,
  );
  return p;
}

mkdirSync(outDir, { recursive: true });
const files = args.includes('--minified') ? {} : { 'avatar-chat': await unminifiedBuild(outDir) };
await profileStartup('avatar-chat', files);
await profileStartup('floor', {});
