import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { newClient } from '../helpers/chat.js';
import { frame, load, textTurn, type Chat } from './frame.js';

// The one-file script on a page that already has it (a CMS block and a theme both embed it), and on a page where
// another version of <avatar-chat> is already defined.

describe('dist/avatar-chat.js loaded twice', () => {
  const sandbox = sinon.createSandbox();
  afterEach(() => sandbox.restore());

  it('the second copy is a silent no-op and the element works', async () => {
    const warn = sandbox.spy(console, 'warn');
    const error = sandbox.spy(console, 'error');
    await load(document, '/dist/avatar-chat.js');
    const first = customElements.get('avatar-chat');
    expect(first, 'defined').to.not.equal(undefined);

    await load(document, '/dist/avatar-chat.js');
    expect(customElements.get('avatar-chat')).to.equal(first);
    expect(warn.args, 'console.warn').to.deep.equal([]);
    expect(error.args, 'console.error').to.deep.equal([]);

    const { client, url } = await newClient('twice');
    const el = document.createElement('avatar-chat') as Chat;
    el.setAttribute('url', url);
    el.setAttribute('avatar-id', 'twice');
    document.body.append(el);
    expect(el).to.be.instanceOf(first!);
    await textTurn(el, client, 'loaded twice');
    el.remove();
    expect(warn.args, 'console.warn').to.deep.equal([]);
  });

  it('two script tags in the markup: one definition, no warning, the element works', async () => {
    const { client, url } = await newClient('twice-markup');
    const w = await frame(`
      <script src="/dist/avatar-chat.js"></script>
      <avatar-chat url="${url}" avatar-id="twice-markup"></avatar-chat>
      <script src="/dist/avatar-chat.js"></script>`);
    const el = w.document.querySelector('avatar-chat') as Chat;
    expect(el).to.be.instanceOf(w.customElements.get('avatar-chat')!);
    await textTurn(el, client, 'two tags');
    expect(w.warnings).to.deep.equal([]);
    expect(w.errors).to.deep.equal([]);
  });
});

describe('another version of <avatar-chat> is already defined', () => {
  it('keeps it, warns exactly once, throws nothing', async () => {
    const w = await frame(`
      <script>customElements.define('avatar-chat', class Fake extends HTMLElement { static version = '9.9.9'; });</script>
      <avatar-chat id="el"></avatar-chat>
      <script src="/dist/avatar-chat.js"></script>
      <script>window.after = true;</script>`);
    expect(w.warnings).to.have.length(1);
    expect(w.warnings[0]).to.contain('9.9.9').and.to.contain('avatar-chat');
    expect(w.errors).to.deep.equal([]);
    expect((w as unknown as { after: boolean }).after, 'later scripts run').to.equal(true);
    const defined = w.customElements.get('avatar-chat') as unknown as { version: string };
    expect(defined.version).to.equal('9.9.9');
    expect(w.document.getElementById('el')).to.be.instanceOf(defined as unknown as typeof HTMLElement);
  });
});
