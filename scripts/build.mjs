// npm run build: rollup (IIFE + ESM + worklet file), the declarations (dist/types), the Custom Elements
// Manifest (custom-elements.json, generated, not in git: `npm run manifest`), then the gzip size.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { gzipSize } from './size.mjs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
rmSync('dist', { recursive: true, force: true });
run('npx', ['rollup', '-c', '--silent']);
declarations();
run('npm', ['run', '--silent', 'manifest']);
const buf = readFileSync('dist/avatar-chat.js');
console.log(`built dist/ (${buf.length} B, ${gzipSize(buf)} B gzip -9) and custom-elements.json`);

/**
 * dist/types: tsc emits declarations even when some file has a type error (exit status 2: "diagnostics present,
 * outputs generated"). A type error is `npm run typecheck`'s to report (npm run verify); it must not stop the
 * build and every browser test behind it. Anything else (no output, a bad tsconfig) fails the build.
 */
function declarations() {
  try {
    run('npx', ['tsc', '-p', 'tsconfig.build.json']);
  } catch (e) {
    if (e.status !== 2 || !existsSync('dist/types/index.d.ts')) throw e;
    console.warn('warning: dist/types was emitted despite the type errors above (npm run typecheck)');
  }
}
