// The conversation as a visitor meets it (issue 13): the thinking entry, focus after Send, server errors after an
// answer, the reply's Play / Stop / mute controls, the greeting and starters, a new conversation, times on a
// right-to-left page. Input through the real mouse (sendMouse at a control's centre) and keyboard; the reference
// server receives the turns and pushes the frames.
import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { emulateMedia, resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import sinon from 'sinon';
import type { AvatarChat } from '../../src/avatar-chat.js';
import { frames, push, waitForFrames } from '../helpers/chat.js';
import { EMULATES_MEDIA } from '../helpers/engine.js';
import { connected, deepAll, mount, part, recordAnnouncements, settled, shown } from './ui.js';
import { defaultStrings as str } from '../../src/strings.js';

/** The element that has real focus, through shadow roots. */
function deepActive(): Element | null {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

/** A real mouse click at the centre of `e`. */
async function click(e: Element) {
  const r = e.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)] });
}

/** Waits until the part is rendered and returns it. */
async function shownPart<T extends Element = HTMLElement>(el: AvatarChat, name: string): Promise<T> {
  await waitUntil(() => shown(part(el, name)), `${name} shown`, { timeout: 4000 });
  return part<T>(el, name)!;
}

/** Clicks the input, types `text` and presses Enter. */
async function typeAndSend(el: AvatarChat, text: string) {
  await click(part(el, 'input')!);
  await sendKeys({ type: text });
  await sendKeys({ press: 'Enter' });
}

const requests = async (client: string) => (await frames(client)).map(f => JSON.parse(f).request as string);
const entryOf = (el: AvatarChat, id: string) => deepAll(el.shadowRoot!, `[data-id="${id}"]`)[0];
/** The element has that part now. */
const has = (el: AvatarChat, name: string) => !!part(el, name);
const within = (entry: Element, name: string) => entry.querySelector<HTMLElement>(`[part~="${name}"]`);

afterEach(async () => {
  sinon.restore();
  await resetMouse();
});

describe('thinking', () => {
  afterEach(async () => {
    if (EMULATES_MEDIA) await emulateMedia({ reducedMotion: 'no-preference' });
  });

  it('from the sent turn to its reply: three animated dots, announced once politely with the name', async () => {
    const { el, client } = await connected({ heading: 'Ava' });
    const rec = recordAnnouncements(el.shadowRoot!.querySelector('[aria-live="polite"]')!);
    try {
      expect(has(el, 'typing')).to.be.false;
      await typeAndSend(el, 'Hello?');
      await waitForFrames(client);
      const typing = await shownPart(el, 'typing');
      expect(el.matches(':state(thinking)')).to.be.true;
      const dots = typing.querySelectorAll('.dots i');
      expect(dots).to.have.length(3);
      expect([...dots].every(d => d.getAnimations().length === 1)).to.be.true;
      await waitUntil(() => rec.seen.length > 0, 'announced');
      await aTimeout(300);
      await settled(el);
      expect(rec.seen).to.deep.equal(['Ava is thinking…']);

      await push(client, { type: 'incoming', answer: 'Hi there.' });
      await waitUntil(() => !part(el, 'typing'), 'the typing entry goes with the reply');
      expect(el.matches(':state(thinking)')).to.be.false;
      await waitUntil(() => rec.seen.length === 2, 'the reply is announced');
      expect(rec.seen).to.deep.equal(['Ava is thinking…', 'Hi there.']);
    } finally {
      rec.stop();
    }
  });

  it('under reduced motion the dots still show, standing still', async () => {
    if (EMULATES_MEDIA) await emulateMedia({ reducedMotion: 'reduce' });
    const { el, client } = await connected();
    await typeAndSend(el, 'Hello?');
    await waitForFrames(client);
    const typing = await shownPart(el, 'typing');
    const dots = [...typing.querySelectorAll('.dots i')];
    expect(dots.map(d => shown(d) && d.getBoundingClientRect().width > 0)).to.deep.equal([true, true, true]);
    // WebKit: no reduced motion to emulate (EMULATES_MEDIA), so there the dots keep moving
    expect(dots.flatMap(d => d.getAnimations())).to.have.length(EMULATES_MEDIA ? 0 : 3);
  });

  it('an error ends it', async () => {
    const { el, client } = await connected();
    await typeAndSend(el, 'busy?');
    await waitForFrames(client);
    await shownPart(el, 'typing');
    await push(client, { type: 'error', status: 503 });
    await waitUntil(() => !part(el, 'typing'), 'no typing entry after the error');
    expect(el.matches(':state(thinking)')).to.be.false;
  });

  it('after 30 s without an answer: a quiet "No answer yet" line, and Retry sends the turn again', async () => {
    const { el, client } = await connected();
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    await typeAndSend(el, 'Anyone there?');
    await waitForFrames(client);
    await shownPart(el, 'typing');
    clock.tick(29_000);
    await settled(el);
    expect(part(el, 'typing')!.textContent).to.not.include(str.noAnswer);
    expect(has(el, 'retry-button')).to.be.false;
    clock.tick(1_000);
    await waitUntil(() => part(el, 'typing')?.textContent!.trim() === str.noAnswer, 'No answer yet');
    clock.restore();
    expect(el.matches(':state(thinking)')).to.be.false;
    expect(part(el, 'typing')!.getAttribute('aria-live')).to.equal(null);
    const turn = el.messages[0];
    const retry = within(entryOf(el, turn.id), 'retry-button')!;
    expect(retry.textContent!.trim()).to.equal(str.retry);
    await click(retry);
    await waitForFrames(client, 2);
    expect(await requests(client)).to.deep.equal(['Anyone there?', 'Anyone there?']);
    await waitUntil(() => el.matches(':state(thinking)'), 'thinking again');
    expect(part(el, 'typing')!.textContent).to.not.include(str.noAnswer);
  });
});

describe('focus after a click', () => {
  it('on Send: focus is in the input, so the next keys type (Space does not press Send again)', async () => {
    const { el, client } = await connected();
    await click(part(el, 'input')!);
    await sendKeys({ type: 'first' });
    await click(part(el, 'send-button')!);
    await waitForFrames(client);
    expect(deepActive()?.getAttribute('part')).to.equal('input');
    await sendKeys({ type: ' and more' });
    expect(part<HTMLTextAreaElement>(el, 'input')!.value).to.equal(' and more');
    expect(await requests(client)).to.deep.equal(['first']);
  });

  it('on a suggestion: focus is in the input', async () => {
    const { el, client } = await connected({ suggestions: 'Opening hours?|Where are you?' });
    await click(part(el, 'suggestion')!);
    await waitForFrames(client);
    expect(deepActive()?.getAttribute('part')).to.equal('input');
    await sendKeys({ type: 'x' });
    expect(part<HTMLTextAreaElement>(el, 'input')!.value).to.equal('x');
  });
});

describe('server errors', () => {
  it('a 503 after the turn was answered leaves the turn as sent (no "Not sent", no Retry)', async () => {
    const { el, client } = await connected();
    await typeAndSend(el, 'Opening hours?');
    await waitForFrames(client);
    await push(client, { type: 'incoming', answer: '9 to 5.' });
    await push(client, { type: 'error', status: 503 });
    await waitUntil(() => el.messages.some(m => m.role === 'system'), 'the server line');
    await settled(el);
    const turn = entryOf(el, el.messages[0].id);
    expect(el.messages[0].state).to.equal('sent');
    expect(turn.textContent).to.not.include(str.failed);
    expect(!!within(turn, 'retry-button')).to.be.false;
    expect(part(el, 'message--system')!.textContent).to.include(str.server503);
  });

  it('a 503 while the turn waits for its answer marks it "Not sent" with Retry', async () => {
    const { el, client } = await connected();
    await typeAndSend(el, 'Opening hours?');
    await waitForFrames(client);
    await push(client, { type: 'error', status: 503 });
    await waitUntil(() => el.messages[0].state === 'failed', 'failed');
    await settled(el);
    expect(!!within(entryOf(el, el.messages[0].id), 'retry-button')).to.be.true;
  });
});

describe('reply controls', () => {
  it('"Play" before the reply has played, Stop while it plays (it stops), "Play again" after', async () => {
    const { el, client, origin } = await connected({ playback: 'manual' });
    await push(client, { type: 'incoming', answer: 'Listen.', fileUrl: `${origin}/media/reply.wav` });
    const play = await shownPart(el, 'replay-button');
    expect(play.textContent!.trim()).to.equal(str.play);
    await click(play);
    await waitUntil(() => el.matches(':state(playing)'), 'playing', { timeout: 4000 });
    const stop = await shownPart(el, 'stop-button');
    expect(stop.textContent!.trim()).to.equal(str.stop);
    expect(has(el, 'replay-button')).to.be.false;
    const ended = new Promise(r => el.addEventListener('avatar-chat-reply-end', r, { once: true }));
    await click(stop);
    await ended;
    const audio = part<HTMLAudioElement>(el, 'audio')!;
    expect(audio.paused).to.be.true;
    expect(el.matches(':state(playing)')).to.be.false;
    await aTimeout(200); // it stays stopped (the old pill played it again)
    expect(el.matches(':state(playing)')).to.be.false;
    const again = await shownPart(el, 'replay-button');
    expect(again.textContent!.trim()).to.equal(str.replay);
    expect(has(el, 'stop-button')).to.be.false;
  });

  it('a turn sent the moment a reply arrives does not pause the reply (a page script answering in a listener)', async () => {
    const { el, client, origin } = await connected();
    el.addEventListener('avatar-chat-message', () => queueMicrotask(() => void el.send('and then?')), { once: true });
    let started = false;
    el.addEventListener('avatar-chat-reply-start', () => (started = true));
    await push(client, { type: 'incoming', answer: 'Listen.', fileUrl: `${origin}/media/reply.wav` });
    await waitForFrames(client);
    await waitUntil(() => started, 'the reply starts', { timeout: 4000 });
    const audio = part<HTMLAudioElement>(el, 'audio')!;
    const t0 = audio.currentTime;
    await waitUntil(() => audio.currentTime > t0 + 0.1, 'the reply plays on', { timeout: 4000 });
  });

  it('the mute button mutes replies (attribute, state, aria-pressed); a reply then plays without sound', async () => {
    const { el, client, origin } = await connected();
    const mute = part(el, 'mute-button')!;
    expect(mute.getAttribute('aria-label')).to.equal(str.mute);
    expect(mute.getAttribute('aria-pressed')).to.equal('false');
    await click(mute);
    await el.updateComplete;
    expect(el.muted).to.be.true;
    expect(el.hasAttribute('muted')).to.be.true;
    expect(el.matches(':state(muted)')).to.be.true;
    expect(mute.getAttribute('aria-pressed')).to.equal('true');
    await push(client, { type: 'incoming', answer: 'Shh.', fileUrl: `${origin}/media/reply.wav` });
    await waitUntil(() => el.matches(':state(playing)'), 'playing', { timeout: 4000 });
    const audio = part<HTMLAudioElement>(el, 'audio')!;
    expect(audio.muted).to.be.true;
    await click(mute);
    await el.updateComplete;
    expect([el.muted, el.hasAttribute('muted'), el.matches(':state(muted)')]).to.deep.equal([false, false, false]);
    expect(audio.muted).to.be.false;
    el.setAttribute('muted', '');
    await el.updateComplete;
    expect([el.muted, audio.muted, mute.getAttribute('aria-pressed')]).to.deep.equal([true, true, 'true']);
  });
});

describe('greeting and starters', () => {
  it('the greeting stays first; the suggestions show until the first turn; a click sends its text', async () => {
    const { el, client } = await connected({
      greeting: 'Hi, I am Ava.',
      suggestions: 'Opening hours?| Where are you? ',
    });
    const buttons = deepAll(el.shadowRoot!, '[part~="suggestion"]');
    expect(buttons.map(b => b.textContent!.trim())).to.deep.equal(['Opening hours?', 'Where are you?']);
    expect(shown(part(el, 'suggestions'))).to.be.true;
    await click(buttons[1]);
    const [frame] = await waitForFrames(client);
    expect(JSON.parse(frame).request).to.equal('Where are you?');
    await push(client, { type: 'incoming', answer: 'In Berlin.' });
    await waitUntil(() => el.messages.length === 2);
    await settled(el);
    expect(has(el, 'suggestions')).to.be.false;
    const bubbles = deepAll(el.shadowRoot!, '[part~="message"]').map(m => m.textContent!.replace(/\s+/g, ' ').trim());
    expect(bubbles[0]).to.equal('Hi, I am Ava.');
    expect(bubbles[1]).to.include('Where are you?');
    expect(bubbles[2]).to.include('In Berlin.');
  });

  it('the property takes an array', async () => {
    const el = await mount({ url: 'ws://127.0.0.1:9/ws/chat', 'avatar-id': 'a', disabled: true });
    el.suggestions = ['One', 'Two', 'Three'];
    await el.updateComplete;
    expect(deepAll(el.shadowRoot!, '[part~="suggestion"]').map(b => b.textContent!.trim())).to.deep.equal([
      'One',
      'Two',
      'Three',
    ]);
  });
});

describe('new conversation', () => {
  it('the header button clears the transcript, forgets the session, shows greeting and suggestions again', async () => {
    const { el, client } = await connected({ greeting: 'Hello!', suggestions: 'Prices?' });
    await typeAndSend(el, 'Hi');
    await waitForFrames(client);
    await push(client, { type: 'incoming', answer: 'Welcome.', session: 'sess-1' });
    await waitUntil(() => el.messages.length === 2 && el.session === 'sess-1');
    await settled(el);
    const button = part(el, 'new-chat-button')!;
    expect(button.getAttribute('aria-label')).to.equal(str.newChat);
    await click(button);
    await waitUntil(() => el.messages.length === 0, 'cleared');
    await settled(el);
    expect(el.session).to.equal('');
    expect(deepAll(el.shadowRoot!, '[part~="message"]').map(m => m.textContent!.trim())).to.deep.equal(['Hello!']);
    expect(shown(part(el, 'suggestion'))).to.be.true;
    await waitUntil(() => deepActive()?.getAttribute('part') === 'input', 'focus in the input');
    await typeAndSend(el, 'Again');
    const sent = await waitForFrames(client, 2);
    expect(JSON.parse(sent[0]).session).to.equal(undefined);
    expect(JSON.parse(sent[1])).to.include({ request: 'Again' }).and.not.have.property('session');
  });

  it('newConversation() resolves once the greeting shows; the stored copy is forgotten with persist', async () => {
    const { el, client } = await connected({ greeting: 'Hello!', persist: true, 'avatar-id': 'av-newchat' });
    await el.send('Remember me');
    await waitForFrames(client);
    await push(client, { type: 'incoming', answer: 'Noted.', session: 'sess-9' });
    await waitUntil(() => el.messages.length === 2 && el.session === 'sess-9');
    const stored = () => Object.entries(sessionStorage).filter(([k]) => k.includes('av-newchat'));
    expect(JSON.stringify(stored())).to.include('Remember me');
    await el.newConversation();
    expect(deepAll(el.shadowRoot!, '[part~="message"]').map(m => m.textContent!.trim())).to.deep.equal(['Hello!']);
    expect(JSON.stringify(stored())).to.not.include('Remember me');
    expect(JSON.stringify(stored())).to.not.include('sess-9');
    sessionStorage.clear();
  });
});

describe('right-to-left', () => {
  /** Left edge of each character of a text node, on screen. */
  function charLefts(node: Text): number[] {
    const range = document.createRange();
    return [...node.data].map((_, i) => {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      return range.getBoundingClientRect().left;
    });
  }
  const textNode = (e: Element, has: string) =>
    [...e.childNodes].find((n): n is Text => n.nodeType === Node.TEXT_NODE && n.textContent!.includes(has))!;

  it('a time reads "10:03 AM", not "AM 10:03"; a Latin line keeps its question mark at its end', async () => {
    const { el, client } = await connected({}, { wrap: { dir: 'rtl', lang: 'ar' } });
    await el.send('Open at 10?');
    await waitForFrames(client);
    await settled(el);
    const time = part(el, 'time')!;
    expect(time.textContent).to.match(/\d\d:\d\d\s?[AP]M/); // the test's locale puts AM/PM after the digits
    const lefts = charLefts(textNode(time, ':'));
    const text = time.textContent!;
    const digit = lefts[text.search(/\d/)];
    const letter = lefts[text.search(/[AP]/)];
    expect(digit).to.be.below(letter, `"${text}" shows the digits first`);

    const bubble = part(el, 'bubble')!;
    const node = textNode(bubble, 'Open at 10?');
    const chars = charLefts(node);
    expect(Math.max(...chars)).to.equal(chars.at(-1), `"${node.data}": the question mark is last, on the right`);
    expect(Math.min(...chars)).to.equal(chars[0], `"${node.data}": "O" is first, on the left`);
  });
});
