import { VERSION } from './names.js';

type Versioned = CustomElementConstructor & { version?: string };

/** Defines `tag` unless it already is: a second copy of the script is a silent no-op; another version warns. */
export function defineOnce(tag: string, ctor: Versioned): void {
  const existing = customElements.get(tag) as Versioned | undefined;
  if (!existing) {
    ctor.version ??= VERSION; // so that a second copy of this script recognises it
    try {
      customElements.define(tag, ctor);
    } catch {
      /* defined by a racing copy in the meantime */
    }
  } else if (existing !== ctor && existing.version !== VERSION) {
    console.warn(`<${tag}> ${existing.version ?? '(unknown version)'} is already defined; ${VERSION} is not used.`);
  }
}
