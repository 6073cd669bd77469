// <avatar-chat service=…> against the reference server's REST side and socket (demo/server through the WTR plugin).
// Each test has its own client group: service="${origin}/c/${client}" keeps its switches, tokens and history apart.
import { expect, fixture, waitUntil } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../src/index.js';
import type { AvatarChat } from '../../src/avatar-chat.js';
import type { AvatarChatErrorEvent } from '../../src/events.js';
import { behaviour, cmd, frames, push, waitForFrames } from '../helpers/chat.js';
import { deepAll } from '../ui/ui.js';

let origin = '';
let seq = 0;
before(async () => {
  origin = await cmd<string>('chat-origin');
});

const q = <T extends Element = HTMLElement>(el: AvatarChat, sel: string) => deepAll<T>(el.shadowRoot!, sel)[0];
const bubbles = (el: AvatarChat) =>
  deepAll(el.shadowRoot!, '[part~="message"]').map(m => {
    const role = /message--(\w+)/.exec(m.getAttribute('part')!)![1];
    return `${role}: ${m
      .querySelector('[part~=bubble]')!
      .textContent!.replace(/^(You|Avatar): /, '')
      .trim()}`;
  });
const restCalls = (client: string) => cmd<string[]>('chat-rest-calls', { client });
const errorLine = (el: AvatarChat) => q(el, '[part~=error]').textContent!.trim();

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
    const select = q<HTMLSelectElement>(el, '[part~=language-select]');
    await el.updateComplete;
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
    await waitUntil(() => bubbles(el).length === 100, 'page 1 shown', { timeout: 5000 });
    const shown = bubbles(el);
    expect(shown.slice(0, 4)).to.deep.equal(['user: Q5', 'avatar: A5', 'user: Q6', 'avatar: A6']);
    expect(shown.at(-1)).to.equal('avatar: A54');
    const more = q(el, '[part~=load-earlier-button]');
    expect(more.textContent!.trim()).to.equal('Load earlier messages');
    more.scrollIntoView();
    const box = more.getBoundingClientRect();
    await sendMouse({
      type: 'click',
      position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)],
    });
    await waitUntil(() => bubbles(el).length === 110, 'page 2 shown', { timeout: 5000 });
    expect(bubbles(el).slice(0, 3)).to.deep.equal(['user: Q0', 'avatar: A0', 'user: Q1']);
    await el.updateComplete;
    expect(q(el, '[part~=load-earlier-button]')).to.equal(undefined);
    // the new conversation goes below the history
    await el.send('new one');
    await el.updateComplete;
    expect(bubbles(el).at(-1)).to.equal('user: new one');
    expect(await restCalls(client)).to.include.members(['GET /chat 200']);
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
    await waitUntil(() => bubbles(el).length === 2, 'history shown');
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
    await waitUntil(() => bubbles(el).length === 2, 'reply shown');
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
    await waitUntil(() => bubbles(again.el).length >= 4, 'history merged');
    await again.el.updateComplete;
    expect(bubbles(again.el)).to.deep.equal([
      'user: Earlier question',
      'avatar: Earlier answer',
      'user: Remember me',
      'avatar: I will.',
    ]);
    sessionStorage.clear();
  });
});
