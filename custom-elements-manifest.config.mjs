// Options for `cem analyze` (npm run manifest; the globs are on its command line in package.json).

/** `Class:field` for every `static properties = { field: { state: true } }` entry (Lit's internal state). */
const stateFields = new Set();

export default {
  plugins: [
    {
      // The analyzer lists Lit's internal reactive state (`state: true`, or a non-public field) as attributes, and
      // re-adds `@internal` state fields as public members. Drop both from the manifest (and so from the README).
      name: 'avatar-chat:no-state-attributes',
      analyzePhase({ ts, node }) {
        if (!ts.isClassDeclaration(node) || !node.name) return;
        for (const member of node.members) {
          const isStatic = member.modifiers?.some(m => m.kind === ts.SyntaxKind.StaticKeyword);
          const init = member.initializer;
          if (!isStatic || member.name?.getText() !== 'properties' || !init || !ts.isObjectLiteralExpression(init)) {
            continue;
          }
          for (const p of init.properties) {
            const options = ts.isPropertyAssignment(p) && p.initializer;
            const state =
              options &&
              ts.isObjectLiteralExpression(options) &&
              options.properties.some(
                o => o.name?.getText() === 'state' && o.initializer?.kind === ts.SyntaxKind.TrueKeyword,
              );
            if (state) stateFields.add(`${node.name.getText()}:${p.name.getText()}`);
          }
        }
      },
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules ?? []) {
          for (const d of mod.declarations ?? []) {
            if (!d.members && !d.attributes) continue;
            const hidden = new Set(
              (d.members ?? [])
                .filter(
                  m => m.privacy === 'private' || m.privacy === 'protected' || stateFields.has(`${d.name}:${m.name}`),
                )
                .map(m => m.name),
            );
            if (d.attributes) d.attributes = d.attributes.filter(a => !hidden.has(a.fieldName));
            if (d.members) {
              d.members = d.members.filter(m => !stateFields.has(`${d.name}:${m.name}`));
              for (const m of d.members) if (hidden.has(m.name)) delete m.attribute;
            }
          }
        }
      },
    },
  ],
};
