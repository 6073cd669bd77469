// Options for `cem analyze` (npm run manifest; the globs are on its command line in package.json).
export default {
  plugins: [
    {
      // Lit's `static properties = { x: { state: true } }` is internal reactive state, but the analyzer lists it as
      // an attribute. Drop attributes whose field is not public.
      name: 'avatar-chat:no-state-attributes',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules ?? []) {
          for (const d of mod.declarations ?? []) {
            if (!d.attributes) continue;
            const hidden = new Set(
              (d.members ?? []).filter(m => m.privacy === 'private' || m.privacy === 'protected').map(m => m.name),
            );
            d.attributes = d.attributes.filter(a => !hidden.has(a.fieldName));
            for (const m of d.members ?? []) if (hidden.has(m.name)) delete m.attribute;
          }
        }
      },
    },
  ],
};
