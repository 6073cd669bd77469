// Builds the capture AudioWorklet (src/audio/capture.worklet.ts + the resampler it imports) into one
// self-contained script. Used by rollup (inlined as a string, and written as dist/avatar-chat-worklet.js)
// and by the test runner (served as a module that exports the same string).
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WORKLET_ENTRY = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../src/audio/capture.worklet.ts',
);
/** The specifier src/ imports the worklet's source text from. */
export const WORKLET_SOURCE_ID = 'avatar-chat:worklet-source';

export async function buildWorklet({ minify = true } = {}) {
  const out = await build({
    entryPoints: [WORKLET_ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2021',
    minify,
    legalComments: 'none',
  });
  return out.outputFiles[0].text;
}
