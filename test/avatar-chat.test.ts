import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { AvatarChat } from '../src/avatar-chat.js';
import { defaultStrings as str } from '../src/strings.js';
import { frames, newClient, push, waitForFrames } from './helpers/chat.js';
import { connectedChat } from './helpers/widget.js';
import { deepAll } from './ui/ui.js';

/** The first match in the element's shadow tree, sub-elements included. */
const q = <T extends Element = HTMLElement>(el: AvatarChat, sel: string) => deepAll<T>(el.shadowRoot!, sel)[0];
const transcript = (el: AvatarChat) => q(el, '[part~=transcript]');
const entries = (el: AvatarChat, role: string) =>
  [...transcript(el).querySelectorAll(`[part~="message--${role}"] [part~="bubble"]`)].map(b => b.textContent!.trim());

const connected = (lang = 'de', extra = '') =>
  connectedChat({ prefix: 't', attrs: { 'avatar-id': 'av-1', source: 'tests', 'data-x': extra }, wrap: { lang } });

function type(el: AvatarChat, text: string, key: Partial<KeyboardEventInit> = {}) {
  const input = q<HTMLTextAreaElement>(el, 'textarea');
  input.value = text;
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, ...key }));
}

describe('<avatar-chat> text path', () => {
  it('typing + Enter sends the exact spec frame, keys in order, no session key', async () => {
    const { el, client } = await connected();
    type(el, 'Hallo Welt');
    const [frame] = await waitForFrames(client);
    const user = JSON.parse(frame).user_id as string;
    expect(user).to.match(/^anon-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(frame).to.equal(
      `{"avatar_id":"av-1","user_id":"${user}","chat_type":"text","language":"de","request":"Hallo Welt","requestType":"text","source":"tests","isLive":false}`,
    );
    expect(q<HTMLTextAreaElement>(el, 'textarea').value).to.equal('');
    await el.updateComplete;
    expect(entries(el, 'user')).to.deep.equal(['You: Hallo Welt']);
  });

  it('keeps the generated user id across turns and adds session once known', async () => {
    const { el, client } = await connected('en-GB');
    await el.send('one');
    await push(client, { type: 'incoming', answer: 'hi', session: 'sess-9' });
    await waitUntil(() => el.session === 'sess-9');
    await el.send('two');
    const [a, b] = (await waitForFrames(client, 2)).map(f => JSON.parse(f));
    expect(a.user_id).to.equal(b.user_id);
    expect(a.language).to.equal('en'); // the primary subtag of the nearest lang (element-api.md)
    expect('session' in a).to.be.false;
    expect(Object.keys(b)).to.deep.equal([
      'avatar_id',
      'user_id',
      'chat_type',
      'language',
      'request',
      'requestType',
      'source',
      'isLive',
      'session',
    ]);
    expect(b.session).to.equal('sess-9');
  });

  it('Shift+Enter does not send', async () => {
    const { el, client } = await connected();
    type(el, 'line one', { shiftKey: true });
    await aTimeout(150);
    expect(await frames(client)).to.deep.equal([]);
  });

  it('language falls back to <html lang>, then en', async () => {
    const c = await newClient();
    const saved = document.documentElement.lang;
    document.documentElement.lang = 'fr';
    try {
      const el = await fixture<AvatarChat>(html`<avatar-chat url=${c.url} avatar-id="a"></avatar-chat>`);
      await el.send('bonjour');
      expect(JSON.parse((await waitForFrames(c.client))[0]).language).to.equal('fr');
      document.documentElement.removeAttribute('lang');
      await el.send('hello');
      expect(JSON.parse((await waitForFrames(c.client, 2))[1]).language).to.equal('en');
    } finally {
      document.documentElement.lang = saved;
    }
  });
});

describe('<avatar-chat> replies', () => {
  it('shows an incoming reply and really plays its audio', async () => {
    const { el, client, origin } = await connected();
    const started = oneEvent(el, 'avatar-chat-reply-start');
    const message = oneEvent(el, 'avatar-chat-message');
    await push(client, { type: 'incoming', answer: 'Guten Tag!', fileUrl: `${origin}/media/reply.wav` });
    const m = (await message).detail.message;
    expect(m).to.include({ role: 'avatar', text: 'Guten Tag!' });
    expect(m.media).to.deep.equal({ url: `${origin}/media/reply.wav`, type: 'audio' });
    await started;
    await el.updateComplete;
    expect(entries(el, 'avatar')).to.deep.equal(['Avatar: Guten Tag!']);
    const audio = q<HTMLAudioElement>(el, 'audio');
    const t0 = audio.currentTime;
    await waitUntil(() => audio.currentTime > t0 + 0.1, 'audio time advances', { timeout: 4000 });
  });

  it('resolves a relative fileUrl against the service host, and drops a javascript: one', async () => {
    const { el, client, origin } = await connected();
    const errors: string[] = [];
    el.addEventListener('avatar-chat-error', e => errors.push(e.detail.code));
    await push(client, { type: 'incoming', answer: 'relative', fileUrl: '/media/reply.wav' });
    await push(client, { type: 'incoming', answer: 'hostile', fileUrl: 'javascript:alert(1)' });
    await waitUntil(() => el.messages.length === 2);
    expect(el.messages[0].media).to.deep.equal({ url: `${origin}/media/reply.wav`, type: 'audio' });
    expect(el.messages[1]).to.include({ text: 'hostile', media: undefined });
    expect(errors).to.deep.equal(['protocol']);
  });

  it('reads direction/content/message variants and shows non-JSON text as text', async () => {
    const { el, client } = await connected();
    await push(client, { direction: 'incoming', content: 'from content' });
    await push(client, { type: 'incoming', message: 'from message' });
    await push(client, '<b>plain</b> text');
    await waitUntil(() => el.messages.length === 3);
    await el.updateComplete;
    expect(entries(el, 'avatar')).to.deep.equal([
      'Avatar: from content',
      'Avatar: from message',
      'Avatar: <b>plain</b> text',
    ]);
    expect(!!transcript(el).querySelector('b')).to.equal(false);
  });

  it('a bad frame fires a protocol error and the socket stays open', async () => {
    const { el, client } = await connected();
    const err = oneEvent(el, 'avatar-chat-error');
    await push(client, '[1,2,3]');
    expect((await err).detail.code).to.equal('protocol');
    await el.send('still here');
    expect((await waitForFrames(client))[0]).to.contain('still here');
    expect(el.status).to.equal('connected');
  });
});

describe('<avatar-chat> events and config', () => {
  it('avatar-chat-send: preventDefault sends nothing; added fields arrive', async () => {
    const { el, client } = await connected();
    const stop = (e: Event) => e.preventDefault();
    el.addEventListener('avatar-chat-send', stop, { once: true });
    expect(await el.send('vetoed')).to.equal(null);
    el.addEventListener('avatar-chat-send', e => (e.detail.payload.extra = 42), { once: true });
    await el.send('with extra');
    const got = await waitForFrames(client);
    await aTimeout(100);
    expect(await frames(client)).to.have.length(1);
    expect(JSON.parse(got[0])).to.include({ request: 'with extra', extra: 42 });
    expect(el.messages.map(m => m.text)).to.deep.equal(['with extra']);
  });

  it('a missing avatar-id shows a message and fires config; nothing throws', async () => {
    const c = await newClient();
    const el = document.createElement('avatar-chat');
    el.url = c.url;
    const err = oneEvent(el, 'avatar-chat-error');
    document.body.append(el);
    try {
      const e = await err;
      expect(e.detail).to.include({ code: 'config', recoverable: false });
      await el.updateComplete;
      expect(e.detail.message).to.contain('avatar-id');
      expect(q(el, '[part="error"]').textContent!.trim()).to.equal(str.unavailable);
      let rejected = false;
      await el.send('x').catch(() => (rejected = true));
      expect(rejected).to.be.true;
      expect(el.status).to.equal('idle');
    } finally {
      el.remove();
    }
  });

  it('a bad url fires config', async () => {
    const el = document.createElement('avatar-chat');
    el.setAttribute('avatar-id', 'a');
    el.setAttribute('url', 'http://example.invalid/');
    const err = oneEvent(el, 'avatar-chat-error');
    document.body.append(el);
    try {
      expect((await err).detail.code).to.equal('config');
    } finally {
      el.remove();
    }
  });
});
