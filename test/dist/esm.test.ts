import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { newClient } from '../helpers/chat.js';
import { load, textTurn, type Chat } from './frame.js';

// dist/index.js as a bundler or an import map would use it: an ES module, `lit` left as a bare import (resolved
// here by the test runner's nodeResolve). The specifiers are variables so TypeScript does not look for types.
type Module = typeof import('../../src/index.js');
const ESM = '/dist/index.js';

describe('dist/index.js (ES module)', () => {
  const sandbox = sinon.createSandbox();
  afterEach(() => sandbox.restore());

  it('defines <avatar-chat> on import and exports the class and the events', async () => {
    const mod: Module = await import(ESM);
    expect(customElements.get('avatar-chat')).to.equal(mod.AvatarChat);
    expect(mod.AvatarChat.version).to.match(/^\d+\.\d+\.\d+/);
    const ev = new mod.AvatarChatErrorEvent({ code: 'socket', message: 'm', recoverable: true });
    expect(ev).to.include({ type: 'avatar-chat-error', bubbles: true, composed: true });
    expect(ev.detail.code).to.equal('socket');

    const { client, url } = await newClient('esm');
    const el = document.createElement('avatar-chat');
    expect(el).to.be.instanceOf(mod.AvatarChat);
    el.url = url;
    el.avatarId = 'esm';
    document.body.append(el);
    await textTurn(el as unknown as Chat, client, 'from the module');
    el.remove();
  });

  it('a second copy of the module, then the classic script: no-ops, no warning', async () => {
    const mod: Module = await import(ESM);
    const warn = sandbox.spy(console, 'warn');
    const again: Module = await import(`${ESM}?copy`); // another module instance: new classes, same version
    expect(again.AvatarChat).to.not.equal(mod.AvatarChat);
    await load(document, '/dist/avatar-chat.js');
    expect(customElements.get('avatar-chat')).to.equal(mod.AvatarChat);
    expect(warn.args).to.deep.equal([]);
  });
});
