import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { minifyTemplates } from './scripts/minify-templates.mjs';
import { buildWorklet, WORKLET_SOURCE_ID } from './scripts/worklet.mjs';

/** Resolves `avatar-chat:worklet-source` to the built worklet's text; the IIFE build also writes it as a file. */
function workletSource({ emit = false } = {}) {
  let code;
  return {
    name: 'worklet-source',
    resolveId: id => (id === WORKLET_SOURCE_ID ? '\0' + id : null),
    async load(id) {
      if (id !== '\0' + WORKLET_SOURCE_ID) return null;
      code ??= await buildWorklet();
      return `export default ${JSON.stringify(code)};`;
    },
    generateBundle() {
      if (emit && code) this.emitFile({ type: 'asset', fileName: 'avatar-chat-worklet.js', source: code });
    },
  };
}

// ES2022 keeps class fields and `#private` members native: ES2021 would rewrite each `#name` into a WeakMap
// (+0.8 KB gzip) where terser shortens `#names` by itself, safely (no list of names to keep). Every browser the
// README supports (2024 and later) has them; so does the test Chromium (web-test-runner.config.mjs uses the same).
const ts = () => esbuild({ tsconfig: 'tsconfig.json', target: 'es2022', minify: false });

const minify = module =>
  terser({
    ecma: 2021,
    module,
    compress: { passes: 3, pure_getters: true },
    toplevel: true,
    format: { comments: false },
  });

export default [
  {
    input: 'src/script.ts',
    plugins: [workletSource({ emit: true }), minifyTemplates(), resolve({ browser: true }), ts()],
    output: { file: 'dist/avatar-chat.js', format: 'iife', plugins: [minify(false)] },
  },
  {
    input: 'src/index.ts',
    external: [/^lit($|\/)/, /^@lit\//],
    plugins: [workletSource(), minifyTemplates(), resolve({ browser: true }), ts()],
    output: { file: 'dist/index.js', format: 'es', sourcemap: true, plugins: [minify(true)] },
  },
];
