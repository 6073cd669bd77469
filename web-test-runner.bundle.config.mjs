// The element-level tests again, against the built ES module (dist/index.js: minified, internal property names
// shortened by terser) instead of the sources: what a site gets must behave as what the sources are tested to do.
// Run after `npm run build`. Unit tests of single modules (protocol/, audio/, controllers/) and the dist/ tests
// already cover their own code and are not repeated.
import base from './web-test-runner.config.mjs';

/** `import '…/src/index.js'` (the test's element definition) → the built module. */
const builtElement = {
  name: 'built-element',
  resolveImport({ source }) {
    if (/(^|\/)src\/index\.js$/.test(source)) return '/dist/index.js';
  },
};

export default {
  ...base,
  files: ['test/*.test.ts', 'test/ui/**/*.test.ts', 'test/hardening/**/*.test.ts', '!test/server.test.ts'],
  plugins: [builtElement, ...base.plugins],
};
