// Options for `cem analyze` (npm run manifest; the globs are on its command line in package.json), and the framework
// typings and editor data generated from the manifest into dist/frameworks/ (shipped in the package, see README):
// JSX (React 19, Preact, Solid), Vue, Svelte, VS Code custom data, JetBrains web-types.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { customElementJsxPlugin } from 'custom-element-jsx-integration';
import { customElementVuejsPlugin } from 'custom-element-vuejs-integration';
import { customElementSveltePlugin } from 'custom-element-svelte-integration';
import { customElementVsCodePlugin } from 'custom-element-vs-code-integration';
import { customElementJetBrainsPlugin } from 'custom-element-jet-brains-integration';

const OUTDIR = 'dist/frameworks';
/** The package's declarations (the element and its event classes), relative to OUTDIR (dist/types/ is emitted by tsc
 * before the manifest runs). */
const globalTypePath = '../types/index.js';
const TYPINGS = ['jsx.d.ts', 'vue.d.ts', 'svelte.d.ts'];

/** The one element a page uses; the sub-elements inside its shadow root (stage, transcript, composer) are internal. */
const PUBLIC_TAG = 'avatar-chat';

/**
 * A generator fed the manifest of the public element only (the sub-elements and their internal action events stay
 * out of the typings and editor data) and, with `settable`, without read-only fields (`status`, `messages`,
 * `recording` are getters: a framework that set them as props would throw). The manifest itself keeps everything.
 */
function publicOnly(plugin, { settable = false } = {}) {
  return {
    ...plugin,
    packageLinkPhase(context) {
      const manifest = structuredClone(context.customElementsManifest);
      for (const mod of manifest.modules ?? []) {
        mod.declarations = (mod.declarations ?? []).filter(d => !d.customElement || d.tagName === PUBLIC_TAG);
        for (const d of mod.declarations) {
          if (settable && d.members) d.members = d.members.filter(m => !(m.kind === 'field' && m.readonly));
        }
      }
      return plugin.packageLinkPhase({ ...context, customElementsManifest: manifest });
    },
  };
}
const settableOnly = plugin => publicOnly(plugin, { settable: true });

/**
 * The generators type a handler as `(e: CustomEvent<T>) => void`, T being the manifest's event type: ours are
 * Event classes with their own typed `detail` (AvatarChatStatusEvent…), so the handler gets the class itself.
 */
const eventClasses = {
  name: 'avatar-chat:event-classes',
  packageLinkPhase() {
    for (const file of TYPINGS) {
      const at = path.join(OUTDIR, file);
      writeFileSync(at, readFileSync(at, 'utf8').replace(/CustomEvent<(AvatarChat\w*Event)>/g, '$1'));
    }
  },
};

export default {
  plugins: [
    settableOnly(customElementJsxPlugin({ outdir: OUTDIR, fileName: 'jsx.d.ts', globalTypePath })),
    settableOnly(customElementVuejsPlugin({ outdir: OUTDIR, fileName: 'vue.d.ts', globalTypePath })),
    settableOnly(customElementSveltePlugin({ outdir: OUTDIR, fileName: 'svelte.d.ts', globalTypePath })),
    publicOnly(
      customElementVsCodePlugin({
        outdir: OUTDIR,
        htmlFileName: 'vscode.html-custom-data.json',
        cssFileName: 'vscode.css-custom-data.json',
      }),
    ),
    publicOnly(
      customElementJetBrainsPlugin({
        outdir: OUTDIR,
        webTypesFileName: 'web-types.json',
        packageJson: false, // package.json names it ("web-types") itself: the build does not rewrite package.json
      }),
    ),
    eventClasses,
  ],
};
