// The test runner options every engine shares (files, plugins, timeouts), and the bundle run's. Launches nothing:
// web-test-runner.config.mjs adds the npm Chromium, web-test-runner.firefox/webkit.config.mjs add theirs.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chatServerPlugin } from './chat-server-plugin.mjs';
import { workletSourcePlugin } from './worklet-plugin.mjs';
import { touchPlugin } from './touch-plugin.mjs';
import { mediaPlugin } from './media-plugin.mjs';

/**
 * A failed assertion's `actual` or `expected` goes to the runner through structuredClone, which throws on a DOM node
 * (e.g. `expect(part(el, 'badge')).to.equal(undefined)` failing): the file then never reported and timed out after
 * testsFinishTimeout, with no word of what failed. Before the framework starts, a `fail` listener on the mocha runner
 * turns values that cannot be cloned into their text.
 */
const cloneableFailures = `
  let runner;
  Object.defineProperty(window, '__WTR_MOCHA_RUNNER__', {
    configurable: true,
    get: () => runner,
    set(value) {
      runner = value;
      runner.on('fail', (_test, error) => {
        for (const key of ['actual', 'expected']) {
          if (!error || typeof error[key] !== 'object' || error[key] === null) continue;
          try {
            structuredClone(error[key]);
          } catch {
            error[key] = String(error[key]);
          }
        }
      });
    },
  });
`;

export const sharedConfig = {
  files: ['test/**/*.test.ts'],
  nodeResolve: { browser: true, exportConditions: ['development'] },
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 120000,
  testRunnerHtml: testFramework =>
    `<!DOCTYPE html><html><head></head><body><script>${cloneableFailures}</script>` +
    `<script type="module" src="${testFramework}"></script></body></html>`,
  plugins: [
    workletSourcePlugin(),
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }), // as rollup.config.mjs: native #private
    chatServerPlugin(),
    touchPlugin(),
    mediaPlugin(),
  ],
};

/** `import '…/src/index.js'` (the test's element definition) → the built module. */
const builtElement = {
  name: 'built-element',
  resolveImport({ source }) {
    if (/(^|\/)src\/index\.js$/.test(source)) return '/dist/index.js';
  },
};

/**
 * The element-level tests again, against the built ES module (dist/index.js: minified, internal property names
 * shortened by terser) instead of the sources: what a site gets must behave as what the sources are tested to do.
 * Run after `npm run build`. Unit tests of single modules (protocol/, audio/, controllers/) and the dist/ tests
 * already cover their own code and are not repeated.
 */
export const bundleConfig = {
  ...sharedConfig,
  files: [
    'test/*.test.ts',
    'test/ui/**/*.test.ts',
    'test/hardening/**/*.test.ts',
    '!test/server.test.ts',
    // unit tests of the modules beside avatar-chat.ts: they import those modules, not the element
    '!test/{settings,failures,player-controller,conversation-controller,voice-turn-controller}.test.ts',
  ],
  plugins: [builtElement, ...sharedConfig.plugins],
};

/** The sources run, or with AVATAR_CHAT_TESTS=bundle the bundle run (scripts/browsers.sh sets it). */
export function targetConfig() {
  const target = process.env.AVATAR_CHAT_TESTS ?? 'sources';
  if (target === 'sources') return sharedConfig;
  if (target === 'bundle') return bundleConfig;
  throw new Error(`AVATAR_CHAT_TESTS=${target}: expected "sources" or "bundle"`);
}
