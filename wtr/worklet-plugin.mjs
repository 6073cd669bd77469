// Serves `avatar-chat:worklet-source` to tests that import the sources: the same string rollup inlines.
import { buildWorklet, WORKLET_SOURCE_ID } from '../scripts/worklet.mjs';

const PATH = '/__avatar-chat-worklet-source.js';

export function workletSourcePlugin() {
  return {
    name: 'worklet-source',
    resolveImport({ source }) {
      if (source === WORKLET_SOURCE_ID) return PATH;
    },
    async serve(context) {
      if (context.path === PATH)
        return { body: `export default ${JSON.stringify(await buildWorklet({ minify: false }))};`, type: 'js' };
    },
  };
}
