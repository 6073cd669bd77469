import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import type { AvatarChat } from '../../src/avatar-chat.js';
import { push, waitForFrames } from '../helpers/chat.js';
import { connected, deepAll, mount, part, settled, shown } from './ui.js';
import { defaultStrings as str } from '../../src/strings.js';

const log = (el: AvatarChat) => deepAll(el.shadowRoot!, '[role=log]')[0];
const more = (el: AvatarChat) => deepAll<HTMLButtonElement>(el.shadowRoot!, '.more')[0];
const idle = { url: 'ws://127.0.0.1:9/', 'avatar-id': 'a', disabled: true };

describe('transcript', () => {
  afterEach(() => sinon.restore());

  it('keeps line breaks, links http(s) URLs safely and never links javascript:', async () => {
    const { el, client } = await connected();
    await push(client, {
      type: 'incoming',
      answer: 'Line one\nLine two: https://example.com/x?a=1.\njavascript:alert(1)',
    });
    await waitUntil(() => el.messages.length === 1);
    await settled(el);
    const bubble = part(el, 'bubble')!;
    expect(getComputedStyle(bubble).whiteSpace).to.equal('pre-wrap');
    expect(bubble.textContent).to.equal('Avatar: Line one\nLine two: https://example.com/x?a=1.\njavascript:alert(1)');
    const cs = getComputedStyle(bubble);
    const lines =
      (bubble.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom)) / parseFloat(cs.lineHeight);
    expect(Math.round(lines), 'three lines, no blank ones').to.equal(3);
    const links = [...bubble.querySelectorAll('a')];
    expect(links.map(a => a.getAttribute('href'))).to.deep.equal(['https://example.com/x?a=1']);
    expect(links[0].target).to.equal('_blank');
    expect(links[0].relList.contains('noopener')).to.be.true;
    expect(bubble.textContent).to.contain('javascript:alert(1)');
    expect(deepAll(el.shadowRoot!, 'a[href^="javascript"]')).to.deep.equal([]);
  });

  it('the strings property rewords the panel and the entries already shown', async () => {
    const { el, client, origin } = await connected({ playback: 'manual' });
    await el.send('Hallo');
    await waitForFrames(client);
    await push(client, { type: 'incoming', answer: 'Guten Tag', fileUrl: `${origin}/media/reply.wav` });
    await waitUntil(() => el.messages.length === 2);
    await settled(el);
    expect(part(el, 'replay-button')!.textContent!.trim()).to.equal(str.play);
    el.strings = { play: 'Nochmal', you: 'Du', avatar: 'Ava', send: 'Senden', statusConnected: 'Verbunden' };
    await settled(el);
    expect(part(el, 'replay-button')!.textContent!.trim()).to.equal('Nochmal');
    expect(deepAll(el.shadowRoot!, '[part~="bubble"]').map(b => b.textContent)).to.deep.equal([
      'Du: Hallo',
      'Ava: Guten Tag',
    ]);
    expect(part(el, 'send-button')!.textContent).to.equal('Senden');
    expect(part(el, 'status')!.textContent).to.equal('Verbunden');
    expect(part(el, 'input')!.getAttribute('placeholder'), 'keys not given keep their default').to.equal(
      str.placeholder,
    );
  });

  it('a scrolled-up reader gets a "new messages" button instead of a jump', async () => {
    const warn = sinon.spy(console, 'warn');
    const { el, client } = await connected(
      {},
      { wrap: { style: 'height: 420px; display: flex; flex-direction: column' } },
    );
    for (let i = 0; i < 12; i++)
      await push(client, { type: 'incoming', answer: `Reply number ${i}\nwith a second line` });
    await waitUntil(() => el.messages.length === 12);
    await settled(el);
    const l = log(el);
    await waitUntil(() => l.scrollHeight - l.scrollTop - l.clientHeight < 2, 'follows the newest while at the end');
    expect(l.scrollHeight).to.be.above(l.clientHeight * 1.5);
    expect(shown(more(el))).to.be.false;

    l.scrollTo({ top: 0, behavior: 'instant' });
    await waitUntil(() => l.scrollTop === 0);
    await push(client, { type: 'incoming', answer: 'While you were reading' });
    await waitUntil(() => el.messages.length === 13);
    await settled(el);
    expect(l.scrollTop).to.equal(0);
    await waitUntil(() => shown(more(el)), '"new messages" button');
    expect(more(el).textContent).to.contain(str.newMessages);
    more(el).click();
    await waitUntil(() => l.scrollHeight - l.scrollTop - l.clientHeight < 2, 'jumps to the newest on request');
    await waitUntil(() => !shown(more(el)));
    warn.restore();
    expect(warn.args.filter(a => String(a[0]).includes('lit.dev/msg'))).to.deep.equal([]);
  });

  it('shows the greeting while empty, and keeps it first once a turn exists', async () => {
    const { el, client } = await connected({ greeting: 'Hello! Ask me anything.' });
    const greet = part(el, 'message--avatar');
    expect(shown(greet), 'greeting visible').to.be.true;
    expect(greet!.textContent!.trim()).to.equal('Hello! Ask me anything.');
    await el.send('hi');
    await waitForFrames(client);
    await settled(el);
    expect(deepAll(el.shadowRoot!, '[part~=bubble]').map(b => b.textContent!.trim())).to.deep.equal([
      'Hello! Ask me anything.',
      'You: hi',
    ]);
  });

  it('shows slotted empty content instead of the greeting', async () => {
    const el = await mount({ ...idle, greeting: 'Hello!' }, '<p slot="empty" id="e">Nothing here yet</p>');
    await settled(el);
    expect(shown(el.querySelector('#e')), 'slotted empty content visible').to.be.true;
    expect(deepAll(el.shadowRoot!, '[part~=bubble]').filter(shown)).to.deep.equal([]);
  });

  it('RTL: user bubbles sit on the left, avatar bubbles on the right', async () => {
    const { el, client } = await connected({}, { wrap: { dir: 'rtl', style: 'width: 500px' } });
    await el.send('שלום');
    await waitForFrames(client);
    await push(client, { type: 'incoming', answer: 'مرحبا' });
    await waitUntil(() => el.messages.length === 2);
    await settled(el);
    const user = part(el, 'message--user')!.getBoundingClientRect();
    const avatar = part(el, 'message--avatar')!.getBoundingClientRect();
    const box = log(el).getBoundingClientRect();
    expect(user.left - box.left).to.be.below(box.right - user.right);
    expect(box.right - avatar.right).to.be.below(avatar.left - box.left);
  });
});
