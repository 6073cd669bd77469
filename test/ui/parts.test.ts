import { expect, fixture, waitUntil } from '@open-wc/testing';
import { push, waitForFrames } from '../helpers/chat.js';
import type { AvatarChat } from '../../src/avatar-chat.js';
import { connected, mount, part, settled, shown } from './ui.js';

const MARK = 'rgb(1, 2, 3)';
let sheet: HTMLStyleElement;
beforeEach(() => document.head.append((sheet = document.createElement('style'))));
afterEach(() => sheet.remove());

/** Styles `avatar-chat::part(name)` from the page and returns the part's computed outline colour (and the part). */
function styledFromOutside(el: AvatarChat, name: string) {
  const p = part(el, name);
  expect(p, `part ${name}`).to.exist;
  sheet.textContent = `avatar-chat::part(${name}) { outline: 3px solid ${MARK} }`;
  const color = getComputedStyle(p!).outlineColor;
  sheet.textContent = '';
  return { p: p!, color };
}

/** Each part is present (visible unless `hidden` lists it), has the expected tag and is stylable from the page. */
function check(el: AvatarChat, parts: Record<string, string>, hidden: string[] = []) {
  for (const [name, tag] of Object.entries(parts)) {
    const { p, color } = styledFromOutside(el, name);
    expect(p.localName, name).to.equal(tag);
    expect(color, `::part(${name}) reaches the element`).to.equal(MARK);
    if (!hidden.includes(name)) expect(shown(p), `${name} visible`).to.be.true;
  }
}

describe('parts', () => {
  it('connected, with user, avatar (media), system and failed entries', async () => {
    const { el, client, origin } = await connected();
    await el.send('one');
    await waitForFrames(client);
    await push(client, { type: 'incoming', answer: 'Hi', fileUrl: `${origin}/media/reply.wav` });
    await waitUntil(() => el.messages.length === 2);
    await el.send('two'); // waits for its answer: the error fails it
    await waitForFrames(client, 2);
    await push(client, { type: 'error', status: 503 });
    await waitUntil(() => el.messages.some(m => m.state === 'failed') && el.messages.length === 4);
    const replay = () => part(el, 'replay-button')?.textContent!.trim();
    await waitUntil(() => replay() === 'Play again', 'the reply has played', { timeout: 4000 });
    await settled(el);
    check(
      el,
      {
        base: 'section',
        header: 'header',
        heading: 'h2',
        status: 'span',
        player: 'div',
        video: 'video',
        audio: 'audio',
        transcript: 'div',
        message: 'div',
        'message--user': 'div',
        'message--avatar': 'div',
        'message--system': 'div',
        bubble: 'div',
        time: 'time',
        'replay-button': 'button',
        'retry-button': 'button',
        composer: 'div',
        input: 'textarea',
        'send-button': 'button',
        'mic-button': 'button',
      },
      ['player', 'video', 'audio'], // the stage shows only while media plays or with a poster
    );
    expect(part(el, 'error')!.textContent!.trim()).to.equal('');
    expect(shown(part(el, 'error'))).to.be.false;
  });

  it('typing, suggestions, suggestion, stop-button, mute-button and new-chat-button', async () => {
    const { el, client, origin } = await connected({ greeting: 'Hi', suggestions: 'A|B' });
    check(el, { suggestions: 'div', suggestion: 'button', 'mute-button': 'button', 'new-chat-button': 'button' });
    await push(client, { type: 'incoming', answer: 'Hi', fileUrl: `${origin}/media/reply.wav` });
    await waitUntil(() => el.matches(':state(playing)'), 'playing', { timeout: 4000 });
    part<HTMLMediaElement>(el, 'audio')!.pause(); // hold the state still
    await el.send('one');
    await waitForFrames(client);
    await settled(el);
    check(el, { typing: 'div', 'stop-button': 'button' });
  });

  it('play-button (manual playback) and level (recording)', async () => {
    const { el, client, origin } = await connected({ playback: 'manual' });
    await push(client, { type: 'incoming', answer: 'Hi', fileUrl: `${origin}/media/reply.wav` });
    await waitUntil(() => shown(part(el, 'play-button')), 'play button');
    check(el, { 'play-button': 'button', player: 'div' });
    expect(shown(part(el, 'level'))).to.be.false;
    // Empty until the first level arrives: the style sheet's default (the meter writes inline transforms later).
    const root = part(el, 'level')!.getRootNode() as ShadowRoot; // the composer's shadow root
    const rules = root.adoptedStyleSheets.flatMap(sheet => [...sheet.cssRules]) as CSSStyleRule[];
    expect(rules.find(r => r.selectorText === `[part="level"]`)?.style.transform).to.equal('scaleX(0)');
    await el.startRecording();
    await el.updateComplete;
    try {
      check(el, { level: 'span' });
      const bar = part(el, 'level')!;
      await waitUntil(
        () => bar.getBoundingClientRect().width > 0 && bar.getBoundingClientRect().height > 0,
        'level bar drawn',
        {
          timeout: 3000,
        },
      );
    } finally {
      el.cancelRecording();
    }
  });

  it('launcher, close-button and error', async () => {
    const el = await mount({ layout: 'floating', url: 'http://nope.invalid/', 'avatar-id': 'a' });
    check(el, { launcher: 'button', error: 'p' }, ['error']);
    expect(shown(part(el, 'base'))).to.be.false;
    el.open = true;
    await el.updateComplete;
    check(el, { 'close-button': 'button', error: 'p', base: 'section' });
    expect(part(el, 'error')!.getAttribute('role')).to.equal('alert');
    expect(shown(part(el, 'launcher'))).to.be.false;
  });
});

describe('custom properties and theme', () => {
  it('--avatar-chat-accent on body colours the send button', async () => {
    const el = await mount({ url: 'ws://127.0.0.1:9/', 'avatar-id': 'a', disabled: true });
    const send = part(el, 'send-button')!;
    const before = getComputedStyle(send).backgroundColor;
    document.body.style.setProperty('--avatar-chat-accent', 'rgb(10, 20, 30)');
    try {
      expect(getComputedStyle(send).backgroundColor).to.equal('rgb(10, 20, 30)');
      expect(before).not.to.equal('rgb(10, 20, 30)');
    } finally {
      document.body.style.removeProperty('--avatar-chat-accent');
    }
  });

  it('theme="dark" darkens the panel and keeps text readable', async () => {
    const luminance = (c: string) => {
      const [r, g, b] = c.match(/\d+/g)!.map(Number);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const el = await mount({ url: 'ws://127.0.0.1:9/', 'avatar-id': 'a', disabled: true, theme: 'light' });
    const base = part(el, 'base')!;
    const light = getComputedStyle(base);
    const [lightBg, lightFg] = [light.backgroundColor, light.color];
    el.theme = 'dark';
    await el.updateComplete;
    const dark = getComputedStyle(base);
    expect(dark.backgroundColor).not.to.equal(lightBg);
    expect(luminance(dark.backgroundColor)).to.be.below(luminance(lightBg) / 4);
    expect(luminance(dark.color)).to.be.above(luminance(lightFg) * 4);
  });

  it('--avatar-chat-background and --avatar-chat-color from an ancestor', async () => {
    const wrap = await fixture<HTMLElement>(
      `<div style="--avatar-chat-background: rgb(5, 6, 7); --avatar-chat-color: rgb(200, 201, 202)"><avatar-chat avatar-id="a" url="ws://127.0.0.1:9/" disabled></avatar-chat></div>`,
    );
    const el = wrap.querySelector('avatar-chat')!;
    await el.updateComplete;
    const base = getComputedStyle(part(el, 'base')!);
    expect(base.backgroundColor).to.equal('rgb(5, 6, 7)');
    expect(base.color).to.equal('rgb(200, 201, 202)');
  });
});
