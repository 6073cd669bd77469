// Bench candidate: our src/audio/resampler.ts, compiled with esbuild (minified, as it ships) to a temporary
// .mjs and wrapped in the harness's interface: create(inRate, outRate) -> { process, flush }.
// Works with bench/resampler-bench.mjs and with the team's original harness:
//   node resampler-bench.mjs /path/to/avatar-chat/bench/resampler-adapter.mjs --quick
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = await build({
  entryPoints: [path.join(root, 'src/audio/resampler.ts')],
  bundle: true,
  write: false,
  format: 'esm',
  target: 'es2021',
  minify: true,
});
const dir = mkdtempSync(path.join(tmpdir(), 'avatar-chat-resampler-'));
const file = path.join(dir, 'resampler.mjs');
writeFileSync(file, out.outputFiles[0].text);
const { Resampler } = await import(pathToFileURL(file).href);
rmSync(dir, { recursive: true, force: true });

export const name = 'avatar-chat Resampler';
export const notes = 'src/audio/resampler.ts: Kaiser-windowed sinc, polyphase with exact rational phases';
export const create = (inRate, outRate) => new Resampler(inRate, outRate);
