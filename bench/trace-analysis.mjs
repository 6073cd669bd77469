// Reading Chrome traces (puppeteer page.tracing) for bench/profile.mjs: the renderer main thread's tasks in a time
// window, what each task spent its time on (trace events), and the V8 CPU profile's self time per function
// (categories 'disabled-by-default-v8.cpu_profiler'). Times are ms; `ts` in the trace is µs.

/** The events array of a trace file's JSON. */
export const eventsOf = trace => trace.traceEvents ?? trace;

/** { pid, tid } of the main thread of the renderer that ran `url` (or the one that has a CPU profile). */
export function rendererMain(events, url) {
  const ran = url && events.find(e => e.args?.data?.url === url && e.name === 'EvaluateScript');
  const pid = ran?.pid ?? events.find(e => e.name === 'ProfileChunk')?.pid;
  const main = events.find(e => e.name === 'thread_name' && e.pid === pid && e.args.name === 'CrRendererMain');
  return { pid, tid: main?.tid };
}

/** Timestamp (µs) of a user-timing mark (performance.mark) on that renderer, or of navigationStart. */
export function markTs(events, pid, name) {
  return events.find(e => e.pid === pid && e.name === name && (e.ph === 'R' || e.ph === 'I' || e.ph === 'n'))?.ts;
}

/** Trace events that say what a task did; the first one met (outermost) names the task's kind. */
const KINDS = [
  'EvaluateScript',
  'v8.compileModule',
  'v8.evaluateModule',
  'ParseHTML',
  'FireAnimationFrame',
  'TimerFire',
  'FunctionCall',
  'EventDispatch',
  'RunMicrotasks',
  'ParseAuthorStyleSheet',
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'Layerize',
  'Commit',
  'MajorGC',
  'MinorGC',
  'V8.GC_SCAVENGER',
  'V8.GC_MC_MARK',
];

/**
 * Main-thread tasks (RunTask) of { pid, tid } that overlap [fromUs, toUs], longer than minMs: start (ms after
 * originUs, default fromUs), duration, and the summed durations of the KINDS events nested in each (top level of each kind only).
 */
export function tasks(events, { pid, tid }, fromUs, toUs, { minMs = 0.2, originUs = fromUs } = {}) {
  const mine = events.filter(e => e.pid === pid && e.tid === tid && e.ph === 'X');
  const runs = mine.filter(e => e.name === 'RunTask' && e.ts + e.dur >= fromUs && e.ts <= toUs && e.dur >= minMs * 1e3);
  return runs.map(t => {
    const inside = mine.filter(e => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && KINDS.includes(e.name));
    const parts = {};
    for (const e of inside) {
      // only the outermost event of each name counts (FunctionCall inside FunctionCall is not added twice)
      const outer = inside.some(o => o !== e && o.name === e.name && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur);
      if (!outer) parts[e.name] = (parts[e.name] ?? 0) + e.dur / 1e3;
    }
    return { atMs: (t.ts - originUs) / 1e3, ms: t.dur / 1e3, parts };
  });
}

/** Sum of durations (ms) of the outermost events called `name` on { pid, tid } in [fromUs, toUs]. */
export function total(events, { pid, tid }, name, fromUs, toUs) {
  const es = events.filter(
    e => e.pid === pid && e.tid === tid && e.ph === 'X' && e.name === name && e.ts >= fromUs && e.ts <= toUs,
  );
  return es
    .filter(e => !es.some(o => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur))
    .reduce((s, e) => s + e.dur / 1e3, 0);
}

/**
 * The V8 CPU profile of `pid` as samples: [{ ts (µs), stack: [callFrame, …] (leaf first) }]. Chrome writes it as a
 * 'Profile' event and 'ProfileChunk' events with nodes (id, callFrame, parent), samples (node ids) and timeDeltas.
 */
export function cpuSamples(events, { pid, tid }) {
  const nodes = new Map();
  const samples = [];
  let ts;
  const profile = events.find(e => e.pid === pid && e.tid === tid && e.name === 'Profile');
  const chunks = events.filter(
    e => e.pid === pid && e.id === profile?.id && (e.name === 'Profile' || e.name === 'ProfileChunk'),
  );
  for (const e of chunks) {
    if (e.name === 'Profile') {
      ts = e.args.data.startTime;
      continue;
    }
    const d = e.args.data;
    for (const n of d.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
    const ids = d.cpuProfile?.samples ?? [];
    ids.forEach((id, i) => {
      ts += d.timeDeltas[i];
      samples.push({ ts, id });
    });
  }
  return samples.map(({ ts, id }) => {
    const stack = [];
    for (let n = nodes.get(id); n; n = nodes.get(n.parent)) stack.push(n.callFrame);
    return { ts, stack };
  });
}

const frameName = f =>
  `${f.functionName || '(anonymous)'}${f.url ? ` ${f.url.split('/').pop().split('?')[0]}:${f.lineNumber + 1}` : ''}`;

/**
 * Self and total time (ms) per function over the samples in [fromUs, toUs]; the top `n` by self time.
 * Each sample stands for the interval to the next one (capped at 1 ms, so idle gaps are not charged).
 */
export function hotFunctions(samples, fromUs, toUs, n = 15) {
  const self = new Map();
  const tot = new Map();
  const inWindow = samples.filter(s => s.ts >= fromUs && s.ts <= toUs);
  inWindow.forEach((s, i) => {
    const dt = Math.min(1000, (inWindow[i + 1]?.ts ?? s.ts + 100) - s.ts) / 1e3;
    const leaf = frameName(s.stack[0]);
    if (leaf === '(idle)' || leaf === '(program)') return;
    self.set(leaf, (self.get(leaf) ?? 0) + dt);
    for (const name of new Set(s.stack.map(frameName))) tot.set(name, (tot.get(name) ?? 0) + dt);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => ({ name, selfMs: ms, totalMs: tot.get(name) }));
}

/** Total time (ms) of samples in [fromUs, toUs] whose stack contains a frame matching `test`. */
export function inclusive(samples, fromUs, toUs, test) {
  const inWindow = samples.filter(s => s.ts >= fromUs && s.ts <= toUs);
  let ms = 0;
  inWindow.forEach((s, i) => {
    const dt = Math.min(1000, (inWindow[i + 1]?.ts ?? s.ts + 100) - s.ts) / 1e3;
    if (s.stack.some(test)) ms += dt;
  });
  return ms;
}

/**
 * The samples of a CDP Profiler.stop() profile, as cpuSamples gives them; its times are on the trace's clock
 * (monotonic µs), so a trace event's `ts` can bound them.
 */
export function profileSamples(profile) {
  const nodes = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  let ts = profile.startTime;
  return profile.samples.map((id, i) => {
    ts += profile.timeDeltas[i];
    const stack = [];
    for (let n = nodes.get(id); n; n = nodes.get(parent.get(n.id))) stack.push(n.callFrame);
    return { ts, stack };
  });
}
