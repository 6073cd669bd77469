import { expect } from '@open-wc/testing';
import { newClient } from '../helpers/chat.js';
import { frame, textTurn, type Chat } from './frame.js';

// dist/avatar-chat.js the ways a page may include it: each in a fresh document (iframe), each doing a text turn.
const MODES: [string, (script: string, el: string) => string][] = [
  ['classic, after the element', (s, el) => `${el}${s}`],
  ['classic, in <head> before the element', (s, el) => `<head>${s}</head><body>${el}</body>`],
  ['defer', (s, el) => `<head>${s.replace('<script', '<script defer')}</head><body>${el}</body>`],
  ['async', (s, el) => `<head>${s.replace('<script', '<script async')}</head><body>${el}</body>`],
  ['type="module"', (s, el) => `<head>${s.replace('<script', '<script type="module"')}</head><body>${el}</body>`],
];

describe('dist/avatar-chat.js loading modes', () => {
  for (const [name, page] of MODES) {
    it(`${name}: defines <avatar-chat> and it works`, async () => {
      const { client, url } = await newClient('mode');
      const w = await frame(
        page(
          '<script src="/dist/avatar-chat.js"></script>',
          `<avatar-chat url="${url}" avatar-id="mode"></avatar-chat>`,
        ),
      );
      const el = w.document.querySelector('avatar-chat') as Chat;
      expect(el).to.be.instanceOf(w.customElements.get('avatar-chat')!);
      await textTurn(el, client, name);
      expect(w.warnings).to.deep.equal([]);
      expect(w.errors).to.deep.equal([]);
    });
  }

  it('is one classic script: no import or export statements', async () => {
    const code = await (await fetch('/dist/avatar-chat.js')).text();
    // a module-only construct makes a classic <script> fail to parse: compile it as a classic script body
    expect(() => new Function(code)).to.not.throw();
    expect(code).to.not.match(/\bimport\s*\(|\bimport\.meta\b/);
  });
});
