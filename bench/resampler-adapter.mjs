// Bench candidate: our src/audio/resampler.ts, bundled by esbuild and minified by terser (as the worklet ships) to a temporary
// .mjs and wrapped in the harness's interface: create(inRate, outRate) -> { process, flush }.
// Works with bench/resampler-bench.mjs and with the team's original harness:
//   node resampler-bench.mjs /path/to/avatar-chat/bench/resampler-adapter.mjs --quick
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { minify } from 'terser';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = await build({
  entryPoints: [path.join(root, 'src/audio/resampler.ts')],
  bundle: true,
  write: false,
  format: 'esm',
  target: 'es2021',
});
const code = (await minify(out.outputFiles[0].text, { ecma: 2021, module: true, compress: { passes: 3 } })).code;
const dir = mkdtempSync(path.join(tmpdir(), 'avatar-chat-resampler-'));
const file = path.join(dir, 'resampler.mjs');
writeFileSync(file, code);
const { Resampler } = await import(pathToFileURL(file).href);
rmSync(dir, { recursive: true, force: true });

export const name = 'avatar-chat Resampler';
export const notes = 'src/audio/resampler.ts: Kaiser-windowed sinc, polyphase with exact rational phases';
export const create = (inRate, outRate) => new Resampler(inRate, outRate);
