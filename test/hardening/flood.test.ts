import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { MAX_MESSAGES } from '../../src/chat/conversation.js';
import { push, sockets, waitForFrames } from '../helpers/chat.js';
import { bubbleText, mount, squash, transcriptRoot, unmountAll } from './util.js';

const LIMIT = 16 * 1024 * 1024; // the parser's default frame limit (UTF-16 code units)

describe('hardening: frame size and floods', function () {
  this.timeout(40000);
  afterEach(unmountAll);

  it('a frame over the 16 MB limit is dropped with a protocol error; the socket stays; the next reply shows', async () => {
    const { el, client } = await mount();
    const errors: { code: string; cause?: { reason?: string } }[] = [];
    el.addEventListener('avatar-chat-error', e => errors.push(e.detail as never));
    const shell = JSON.stringify({ type: 'incoming', answer: '' });
    const big = JSON.stringify({ type: 'incoming', answer: 'x'.repeat(LIMIT + 1 - shell.length) });
    expect(big.length).to.equal(LIMIT + 1);
    await push(client, big);
    await waitUntil(() => errors.length > 0, 'no error for the big frame', { timeout: 15000 });
    expect(errors[0].code).to.equal('protocol');
    expect(errors[0].cause?.reason).to.equal('too-large');
    expect(el.messages).to.have.length(0);
    expect(el.status).to.equal('connected');
    expect(await sockets(client)).to.equal(1);
    const next = oneEvent(el, 'avatar-chat-message');
    await push(client, { type: 'incoming', answer: 'after the big one' });
    expect((await next).detail.message.text).to.equal('after the big one');
    await el.send('and turns still go out');
    expect((await waitForFrames(client))[0]).to.contain('and turns still go out');
  });

  it('1 000 replies in a burst: at most MAX_MESSAGES kept, in messages and in the DOM, newest last', async () => {
    const { el, client } = await mount();
    const N = 1000;
    for (let i = 0; i < N; i += 100)
      await Promise.all(
        Array.from({ length: 100 }, (_, j) => push(client, { type: 'incoming', answer: `burst ${i + j}` })),
      );
    await waitUntil(() => el.messages.at(-1)?.text === `burst ${N - 1}`, 'last reply', { timeout: 30000 });
    expect(el.messages).to.have.length(MAX_MESSAGES);
    const nums = el.messages.map(m => Number(/^burst (\d+)$/.exec(m.text)?.[1]));
    // The newest 200, in arrival order (the server sends in command order).
    expect(nums).to.deep.equal(Array.from({ length: MAX_MESSAGES }, (_, i) => N - MAX_MESSAGES + i));
    await el.updateComplete;
    const rendered = [...transcriptRoot(el).querySelectorAll('[part~="message"]')];
    expect(rendered).to.have.length(MAX_MESSAGES);
    expect(rendered.map(r => r.getAttribute('data-id'))).to.deep.equal(el.messages.map(m => m.id));
    expect(squash(bubbleText(rendered.at(-1)!))).to.equal(`burst ${N - 1}`);
    // Still responsive: a frame gets painted and a turn goes out.
    await new Promise(r => requestAnimationFrame(r));
    await el.send('still alive');
    expect((await waitForFrames(client))[0]).to.contain('still alive');
    expect(el.messages).to.have.length(MAX_MESSAGES);
    expect(el.messages.at(-1)!.text).to.equal('still alive');
  });
});
