// npm run check:cycles: fails on any import cycle in src/ (type-only imports count: a controller gets what it needs
// from the element as options and callbacks, never by importing it). madge reads the imports; `.js` specifiers
// resolve to the `.ts` files through tsconfig.json.
import madge from 'madge';

/** Cycles that exist today and are on their way out, as madge prints them (none: keep it that way). */
const ALLOWED = new Set([]);

const graph = await madge('src', {
  fileExtensions: ['ts'],
  tsConfig: 'tsconfig.json',
  excludeRegExp: [/^avatar-chat:/], // the worklet's source text, made by the build
});
const cycles = graph.circular().map(cycle => cycle.join(' > '));
const found = cycles.filter(cycle => !ALLOWED.has(cycle));
for (const cycle of ALLOWED) if (!cycles.includes(cycle)) console.log(`gone (remove it from ALLOWED): ${cycle}`);
if (found.length) {
  console.error(`import cycles in src/:\n  ${found.join('\n  ')}`);
  process.exit(1);
}
console.log(`no import cycles in src/ (${Object.keys(graph.obj()).length} files)`);
