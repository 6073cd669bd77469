// What each part of dist/avatar-chat.js costs: builds the IIFE in memory with the real rollup config,
// minifies every module's rendered code on its own, and splits the bundle's gzip -9 size by those shares.
// Usage: node scripts/size-breakdown.mjs
import { rollup } from 'rollup';
import { minify } from 'terser';
import { gzipSync } from 'node:zlib';
import configs from '../rollup.config.mjs';

const config = configs[0];
const bundle = await rollup({ ...config, onwarn: () => {} });
// The real output (the config's terser, internal names shortened) for the total; the unminified chunk for the parts.
const [built] = (await bundle.generate(config.output)).output;
const total = gzipSync(built.code, { level: 9 }).length;
const { output } = await bundle.generate({ format: 'iife' });
const chunk = output.find(o => o.type === 'chunk');

const groups = new Map();
for (const [id, m] of Object.entries(chunk.modules)) {
  if (!m.code) continue;
  const min = (await minify(m.code, { ecma: 2021, module: true, compress: false, mangle: true })).code.length;
  const name = id.includes('node_modules')
    ? id.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, '$1')
    : id.replace(/.*\/src\//, 'src/').replace(/^\0/, '');
  groups.set(name, (groups.get(name) ?? 0) + min);
}
const sum = [...groups.values()].reduce((a, b) => a + b, 0);
console.log(`dist/avatar-chat.js: ${total} B gzip -9; per part (minified on its own, B; share of the gzip total, B):`);
for (const [name, min] of [...groups].sort((a, b) => b[1] - a[1]))
  console.log(`${String(min).padStart(7)}  ${String(Math.round((total * min) / sum)).padStart(6)}  ${name}`);
