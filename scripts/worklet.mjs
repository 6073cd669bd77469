// Builds the capture AudioWorklet (src/audio/capture.worklet.ts + the resampler it imports) into one
// self-contained script. Used by rollup (inlined as a string, and written as dist/avatar-chat-worklet.js)
// and by the test runner (served as a module that exports the same string).
import { build } from 'esbuild';
import { minify as terser } from 'terser';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WORKLET_ENTRY = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../src/audio/capture.worklet.ts',
);
/** The specifier src/ imports the worklet's source text from. */
export const WORKLET_SOURCE_ID = 'avatar-chat:worklet-source';

/** The worklet as one script: esbuild bundles it; `minify` runs terser on it (a little smaller than esbuild's). */
export async function buildWorklet({ minify = true } = {}) {
  const out = await build({
    entryPoints: [WORKLET_ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2021',
    legalComments: 'none',
  });
  const code = out.outputFiles[0].text;
  if (!minify) return code;
  return (await terser(code, { ecma: 2021, module: true, compress: { passes: 3 }, format: { comments: false } })).code;
}
