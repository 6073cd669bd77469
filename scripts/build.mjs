// npm run build: rollup (IIFE + ESM + worklet file), the declarations (dist/types), the Custom Elements
// Manifest (custom-elements.json, generated, not in git: `npm run manifest`), then the gzip size.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { gzipSize } from './size.mjs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
rmSync('dist', { recursive: true, force: true });
run('npx', ['rollup', '-c', '--silent']);
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
run('npm', ['run', '--silent', 'manifest']);
const buf = readFileSync('dist/avatar-chat.js');
console.log(`built dist/ (${buf.length} B, ${gzipSize(buf)} B gzip -9) and custom-elements.json`);
