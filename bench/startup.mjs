#!/usr/bin/env node
// Startup: how fast does a one-<script> chat widget appear? dist/avatar-chat.js beside the peers (deep-chat 2.4.2 and
// @elevenlabs/convai-widget-embed 0.5.4, exact-pinned dev dependencies) and a bare Lit element (the floor, bundled
// here with esbuild), in ONE Chromium, interleaved cold loads. The method is the team's startup bench
// (shared/bench/startup/README.md), rewritten for this project: same page shape, same probe, same metrics.
//
// Usage: node bench/startup.mjs [--runs 15] [--settle 1000] [--json FILE] [--only avatar-chat,floor]
//   [--variant NAME=FILE]...   another build of <avatar-chat> in the same run (e.g. a local experiment)
//   [--profile avatar-chat --profile-out FILE]   one extra traced load with the V8 CPU profiler (for bench/profile.mjs)
// Each load: a fresh browser context (own renderer, empty HTTP cache, no code cache) started on a same-origin blank
// page, then the widget page with Chrome tracing (devtools.timeline) on; after `load` and the first render, 1 s of
// settling, then the page's numbers; then a forced GC and CDP Performance.getMetrics for the heap.
// <avatar-chat> connects to the reference server (demo/server, in-process, 127.0.0.1), as it would on a real page.
// No traffic leaves the machine: --proxy-server=127.0.0.1:9 and --host-resolver-rules map every other host away.
import http from 'node:http';
import vm from 'node:vm';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { startChatServer } from '../demo/server/server.mjs';
import { chromium } from '../scripts/chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sleep = ms => new Promise(r => setTimeout(r, ms));
const DEFAULTS = { runs: 15, settle: 1000, timeout: 10000, only: null, files: {} };

const FLOOR_SOURCE = `
import { LitElement, html, css } from 'lit';
class HelloFloor extends LitElement {
  static properties = { name: {} };
  static styles = css\`:host { display: block; font: 16px sans-serif; }\`;
  constructor() { super(); this.name = 'floor'; }
  render() { return html\`<p>Hello, \${this.name}!</p>\`; }
}
customElements.define('hello-floor', HelloFloor);`;

/** The widgets, in table order; `attrs` is pasted into the start tag ({ws} = the reference server's socket). */
const WIDGETS = [
  {
    name: 'avatar-chat',
    file: 'dist/avatar-chat.js',
    tag: 'avatar-chat',
    attrs: 'url="{ws}" avatar-id="bench" style="display:block;height:600px"',
  },
  { name: 'deep-chat', file: 'node_modules/deep-chat/dist/deepChat.bundle.js', tag: 'deep-chat', attrs: '' },
  {
    // Offline its config fetch fails and it renders nothing; its documented `override-config` gives the config inline.
    name: 'elevenlabs',
    file: 'node_modules/@elevenlabs/convai-widget-embed/dist/index.js',
    tag: 'elevenlabs-convai',
    attrs: `agent-id="x" override-config='${JSON.stringify({ language: 'en', variant: 'compact', avatar: { type: 'orb', color_1: '#2792dc', color_2: '#9ce6e6' } })}'`,
  },
  { name: 'floor', file: null, tag: 'hello-floor', attrs: '' },
];

/** The bare Lit element: Lit 3.3.3 from our node_modules, minified IIFE. */
async function buildFloor() {
  const out = await build({
    stdin: { contents: FLOOR_SOURCE, resolveDir: root, loader: 'js' },
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2021',
    write: false,
    logLevel: 'error',
  });
  return Buffer.from(out.outputFiles[0].contents);
}

/** `gzip -9 -n` where GNU gzip exists, else zlib level 9 (within a few bytes of it). */
function gzip9(buf) {
  try {
    return execFileSync('gzip', ['-9', '-n', '-c'], { input: buf, maxBuffer: 1 << 28 }).length;
  } catch {
    return gzipSync(buf, { level: 9 }).length;
  }
}

/** In the page's <head>, before the widget: long tasks, whenDefined, first and last change in the shadow root. */
const probe = tag => `<script>(() => {
  const B = (window.__bench = { longtasks: [] }), tag = ${JSON.stringify(tag)};
  new PerformanceObserver(l => { for (const e of l.getEntries()) B.longtasks.push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: true });
  customElements.whenDefined(tag).then(() => {
    B.defined = performance.now();
    const el = document.querySelector(tag);
    const seen = mutations => {
      const sr = el && el.shadowRoot;
      if (sr && sr.childNodes.length && (mutations || !B.rendered)) {
        B.settled = performance.now(); B.rendered ??= B.settled; B.renderNodes ??= sr.childNodes.length;
      }
      return sr;
    };
    let mo = null;
    // every shadow root in the widget (sub-elements render into their own), each observed once
    const observed = new WeakSet();
    const observeAll = root => {
      if (!observed.has(root)) {
        observed.add(root);
        mo.observe(root, { childList: true, subtree: true, characterData: true });
      }
      for (const e of root.querySelectorAll('*')) if (e.shadowRoot) observeAll(e.shadowRoot);
    };
    const tick = () => {
      const sr = seen();
      if (sr && !mo) mo = new MutationObserver(mutations => { seen(mutations); observeAll(sr); });
      if (sr) observeAll(sr);
      if (!mo || !B.rendered) requestAnimationFrame(tick);
    };
    tick();
  });
})();</script>`;

const pageHtml = (
  w,
  src,
  ws,
) => `<!doctype html><html><head><meta charset="utf-8"><title>${w.name}</title>${probe(w.tag)}</head>
<body><${w.tag} ${w.attrs.replace('{ws}', ws)}></${w.tag}>
<script ${w.type === 'module' ? 'type="module" ' : ''}src="${src}"></script>
</body></html>`;

/** Main-thread compile + run of the widget's script, and its streamed (background) parse, from the trace. */
function scriptCost(events, url) {
  const mine = events.filter(e => e.ph === 'X' && (e.args?.data?.url === url || e.args?.fileName === url));
  const sum = es => es.reduce((s, e) => s + e.dur, 0) / 1000;
  const classic = mine.filter(e => e.name === 'EvaluateScript'); // holds v8.compile + v8.run
  const compileModule = mine.filter(e => e.name === 'v8.compileModule');
  let main = sum(classic);
  if (compileModule.length) {
    // module evaluation carries no URL; the page has no other module
    const { pid, tid, ts } = compileModule[0];
    const evals = events.filter(
      e => e.ph === 'X' && e.name === 'v8.evaluateModule' && e.pid === pid && e.tid === tid && e.ts >= ts,
    );
    main += sum(compileModule) + sum(evals);
  }
  return {
    evalMs: classic.length || compileModule.length ? main : NaN,
    parseBgMs: sum(mine.filter(e => e.name === 'v8.parseOnBackground')),
  };
}

const quantile = (xs, q) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? s[Math.ceil(q * s.length) - 1] : NaN;
};

export async function runStartupBench(options = {}) {
  const o = { ...DEFAULTS, ...options };
  const dist = path.join(root, 'dist', 'avatar-chat.js');
  if (!existsSync(dist)) execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
  // variants: { name: file } — more builds of <avatar-chat> (e.g. a patched one), measured in the same run
  const variants = Object.entries(o.variants ?? {}).map(([name, file]) => ({ ...WIDGETS[0], name, file }));
  const widgets = [...WIDGETS.filter(w => !o.only || o.only.includes(w.name)), ...variants].map(w => ({
    ...w,
    runs: [],
  }));
  for (const w of widgets) {
    w.file = o.files[w.name] ?? w.file; // e.g. an unminified build for profiling
    w.src = w.file ? readFileSync(path.resolve(root, w.file)) : await buildFloor();
    try {
      new vm.Script(w.src.toString());
      w.type = 'classic';
    } catch {
      w.type = 'module'; // deep-chat's bundle ends in export{…}
    }
    w.gzipBytes = gzip9(w.src);
  }
  const byName = new Map(widgets.map(w => [w.name, w]));
  const chat = await startChatServer({ host: '127.0.0.1', port: 0, quiet: true });
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://127.0.0.1');
    const [, kind, name] = u.pathname.split('/'); // /blank, /page/<name>?r=N, /w/<name>.js?r=N
    const w = byName.get(decodeURIComponent((name || '').replace(/\.js$/, '')));
    const head = { 'cache-control': 'no-store' };
    if (kind === 'blank') return res.writeHead(200, { ...head, 'content-type': 'text/html' }).end('<!doctype html>');
    if (w && kind === 'page') {
      const r = u.searchParams.get('r');
      const html = pageHtml(w, `/w/${encodeURIComponent(w.name)}.js?r=${r}`, chat.wsUrl(`startup-${r}`));
      return res.writeHead(200, { ...head, 'content-type': 'text/html; charset=utf-8' }).end(html);
    }
    if (w && kind === 'w') return res.writeHead(200, { ...head, 'content-type': 'text/javascript' }).end(w.src);
    res.writeHead(404).end();
  });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const exe = await chromium();
  const browser = await puppeteer.launch({
    executablePath: exe.path,
    headless: exe.npm ? 'shell' : true,
    protocolTimeout: 60000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--proxy-server=http://127.0.0.1:9',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });

  /** One cold load; `profile`: also sample the V8 CPU profiler and keep the whole trace. */
  async function measure(w, round, { profile = false } = {}) {
    const ctx = await browser.createBrowserContext();
    const p = await ctx.newPage();
    const errors = [];
    p.on('pageerror', e => errors.push(String(e.message || e).slice(0, 160)));
    try {
      await p.goto(`${origin}/blank`);
      const cdp = await p.createCDPSession();
      const scriptUrl = `${origin}/w/${encodeURIComponent(w.name)}.js?r=${round}`;
      const categories = ['devtools.timeline'];
      if (profile)
        categories.push(
          'disabled-by-default-devtools.timeline',
          'disabled-by-default-v8.cpu_profiler',
          'v8.execute',
          'blink',
          'v8',
          'blink.user_timing',
        );
      await p.tracing.start({ categories });
      await p.goto(`${origin}/page/${encodeURIComponent(w.name)}?r=${round}`, {
        waitUntil: 'load',
        timeout: o.timeout,
      });
      await p
        .waitForFunction('window.__bench && window.__bench.rendered', { timeout: o.timeout, polling: 50 })
        .catch(() => {});
      await sleep(o.settle);
      const b = await p.evaluate(tag => {
        const root = document.querySelector(tag)?.shadowRoot;
        // the status is in <avatar-chat-header>'s own shadow root
        const status = root?.querySelector('avatar-chat-header')?.shadowRoot?.querySelector('[part=status]');
        return {
          ...window.__bench,
          load: performance.getEntriesByType('navigation')[0].loadEventEnd,
          endElements: root?.querySelectorAll('*').length ?? 0,
          statusText: status?.textContent ?? '',
        };
      }, w.tag);
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('Performance.enable');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const m = Object.fromEntries(metrics.map(x => [x.name, x.value]));
      const trace = JSON.parse(Buffer.from(await p.tracing.stop()).toString());
      const events = trace.traceEvents ?? trace;
      const { evalMs, parseBgMs } = scriptCost(events, scriptUrl);
      return {
        evalMs,
        parseBgMs,
        definedMs: b.defined ?? NaN,
        renderMs: b.rendered ?? NaN,
        settledMs: b.settled ?? NaN,
        longTasks: b.longtasks.length,
        longestTaskMs: b.longtasks.reduce((x, [, d]) => Math.max(x, d), 0),
        tbtMs: b.longtasks.reduce((s, [, d]) => s + Math.max(0, d - 50), 0),
        heapMiB: m.JSHeapUsedSize / 2 ** 20,
        loadMs: b.load,
        renderNodes: b.renderNodes ?? 0,
        endElements: b.endElements,
        statusText: b.statusText,
        errors,
        ...(profile ? { trace, scriptUrl } : {}),
      };
    } finally {
      await ctx.close();
    }
  }

  try {
    const version = await browser.version();
    if (o.profile) {
      const w = byName.get(o.profile);
      await measure(w, 'warmup');
      return { browser: version, profile: await measure(w, 'profile', { profile: true }) };
    }
    console.error(`${version}, ${widgets.length} widgets x ${o.runs} cold loads, ${origin}`);
    for (const w of widgets) await measure(w, 'warmup'); // discarded
    const t0 = Date.now();
    for (let r = 0; r < o.runs; r++) {
      for (let i = 0; i < widgets.length; i++) {
        const w = widgets[(i + r) % widgets.length]; // rotated: no widget always follows the same one
        w.runs.push(await measure(w, r));
        await sleep(100);
      }
      process.stderr.write(`round ${r + 1}/${o.runs}\r`);
    }
    console.error(`\n${((Date.now() - t0) / 1000).toFixed(0)} s`);
    for (const w of widgets) {
      w.summary = {};
      for (const [k] of METRICS) {
        const xs = k === 'gzipKiB' ? [w.gzipBytes / 1024] : w.runs.map(x => x[k]);
        w.summary[k] = { median: quantile(xs, 0.5), p90: quantile(xs, 0.9), n: xs.filter(Number.isFinite).length };
      }
      delete w.src;
    }
    return { browser: version, node: process.version, date: new Date().toISOString(), ...o, widgets };
  } finally {
    await browser.close();
    server.close();
    await chat.close();
  }
}

/** [key, label, goal vs the floor (median ratio or additive), in the same run]. */
const METRICS = [
  ['renderMs', 'time to first render (ms from navigation)', { ratio: 1.3 }],
  ['settledMs', 'last shadow-DOM change (ms)', { ratio: 1.5 }],
  ['evalMs', 'script evaluation, main thread (ms)', { ratio: 1.5 }],
  ['heapMiB', 'JS heap after load + GC (MiB)', { plus: 0.3 }],
  ['longTasks', 'long tasks (> 50 ms), count', { max: 0 }],
  ['longestTaskMs', 'longest long task (ms; 0 = none)', null],
  ['definedMs', 'time to defined (ms)', null],
  ['parseBgMs', 'script parse, background thread (ms)', null],
  ['gzipKiB', 'size, gzip -9 (KiB)', null],
];

/** Markdown: one row per metric, median (p90) per widget, our ratio to the floor and the goal. */
export function startupTable(r) {
  const fmt = x => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1)) : 'n/a');
  const ours = r.widgets.find(w => w.name === 'avatar-chat');
  const floor = r.widgets.find(w => w.name === 'floor');
  const head = [
    'metric: median (p90)',
    ...r.widgets.map(w => (w.name === 'floor' ? 'bare Lit element (floor)' : w.name)),
  ];
  const withGoal = ours && floor;
  if (withGoal) head.push('avatar-chat vs floor', 'goal');
  const rows = METRICS.map(([k, label, goal]) => {
    const cells = r.widgets.map(w => {
      const s = w.summary[k];
      return k === 'gzipKiB' ? fmt(s.median) : `${fmt(s.median)} (${fmt(s.p90)})`;
    });
    const row = [label, ...cells];
    if (withGoal) {
      const a = ours.summary[k].median;
      const f = floor.summary[k].median;
      if (goal?.ratio) {
        const x = a / f;
        row.push(`${x.toFixed(2)}×`, `≤ ${goal.ratio}× ${x <= goal.ratio ? '✓' : '✗'}`);
      } else if (goal?.plus !== undefined) {
        const d = a - f;
        row.push(`+${d.toFixed(2)} MiB`, `≤ +${goal.plus} ${d <= goal.plus ? '✓' : '✗'}`);
      } else if (goal?.max !== undefined) {
        const worst = Math.max(...ours.runs.map(x => x[k]));
        row.push(`worst load: ${worst}`, `0 ${worst <= goal.max ? '✓' : '✗'}`);
      } else row.push(f > 0 ? `${(a / f).toFixed(2)}×` : '—', '');
    }
    return row;
  });
  return [head, ...rows]
    .map(
      (row, i) =>
        `| ${row.join(' | ')} |` +
        (i
          ? ''
          : `\n|---|${row
              .slice(1)
              .map(() => '---:')
              .join('|')}|`),
    )
    .join('\n');
}

/** One line per widget: what its shadow root held, its script type, page errors. */
export function startupNotes(r) {
  return r.widgets
    .map(w => {
      const med = k =>
        quantile(
          w.runs.map(x => x[k]),
          0.5,
        );
      const errs = [...new Set(w.runs.flatMap(x => x.errors))];
      const status = w.name === 'avatar-chat' ? `, status at the end: "${w.runs.at(-1).statusText}"` : '';
      return (
        `- ${w.name}: ${w.type} script${w.file ? ` ${w.file}` : ' (bundled by the bench)'}; shadow root: ` +
        `${med('renderNodes')} node(s) at first render, ${med('endElements')} elements at the end${status}` +
        `${errs.length ? `; page errors: ${errs.slice(0, 2).join(' | ')}` : ''}`
      );
    })
    .join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
  const r = await runStartupBench({
    runs: Number(opt('--runs', DEFAULTS.runs)),
    settle: Number(opt('--settle', DEFAULTS.settle)),
    only: opt('--only', null)?.split(','),
    profile: opt('--profile', null),
    variants: Object.fromEntries(
      args.flatMap((a, i) => (a === '--variant' ? [args[i + 1].split('=')] : [])).map(([k, v]) => [k, path.resolve(v)]),
    ),
  });
  if (r.profile) {
    const out = opt('--profile-out', path.join(root, 'bench-results', 'startup-profile.json'));
    writeFileSync(out, JSON.stringify(r.profile.trace));
    delete r.profile.trace;
    console.log(JSON.stringify(r.profile, null, 1));
    console.error(`trace: ${out}`);
  } else {
    console.log(
      `${r.browser}; ${r.runs} interleaved cold loads per widget\n\n${startupTable(r)}\n\n${startupNotes(r)}`,
    );
    const json = opt('--json', null);
    if (json) writeFileSync(json, JSON.stringify(r, null, 1));
  }
}
