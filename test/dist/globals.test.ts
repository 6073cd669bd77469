import { expect } from '@open-wc/testing';
import { newClient } from '../helpers/chat.js';
import { frame, load, textTurn, type Chat } from './frame.js';

// "The host page is not ours": what dist/avatar-chat.js leaves on the page's window, and on nothing else it
// can reach (document, localStorage, sessionStorage), through loading and a text turn.
describe('dist/avatar-chat.js and the page', () => {
  it('adds <avatar-chat> and Lit’s own registries to window, nothing else; no page styles, no storage', async () => {
    const w = await frame('');
    const names = () => new Set(Object.getOwnPropertyNames(w));
    const before = names();
    const docBefore = Object.getOwnPropertyNames(w.document);
    const sheets = () => [w.document.styleSheets.length, w.document.adoptedStyleSheets.length];
    const sheetsBefore = sheets();
    const stored = () => [w.localStorage, w.sessionStorage].map(s => Object.keys(s).sort().join());
    const storedBefore = stored();
    await load(w.document, '/dist/avatar-chat.js');
    const { client, url } = await newClient('globals');
    const el = w.document.createElement('avatar-chat') as Chat;
    el.setAttribute('url', url);
    el.setAttribute('avatar-id', 'globals');
    w.document.body.append(el);
    await textTurn(el, client, 'hello');
    el.remove();
    const added = [...names()].filter(n => !before.has(n)).sort();
    // Lit (lit-html, reactive-element, lit-element) registers its versions and its decorator metadata map on
    // globalThis; every Lit element on any page does the same. Ours: none.
    expect(added).to.deep.equal([
      'litElementVersions',
      'litHtmlVersions',
      'litPropertyMetadata',
      'reactiveElementVersions',
    ]);
    expect(Object.getOwnPropertyNames(w.document)).to.deep.equal(docBefore);
    expect(stored(), 'localStorage, sessionStorage keys').to.deep.equal(storedBefore);
    expect(sheets(), 'style sheets of the page').to.deep.equal(sheetsBefore);
    expect(w.errors).to.deep.equal([]);
  });
});
