// npm run check:pack, after npm run build: `publint` checks what package.json points to (every path in main, module,
// types and exports is packed; export conditions in a working order; types reachable). This script checks what
// publint does not: what `npm publish` would ship (npm pack --dry-run) has the files a user needs (README,
// CHANGELOG, the manifest, the worklet file, the declarations) and nothing from the sources, tests, demo or
// node_modules.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const REQUIRED = [
  'package.json',
  'README.md',
  'CHANGELOG.md',
  'custom-elements.json',
  'dist/avatar-chat.js',
  'dist/avatar-chat-worklet.js',
  'dist/index.js',
  'dist/types/index.d.ts',
  // Framework typings and editor data, generated from the manifest (custom-elements-manifest.config.mjs).
  'dist/frameworks/jsx.d.ts',
  'dist/frameworks/vue.d.ts',
  'dist/frameworks/svelte.d.ts',
  'dist/frameworks/vscode.html-custom-data.json',
  'dist/frameworks/vscode.css-custom-data.json',
  'dist/frameworks/web-types.json',
];
const FORBIDDEN = /^(src|test|demo|node_modules|scripts|bench|wtr|\.ci)\//;

const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { encoding: 'utf8' }));
const files = new Set(pack.files.map(f => f.path));
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const targets = new Set([pkg.main, pkg.module, pkg.types, pkg.customElements, pkg['web-types']]);
const walk = v => (typeof v === 'string' ? targets.add(v) : v && Object.values(v).forEach(walk));
walk(pkg.exports);
targets.delete(undefined);

const problems = [
  ...REQUIRED.filter(f => !files.has(f)).map(f => `missing: ${f}`),
  ...[...files].filter(f => FORBIDDEN.test(f)).map(f => `should not be packed: ${f}`),
];
if (problems.length) {
  console.error(`npm pack check failed (run npm run build first):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `npm pack check: ${files.size} files, ${(pack.size / 1024).toFixed(1)} KB packed, all required files present`,
);
