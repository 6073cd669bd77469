// dist/avatar-chat.js's rollup build with its output plugins (terser) left out, so that profiles show the source's
// function names. Written to bench-results/avatar-chat.unminified.js; returns that path.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function unminifiedBuild(outDir = path.join(root, 'bench-results')) {
  const cwd = process.cwd();
  process.chdir(root); // the config's paths are relative to the checkout
  try {
    const [config] = (await import('../rollup.config.mjs')).default;
    const bundle = await rollup({ input: config.input, plugins: config.plugins, onwarn: () => {} });
    mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, 'avatar-chat.unminified.js');
    await bundle.write({ ...config.output, file, plugins: [] });
    await bundle.close();
    return file;
  } finally {
    process.chdir(cwd);
  }
}
