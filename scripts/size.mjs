// Size check for dist/avatar-chat.js with gzip -9 (Lit, the worklet and the resampler included).
// BUDGET is the product budget (27 KB, element-api.md) and the enforced limit: above it `npm run size` fails. The
// README's "Size" section and `node scripts/size-breakdown.mjs` say what each part costs.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export const BUDGET = 27 * 1024;
const file = new URL('../dist/avatar-chat.js', import.meta.url);
export const gzipSize = buf => gzipSync(buf, { level: 9 }).length;

if (import.meta.url === `file://${process.argv[1]}`) {
  const buf = readFileSync(file);
  const gz = gzipSize(buf);
  const kb = n => `${(n / 1024).toFixed(2)} KB`;
  console.log(`dist/avatar-chat.js: ${buf.length} B, ${gz} B gzip -9 = ${kb(gz)}`);
  if (gz > BUDGET) {
    console.error(`  FAIL: over the ${kb(BUDGET)} budget by ${kb(gz - BUDGET)}`);
    process.exit(1);
  }
  console.log(`  within the ${kb(BUDGET)} budget (${kb(BUDGET - gz)} left)`);
}
