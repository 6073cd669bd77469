// npm run build: rollup (IIFE + ESM + worklet file), then declarations, then the gzip size.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { gzipSize } from './size.mjs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
rmSync('dist', { recursive: true, force: true });
run('npx', ['rollup', '-c', '--silent']);
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
const buf = readFileSync('dist/avatar-chat.js');
console.log(`built dist/avatar-chat.js: ${buf.length} B, ${gzipSize(buf)} B gzip -9`);
