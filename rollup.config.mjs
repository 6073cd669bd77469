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

const ts = () => esbuild({ tsconfig: 'tsconfig.json', target: 'es2021', minify: false });

/**
 * Property names that never leave our code, shortened by terser: members and option fields of the element's
 * internals and controllers, and fields of internal results. Never a public name (element-api.md: attributes,
 * properties, methods, events and their details, ChatMessage fields, strings keys), a wire or storage key, a worklet
 * message field, or a DOM/Lit name (terser keeps names on its DOM-property list anyway: `connection`, `config`,
 * `emit`, … are not listed). A name missing here only costs bytes; a wrong one breaks the bundle, which
 * `npm run test:bundle` runs the element-level tests against.
 */
const INTERNAL = `
  turns conversation recorder player mic autoConnect restored tokens cfg deliver patch sendText announce
  announcement problem micProblem playingId setState internals str fail serverError onStatus onFrame onTurnState
  onReply onReplay onRetry onPlaybackError onMic onVisibility onOpen onRecorded onKeydown onPanelKeydown
  usesToken reauth connectTimeout minDelay maxDelay growFactor minUptime maxQueue maxQueueBytes getStream
  preRollMs onLevel onStart onSpeech onStop turnMs markStart cut maxMs startMs endMs minSpeechMs riseMs onDrop
  attachTranscript current blocked onPlaying onEnd onMeta stick unseen slotted lastMessages scrollToEnd onScroll
  onSlot problems quoted baseUrl maxBytes kinds dataBytes dataOffset
`
  .trim()
  .split(/\s+/);

const minify = module =>
  terser({
    ecma: 2021,
    module,
    compress: { passes: 3, pure_getters: true },
    mangle: { properties: { regex: new RegExp(`^(?:${INTERNAL.join('|')})$`) } },
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
