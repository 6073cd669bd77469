// The element-level tests against the built module (see bundleConfig in wtr/shared-config.mjs), in the npm Chromium.
import base from './web-test-runner.config.mjs';
import { bundleConfig } from './wtr/shared-config.mjs';

export default { ...base, ...bundleConfig, browsers: base.browsers };
