// <avatar-chat service=…> against the reference server's REST side and socket (demo/server through the WTR plugin).
// Each test has its own client group: service="${origin}/c/${client}" keeps its switches, tokens and history apart.
import { expect, fixture, waitUntil } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../src/index.js';
import type { AvatarChat } from '../../src/avatar-chat.js';
import type { AvatarChatErrorEvent } from '../../src/events.js';
import { makeWav } from '../helpers/audio.js';
import { behaviour, cmd, push, sockets, waitForFrames } from '../helpers/chat.js';
import { deepAll, part } from '../ui/ui.js';

let origin = '';
let seq = 0;
before(async () => {
  origin = await cmd<string>('chat-origin');
});

const q = <T extends Element = HTMLElement>(el: AvatarChat, sel: string) => deepAll<T>(el.shadowRoot!, sel)[0];
/** The configured greeting, as `bubbles` shows it: first entry of the new conversation, below the history. */
const GREETING = "avatar: Hi, I'm Ava. Ask me anything, by text or by voice.";
const bubbles = (el: AvatarChat) =>
  deepAll(el.shadowRoot!, '[part~="message"]').map(m => {
    const role = /message--(\w+)/.exec(m.getAttribute('part')!)![1];
    return `${role}: ${m
      .querySelector('[part~=bubble]')!
      .textContent!.replace(/^(You|Avatar): /, '')
      .trim()}`;
  });
const restCalls = (client: string) => cmd<string[]>('chat-rest-calls', { client });
/** The error line's words (without the "Try now" button inside it). */
const errorLine = (el: AvatarChat) =>
  [...q(el, '[part~=error]').childNodes]
    .filter(n => n.nodeType === Node.TEXT_NODE)
    .map(n => n.textContent)
    .join('')
    .trim();

/** A client group of its own, with switches set before the widget exists. */
async function newService(switches: Record<string, unknown> = {}) {
  const client = `svc-el-${Date.now().toString(36)}-${seq++}`;
  await behaviour(client, { reply: false, ...switches });
  return { client, service: `${origin}/c/${client}` };
}

/** Mounts the widget (in a `<div wrap…>`), recording its errors and config events from the start. */
async function mount(attrs: Record<string, string | boolean>, wrap = '') {
  const errors: AvatarChatErrorEvent['detail'][] = [];
  const configs: Record<string, unknown>[] = [];
  const div = await fixture<HTMLElement>(`<div ${wrap}></div>`);
  const el = document.createElement('avatar-chat');
  for (const [name, value] of Object.entries(attrs))
    if (value !== false) el.setAttribute(name, value === true ? '' : value);
  el.addEventListener('avatar-chat-error', e => errors.push(e.detail));
  el.addEventListener('avatar-chat-config', e => configs.push(e.detail.config));
  div.append(el);
  await el.updateComplete;
  return { el, errors, configs };
}

const connected = (el: AvatarChat) => waitUntil(() => el.status === 'connected', 'connected', { timeout: 8000 });
const typeAndSend = async (el: AvatarChat, text: string) => {
  const input = q<HTMLTextAreaElement>(el, 'textarea');
  input.focus();
  await sendKeys({ type: text });
  await sendKeys({ press: 'Enter' });
};
const last = async (client: string, count: number) => JSON.parse((await waitForFrames(client, count)).at(-1)!);

describe('<avatar-chat> service mode', () => {
  it('a page with only service and project-id gets a configured, working chat', async () => {
    const { client, service } = await newService();
    const { el, configs, errors } = await mount({ service, 'project-id': 'demo' }, 'lang="de-DE"');
    await connected(el);
    await el.updateComplete;
    expect(q(el, '[part~=heading]').textContent).to.equal('Ava');
    expect(bubbles(el)).to.deep.equal(["avatar: Hi, I'm Ava. Ask me anything, by text or by voice."]);
    expect(q<HTMLImageElement>(el, '[part~=player] img')?.src ?? '').to.equal(`${origin}/media/ava.svg`);
    const select = q<HTMLSelectElement>(el, '[part~=language-select]');
    expect([...select.options].map(o => `${o.value}:${o.text}`)).to.deep.equal([
      'en:English',
      'de:Deutsch',
      'fr:Français',
    ]);
    expect(select.value).to.equal('de');
    expect(select.getAttribute('aria-label')).to.equal('Language');
    // avatar-chat-config: the service's JSON, without a token
    expect(configs).to.have.length(1);
    expect((configs[0].avatars_info as { _id: string }[])[0]._id).to.equal('ava');
    expect(JSON.stringify(configs[0])).not.to.match(/jwt|token/i);

    await typeAndSend(el, 'Hallo');
    const frame = await last(client, 1);
    expect([frame.avatar_id, frame.language, frame.request]).to.deep.equal(['ava', 'de', 'Hallo']);
    expect(frame.session).to.equal(configs[0].session);
    expect(await restCalls(client)).to.deep.equal(['POST /jwt 200', 'GET /connection 200']);
    expect(errors).to.deep.equal([]);
  });

  it('explicit attributes win over the configuration, also when set later', async () => {
    const { client, service } = await newService({ config: { vadEnabled: true } });
    const { el } = await mount({
      service,
      'project-id': 'demo',
      'avatar-id': 'mine',
      heading: 'Our help',
      language: 'fr',
    });
    await connected(el);
    await el.updateComplete;
    expect(q(el, '[part~=heading]').textContent).to.equal('Our help');
    expect(q(el, '[part~=mic-button]').getAttribute('aria-label')).to.equal('Start listening'); // vadEnabled: hands-free
    el.greeting = 'Welcome!';
    el.poster = `${origin}/media/none.svg`;
    el.voice = 'off';
    await el.updateComplete;
    expect(bubbles(el)).to.deep.equal(['avatar: Welcome!']);
    expect(q<HTMLImageElement>(el, '[part~=player] img').src).to.equal(`${origin}/media/none.svg`);
    expect(q(el, '[part~=mic-button]')).to.equal(undefined);
    await typeAndSend(el, 'Salut');
    const frame = await last(client, 1);
    expect([frame.avatar_id, frame.language]).to.deep.equal(['mine', 'fr']);
  });

  it('the visitor picks a language in the header; later turns carry it', async () => {
    const { client, service } = await newService();
    const { el } = await mount({ service, 'project-id': 'demo' }, 'lang="en-US"');
    await connected(el);
    await el.send('one');
    await el.updateComplete; // the header (a sub-element) renders the picker in its own update
    const select = q<HTMLSelectElement>(el, '[part~=language-select]');
    expect(select.value).to.equal('en');
    select.focus();
    await sendKeys({ press: 'ArrowDown' }); // English → Deutsch
    await waitUntil(() => select.value === 'de', 'picked de');
    await el.send('zwei');
    const sent = (await waitForFrames(client, 2)).map(f => JSON.parse(f).language);
    expect(sent).to.deep.equal(['en', 'de']);
  });

  it('one language or none in the list: no picker', async () => {
    const { service } = await newService({ config: { languages: [{ name: 'English', language_code: 'en' }] } });
    const { el } = await mount({ service, 'project-id': 'demo' });
    await connected(el);
    await el.updateComplete;
    expect(q(el, '[part~=heading]').textContent).to.equal('Ava');
    expect(q(el, '[part~=language-select]')).to.equal(undefined);
  });

  it('the nearest lang is found across shadow roots', async () => {
    const { client, service } = await newService();
    const div = await fixture<HTMLElement>('<div lang="fr-CA"></div>');
    const root = div.attachShadow({ mode: 'open' });
    root.innerHTML = '<section></section>';
    const el = document.createElement('avatar-chat');
    el.setAttribute('service', service);
    root.querySelector('section')!.append(el);
    await connected(el);
    await el.send('Bonjour');
    expect((await last(client, 1)).language).to.equal('fr');
  });
});

describe('<avatar-chat> service mode: history', () => {
  const record = (id: string, request: string, answer: string, date: number, extra = {}) => ({
    _id: id,
    direction: 'incoming',
    request,
    answer,
    date,
    chat_type: 'text',
    ...extra,
  });

  it('with user-id: the last 50 records above the new conversation, then "Load earlier" for the next page', async () => {
    const { client, service } = await newService();
    const start = Date.now() - 3_600_000;
    const records = Array.from({ length: 55 }, (_, i) => record(`r${i}`, `Q${i}`, `A${i}`, start + i * 1000));
    await cmd('chat-history', { client, user_id: 'u-hist', records });
    const { el } = await mount({ service, 'project-id': 'demo', 'user-id': 'u-hist' });
    await connected(el);
    await waitUntil(() => bubbles(el).length === 101, 'page 1 shown', { timeout: 5000 });
    const shown = bubbles(el);
    expect(shown.slice(0, 4)).to.deep.equal(['user: Q5', 'avatar: A5', 'user: Q6', 'avatar: A6']);
    expect(shown.slice(-2)).to.deep.equal(['avatar: A54', GREETING]); // the new conversation starts below the history
    const more = q(el, '[part~=load-earlier-button]');
    expect(more.textContent!.trim()).to.equal('Load earlier messages');
    more.scrollIntoView();
    const box = more.getBoundingClientRect();
    await sendMouse({
      type: 'click',
      position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)],
    });
    await waitUntil(() => bubbles(el).length === 111, 'page 2 shown', { timeout: 5000 });
    expect(bubbles(el).slice(0, 3)).to.deep.equal(['user: Q0', 'avatar: A0', 'user: Q1']);
    await el.updateComplete;
    expect(q(el, '[part~=load-earlier-button]')).to.equal(undefined);
    // the new conversation goes below the history
    await el.send('new one');
    await el.updateComplete;
    expect(bubbles(el).at(-1)).to.equal('user: new one');
    expect(await restCalls(client)).to.include.members(['GET /chat 200']);
  });

  it('newConversation() starts empty: the history is not put back', async () => {
    const { client, service } = await newService();
    await cmd('chat-history', {
      client,
      user_id: 'u-new',
      records: [record('x', 'Old Q', 'Old A', Date.now() - 60_000)],
    });
    const { el } = await mount({ service, 'project-id': 'demo', 'user-id': 'u-new' });
    await connected(el);
    await waitUntil(() => el.messages.length === 2, 'history shown');
    await el.newConversation();
    await new Promise(resolve => setTimeout(resolve, 300));
    expect(el.messages).to.deep.equal([]);
    expect((await restCalls(client)).filter(c => c.startsWith('GET /chat'))).to.have.length(1);
  });

  it('without a stable user id no history is asked for', async () => {
    const { client, service } = await newService();
    const { el } = await mount({ service, 'project-id': 'demo' });
    await connected(el);
    expect(await restCalls(client)).to.deep.equal(['POST /jwt 200', 'GET /connection 200']);
  });

  it('media in history is offered with a replay button and never autoplays', async () => {
    const { client, service } = await newService();
    const records = [record('m1', 'Sing', 'La la', Date.now() - 60_000, { fileUrl: `${origin}/media/reply.wav` })];
    await cmd('chat-history', { client, user_id: 'u-media', records });
    const started: string[] = [];
    const { el } = await mount({ service, 'project-id': 'demo', 'user-id': 'u-media' });
    el.addEventListener('avatar-chat-reply-start', e => started.push(e.detail.messageId));
    await connected(el);
    await waitUntil(() => bubbles(el).length === 3, 'history shown'); // and the greeting
    await el.updateComplete;
    const replay = q(el, '[part~=replay-button]');
    expect(replay).to.exist;
    await new Promise(resolve => setTimeout(resolve, 500));
    expect(started).to.deep.equal([]);
    const audio = q<HTMLAudioElement>(el, 'audio');
    expect(!audio || audio.paused).to.equal(true);
    replay.scrollIntoView();
    const box = replay.getBoundingClientRect();
    await sendMouse({
      type: 'click',
      position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)],
    });
    await waitUntil(() => started.length === 1, 'played on replay');
  });

  it('an entry both in the persisted transcript and in the history shows once', async () => {
    const { client, service } = await newService();
    sessionStorage.clear();
    const { el } = await mount({ service, 'project-id': 'demo', 'user-id': 'u-dedupe', persist: true });
    await connected(el);
    await el.send('Remember me');
    await push(client, { type: 'incoming', answer: 'I will.' });
    await waitUntil(() => bubbles(el).length === 3, 'reply shown'); // after the greeting
    // the service has the same turn as history (its date a little later than the client's)
    await cmd('chat-history', {
      client,
      user_id: 'u-dedupe',
      records: [
        record('old', 'Earlier question', 'Earlier answer', Date.now() - 3_600_000),
        record('same', 'Remember me', 'I will.', Date.now() + 2000),
      ],
    });
    el.remove();
    const again = await mount({ service, 'project-id': 'demo', 'user-id': 'u-dedupe', persist: true });
    await connected(again.el);
    await waitUntil(async () => (await restCalls(client)).includes('GET /chat 200'), 'history read');
    await waitUntil(() => bubbles(again.el).length >= 5, 'history merged');
    await again.el.updateComplete;
    expect(bubbles(again.el)).to.deep.equal([
      'user: Earlier question',
      'avatar: Earlier answer',
      GREETING,
      'user: Remember me',
      'avatar: I will.',
    ]);
    sessionStorage.clear();
  });
});

describe('<avatar-chat> service mode: failures', () => {
  const statusLine: Record<number, string> = {
    402: 'Chat unavailable (payment required). Please tell the site owner.',
    503: 'All avatars are busy. Try again in a moment.',
    504: 'The avatar took too long. Try again.',
  };

  for (const status of [402, 503, 504])
    it(`/jwt answers ${status}: the matching line, code server, never auth`, async () => {
      const { service } = await newService({ jwtStatus: status });
      const { el, errors } = await mount({ service, 'project-id': 'demo' });
      await waitUntil(() => errors.length > 0, 'an error', { timeout: 15000 });
      await el.updateComplete;
      expect(errors[0]).to.include({ code: 'server', recoverable: status !== 402 });
      expect(errors[0].message).to.match(new RegExp(`POST .*/jwt: HTTP ${status}`));
      expect(errorLine(el)).to.equal(statusLine[status]);
      expect(errors.map(e => e.code)).not.to.include('auth');
      if (status === 402) expect(el.status).to.equal('closed');
      else expect(el.status).to.equal('reconnecting');
    });

  it('/jwt answers 503 twice, then works: retried with backoff, then connected', async () => {
    const { client, service } = await newService({ jwtStatus: [503, 503] });
    const { el, errors } = await mount({ service, 'project-id': 'demo' });
    await connected(el);
    expect(errors).to.deep.equal([]);
    expect((await restCalls(client)).slice(0, 3)).to.deep.equal(['POST /jwt 503', 'POST /jwt 503', 'POST /jwt 200']);
  });

  it('/jwt answers 403: an auth error (the service refused the project), no retry', async () => {
    const { service } = await newService({ jwtStatus: 403 });
    const { el, errors } = await mount({ service, 'project-id': 'demo' });
    await waitUntil(() => errors.length > 0, 'an error', { timeout: 8000 });
    await el.updateComplete;
    expect(errors[0]).to.include({ code: 'auth', recoverable: false });
    expect(errorLine(el)).to.equal('Could not sign in to the chat. Try again later.');
    expect(el.status).to.equal('closed');
  });

  for (const status of [402, 403, 503, 504])
    it(`/connection answers ${status}: a clear error; the widget keeps working from its attributes`, async () => {
      const { client, service } = await newService({ connectionStatus: status });
      const { el, errors } = await mount({ service, 'project-id': 'demo', 'avatar-id': 'own', heading: 'Own' });
      await waitUntil(() => errors.length > 0, 'an error', { timeout: 15000 });
      const expected = status === 403 ? 'auth' : 'server';
      expect(errors[0].code).to.equal(expected);
      expect(errors[0].message).to.match(new RegExp(`GET .*/connection: HTTP ${status}`));
      await el.updateComplete;
      expect(q(el, '[part~=heading]').textContent).to.equal('Own');
      if (status === 503 || status === 504) {
        expect(errorLine(el)).to.equal(statusLine[status]);
        await behaviour(client, { connectionStatus: null });
        await connected(el); // retried with backoff until the service answers
        await el.updateComplete;
        expect(errorLine(el)).to.equal('');
        await el.send('hi');
        expect((await last(client, 1)).avatar_id).to.equal('own');
      }
    });

  for (const status of [402, 403, 503, 504])
    it(`/chat (history) answers ${status}: an error event, the chat works`, async () => {
      const { client, service } = await newService({ chatStatus: status });
      const { el, errors } = await mount({ service, 'project-id': 'demo', 'user-id': 'u-h' });
      await connected(el);
      await waitUntil(() => errors.length > 0, 'an error', { timeout: 15000 });
      expect(errors[0].message).to.match(new RegExp(`GET .*/chat.*: HTTP ${status}`));
      expect(errors[0].code).to.equal(status === 403 ? 'auth' : 'server');
      await el.send('still here');
      expect((await last(client, 1)).request).to.equal('still here');
    });

  it('a service that is not https (nor http on this machine): a config error, no request, nothing sent', async () => {
    const { el, errors } = await mount({ service: 'http://chat.example.com', 'project-id': 'demo' });
    await el.updateComplete;
    expect(errors[0]).to.include({ code: 'config', recoverable: false });
    expect(errors[0].message).to.include('must be an https: URL');
    expect(errorLine(el)).to.equal('Chat is unavailable right now.'); // visitors get plain words
    expect(part<HTMLTextAreaElement>(el, 'input')!.disabled).to.be.true;
    expect(el.status).to.equal('idle');
  });

  it('a service URL on a closed port: "service unreachable" (socket), retried with backoff, never auth', async () => {
    const { el, errors } = await mount({ service: 'http://127.0.0.1:9/c/nobody', 'project-id': 'demo' });
    await waitUntil(() => el.status === 'reconnecting', 'reconnecting', { timeout: 8000 });
    await waitUntil(() => errors.length > 0, 'an error');
    await el.updateComplete;
    expect(errors[0]).to.include({ code: 'socket', recoverable: true });
    expect(errors[0].message).to.match(/cannot be reached/);
    expect(errorLine(el)).to.equal("Can't reach the chat service. Retrying…");
    await new Promise(resolve => setTimeout(resolve, 2500)); // a few more attempts
    expect(errors.map(e => e.code)).not.to.include('auth');
    expect(el.status).to.equal('reconnecting');
  });

  it('an expired token is replaced: history after expiry fetches a new token and works', async () => {
    const { client, service } = await newService({ tokenTtlMs: 300 });
    await cmd('chat-history', { client, user_id: 'u-exp', records: [] });
    const { el, errors } = await mount({ service, 'project-id': 'demo', 'user-id': 'u-exp' });
    await connected(el);
    await new Promise(resolve => setTimeout(resolve, 400)); // the token expires
    await behaviour(client, { tokenTtlMs: null });
    await el.newConversation();
    const calls = await restCalls(client);
    expect(calls.slice(-3)).to.deep.equal(['GET /connection 403', 'POST /jwt 200', 'GET /connection 200']);
    expect(errors).to.deep.equal([]);
  });

  it('a 403 from the socket (token expired): a fresh token from /jwt and a new socket, no auth error', async () => {
    const { client, service } = await newService();
    const { el, errors } = await mount({ service, 'project-id': 'demo' });
    await connected(el);
    expect(await restCalls(client)).to.deep.equal(['POST /jwt 200', 'GET /connection 200']);
    await cmd('chat-error', { client, status: 403, error: 'token expired' });
    await waitUntil(async () => (await restCalls(client)).length === 3, 'a new token', { timeout: 8000 });
    expect((await restCalls(client))[2]).to.equal('POST /jwt 200');
    await connected(el);
    await waitUntil(async () => (await sockets(client)) === 1, 'one socket');
    expect(errors.map(e => e.code)).to.deep.equal(['server']);
  });

  it('a slow /connection: "Connecting…" first, then a configured chat', async () => {
    const { service } = await newService({ connectionDelayMs: 1200 });
    const { el } = await mount({ service, 'project-id': 'demo' });
    await new Promise(resolve => setTimeout(resolve, 300));
    await el.updateComplete;
    expect(q(el, '[part~=status]').textContent).to.equal('Connecting…');
    await connected(el);
    await el.updateComplete;
    expect(q(el, '[part~=heading]').textContent).to.equal('Ava');
  });

  it('a turn typed while /connection is still slow goes out with the configured avatar and session', async () => {
    const { client, service } = await newService({ connectionDelayMs: 1200 });
    const { el } = await mount({ service, 'project-id': 'demo' });
    await new Promise(resolve => setTimeout(resolve, 200));
    await typeAndSend(el, 'Early bird');
    const frame = await last(client, 1);
    expect([frame.avatar_id, frame.request]).to.deep.equal(['ava', 'Early bird']);
    expect(frame.session).to.be.a('string').and.not.equal('');
  });

  it('the token is never in an error message or the config event', async () => {
    const { service } = await newService({ connectionStatus: 402 });
    const { errors } = await mount({ service, 'project-id': 'demo' });
    await waitUntil(() => errors.length > 0, 'an error', { timeout: 8000 });
    expect(JSON.stringify(errors.map(e => e.message))).not.to.match(/Bearer|eyJ/);
  });
});

describe('<avatar-chat> service mode: bad answers from the REST side', () => {
  for (const kind of ['not-json', 'wrong-types', 'huge', 'proto', 'javascript-icon'])
    it(`/connection answers ${kind}: a clear error, and the widget works from its attributes`, async () => {
      const { client, service } = await newService({ connectionMalformed: kind });
      const { el, errors } = await mount({
        service,
        'project-id': 'demo',
        'avatar-id': 'attr-avatar',
        heading: 'From attributes',
      });
      await connected(el);
      await waitUntil(() => errors.length > 0, 'an error', { timeout: 8000 });
      expect(errors[0].code).to.equal('protocol');
      expect(errors[0].message).to.match(/connection/);
      await el.updateComplete;
      expect(q(el, '[part~=heading]').textContent).to.equal('From attributes');
      const poster = q<HTMLImageElement>(el, '[part~=player] img');
      expect(poster?.src ?? '').not.to.match(/^javascript:/);
      expect(Object.getPrototypeOf({})).to.equal(Object.prototype);
      expect(({} as Record<string, unknown>).session).to.equal(undefined); // nothing reached Object.prototype
      await el.send('works');
      expect((await last(client, 1)).avatar_id).to.equal('attr-avatar');
    });

  for (const kind of ['not-json', 'wrong-types', 'huge'])
    it(`/jwt answers ${kind}: a clear error, no socket with a bad token`, async () => {
      const { service } = await newService({ jwtMalformed: kind });
      const { el, errors } = await mount({ service, 'project-id': 'demo' });
      await waitUntil(() => errors.length > 0, 'an error', { timeout: 8000 });
      expect(errors[0].code).to.equal('protocol');
      expect(errors[0].message).to.match(/jwt/);
      expect(el.status).not.to.equal('connected');
    });

  it('/chat answers with __proto__ keys: only own fields are read, nothing reaches Object.prototype', async () => {
    const { service } = await newService({ chatMalformed: 'proto' });
    const { el, errors } = await mount({ service, 'project-id': 'demo', 'user-id': 'u-proto' });
    await connected(el);
    await waitUntil(() => bubbles(el)[0] === 'avatar: A', 'history shown');
    await el.updateComplete;
    expect(bubbles(el)).to.deep.equal(['avatar: A', GREETING]);
    expect(q(el, '[part~=load-earlier-button]')).to.equal(undefined);
    expect(({} as Record<string, unknown>).request).to.equal(undefined);
    expect(errors).to.deep.equal([]);
  });

  for (const kind of ['not-json', 'wrong-types', 'huge'])
    it(`/chat answers ${kind}: a clear error, the chat works`, async () => {
      const { client, service } = await newService({ chatMalformed: kind });
      const { el, errors } = await mount({ service, 'project-id': 'demo', 'user-id': 'u-bad' });
      await connected(el);
      await waitUntil(() => errors.length > 0, 'an error', { timeout: 8000 });
      expect(errors[0].code).to.equal('protocol');
      expect(errors[0].message).to.match(/chat/);
      await el.send('works');
      expect((await last(client, 1)).request).to.equal('works');
    });
});

describe('<avatar-chat> service mode: reply shapes through the element', () => {
  const b64 = (s: string) => btoa(s);

  async function ready() {
    const { client, service } = await newService();
    const { el, errors } = await mount({ service, 'project-id': 'demo' });
    await connected(el);
    return { el, errors, client };
  }

  it('a voice turn, then the one-line echo: the question is the turn, the rest the answer', async () => {
    const { el, client } = await ready();
    await el.sendAudio(makeWav(16000, 0.6, i => 0.1 * Math.sin(i / 8)).buffer);
    const frame = await last(client, 1);
    expect([frame.chat_type, frame.avatar_id]).to.deep.equal(['voice', 'ava']);
    await push(client, { type: 'incoming', answer: ">What date is it? Today's date is Thursday." });
    await waitUntil(() => el.messages.some(m => m.role === 'avatar'), 'reply');
    const [user, avatar] = el.messages;
    expect([user.kind, user.text]).to.deep.equal(['voice', 'What date is it?']);
    expect(avatar.text).to.equal("Today's date is Thursday.");
  });

  it('a reply to a text turn that starts with a Markdown quote is kept whole', async () => {
    const { el, client } = await ready();
    await el.send('Quote Steve Jobs');
    const answer = '> Stay hungry, stay foolish.\n\nSteve Jobs said this in 2005.';
    await push(client, { type: 'incoming', answer });
    await waitUntil(() => el.messages.length === 2, 'reply');
    expect(el.messages.map(m => [m.role, m.text])).to.deep.equal([
      ['user', 'Quote Steve Jobs'],
      ['avatar', answer],
    ]);
  });

  const M4A = '\0\0\0\x20ftypM4A \0\0\0\0M4A mp42isom\0\0\0\0';
  for (const [name, payload] of [
    ['m4a', M4A],
    ['flac', 'fLaC\0\0\0\x22' + '\0'.repeat(34)],
  ])
    it(`inline ${name} audio is offered to the player`, async () => {
      const { el, client } = await ready();
      await push(client, { type: 'incoming', answer: `inline ${name}`, file_base64_data: b64(payload) });
      // the bytes are a header, no playable file: an engine that tries them at once (Firefox) adds "could not be
      // played" right after the reply
      await waitUntil(() => el.messages.some(m => m.role === 'avatar'), 'reply');
      const media = el.messages.find(m => m.role === 'avatar')!.media!;
      expect(media.type).to.equal('audio');
      expect(media.url).to.match(/^blob:/);
      const type = (await (await fetch(media.url)).blob()).type;
      expect(type).to.equal(name === 'm4a' ? 'audio/mp4' : 'audio/flac');
      await waitUntil(
        () => deepAll<HTMLMediaElement>(el.shadowRoot!, 'audio, video').some(m => m.src === media.url),
        'given to the media element',
      );
    });

  it('an event frame with audio plays like a reply', async () => {
    const { el, client } = await ready();
    const started: string[] = [];
    el.addEventListener('avatar-chat-reply-start', e => started.push(e.detail.messageId));
    await push(client, { type: 'event', message: 'A chime', fileUrl: `${origin}/media/reply.wav` });
    await waitUntil(() => started.length === 1, 'played', { timeout: 5000 });
    expect(el.messages[0].text).to.equal('A chime');
  });

  it('newConversation() reads a new session from the service; later turns carry it', async () => {
    const { el, client } = await ready();
    await el.send('one');
    const first = (await last(client, 1)).session;
    await el.newConversation();
    expect(el.messages).to.deep.equal([]);
    await el.send('two');
    const second = (await last(client, 2)).session;
    expect(second).to.match(/^s-/);
    expect(second).not.to.equal(first);
    expect((await restCalls(client)).filter(c => c === 'GET /connection 200')).to.have.length(2);
  });
});
