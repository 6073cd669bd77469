import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { AvatarChat } from '../src/avatar-chat.js';
import type { ErrorDetail } from '../src/events.js';
import { behaviour, cmd, frames, newClient, push, sockets, waitForFrames, waitForSocket } from './helpers/chat.js';
import { connectedChat } from './helpers/widget.js';
import { defaultStrings as str } from '../src/strings.js';
import { deepAll } from './ui/ui.js';

/** The first match in the element's shadow tree, sub-elements included. */
const q = (el: AvatarChat, sel: string) => deepAll(el.shadowRoot!, sel)[0];
const log = (el: AvatarChat) => q(el, '[part~=transcript]');

const connected = () => connectedChat({ prefix: 'conn', reply: true, attrs: { 'avatar-id': 'av' } });

describe('<avatar-chat> connection, at the element', () => {
  it('server status frames become a system line and a server error with the right recoverable', async () => {
    const { el, client } = await connected();
    const errors: ErrorDetail[] = [];
    el.addEventListener('avatar-chat-error', e => errors.push(e.detail));
    for (const status of [402, 503, 504]) await push(client, { type: 'error', status, error: `status ${status}` });
    await waitUntil(() => errors.length === 3);
    expect(errors.map(e => [e.code, e.recoverable])).to.deep.equal([
      ['server', false],
      ['server', true],
      ['server', true],
    ]);
    await el.updateComplete;
    const lines = [...log(el).querySelectorAll('[part~="message--system"]')].map(m => m.textContent!.trim());
    expect(lines).to.deep.equal([str.server402, str.server503, str.server504]);
    expect(el.status).to.equal('connected');
  });

  it('a turn the server refuses (503) shows retry; retry sends it once more, exactly once', async () => {
    const { el, client } = await connected();
    await behaviour(client, { status: 503 });
    const m = (await el.send('please'))!;
    await waitUntil(() => el.messages.find(x => x.id === m.id)?.state === 'failed', 'turn marked failed');
    await behaviour(client, { status: null });
    await el.updateComplete;
    const retry = log(el).querySelector<HTMLButtonElement>('[part~="retry-button"]')!;
    expect(retry.textContent!.trim()).to.equal('Retry');
    retry.click();
    const got = await waitForFrames(client, 2);
    await waitUntil(() => el.messages.some(x => x.role === 'avatar'), 'the retried turn is answered');
    expect(got).to.have.length(2);
    expect(got[1]).to.equal(got[0]);
    expect(el.messages.find(x => x.id === m.id)!.state).to.equal('sent');
    await el.updateComplete; // renders are batched per frame
    // booleans, not elements: a failing assertion on a DOM node can stall the runner's error serialisation
    expect(!!log(el).querySelector('[part~="retry-button"]')).to.equal(false);
  });

  it('changing url moves the connection; changing avatar-id changes the next frame', async () => {
    const { el, client } = await connected();
    const b = await newClient('conn-b');
    el.url = b.url;
    await waitForSocket(b.client);
    await waitUntil(async () => (await sockets(client)) === 0, 'old socket closed');
    await waitUntil(() => el.status === 'connected');
    el.avatarId = 'other-avatar';
    await el.updateComplete;
    await el.send('to b');
    expect(JSON.parse((await waitForFrames(b.client))[0]).avatar_id).to.equal('other-avatar');
    expect(await frames(client)).to.deep.equal([]);
  });

  it('the header says when the connection is lost and back; status events fire', async () => {
    const { el, client } = await connected();
    const seen: string[] = [];
    el.addEventListener('avatar-chat-status', e => seen.push(e.detail.status));
    const lost = oneEvent(el, 'avatar-chat-error');
    // The first attempt to come back is refused: a reconnect within the same frame as the loss would otherwise put
    // "Online" back before the header ever rendered the loss.
    await behaviour(client, { refuse: 1 });
    await cmd('chat-terminate', { client });
    expect((await lost).detail.code).to.equal('socket');
    await waitUntil(() => /offline|reconnect/i.test(q(el, '[part="status"]').textContent!), 'the header says so');
    expect(q(el, '[part="error"]').textContent).to.contain(str.socketLost);
    await waitUntil(() => el.status === 'connected', 'reconnected', { timeout: 8000 });
    await el.updateComplete;
    expect(seen[0]).to.equal('reconnecting');
    expect(seen.at(-1)).to.equal('connected');
    expect(q(el, '[part="status"]').textContent!.trim()).to.equal(str.statusConnected);
    expect(q(el, '[part="error"]').textContent!.trim()).to.equal('');
  });

  it('disabled disconnects and disables input; enabling connects again', async () => {
    const { el, client } = await connected();
    el.disabled = true;
    await el.updateComplete;
    await waitUntil(async () => (await sockets(client)) === 0, 'socket closed');
    expect(q(el, 'textarea').hasAttribute('disabled')).to.be.true;
    expect(q(el, '[part="send-button"]').hasAttribute('disabled')).to.be.true;
    el.disabled = false;
    await waitUntil(() => el.status === 'connected');
  });

  it('disconnect() closes with 1000 and stops; connect() opens again', async () => {
    const { el, client } = await connected();
    el.disconnect();
    await waitUntil(() => el.status === 'closed');
    await waitUntil(async () => (await sockets(client)) === 0, 'socket closed');
    const m = (await el.send('while closed'))!;
    expect(m.state).to.equal('queued');
    el.connect();
    await waitUntil(() => el.status === 'connected');
    expect(JSON.parse((await waitForFrames(client))[0]).request).to.equal('while closed');
  });
});
