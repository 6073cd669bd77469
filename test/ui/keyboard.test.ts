import { aTimeout, expect, fixture, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { frames, waitForFrames } from '../helpers/chat.js';
import { connected, deepAll, part } from './ui.js';
import { defaultStrings as str } from '../../src/strings.js';

/** The element that has real focus, through shadow roots. */
function deepActive(): Element | null {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

async function chatAfterButton(a = {}) {
  const c = await connected(a, { wrap: {} });
  const before = await fixture<HTMLButtonElement>('<button>before</button>');
  c.el.parentElement!.before(before);
  return { ...c, before };
}

describe('keyboard only', () => {
  it('Tab to the input, type, Enter sends; Tab to the mic, hold Space: a voice turn', async () => {
    const { el, client, before } = await chatAfterButton();
    before.focus();
    await sendKeys({ press: 'Tab' }); // the header's buttons
    expect(deepActive()?.getAttribute('part')).to.equal('new-chat-button');
    await sendKeys({ press: 'Tab' });
    expect(deepActive()?.getAttribute('part')).to.equal('mute-button');
    await sendKeys({ press: 'Tab' }); // the transcript log (scrollable, focusable)
    expect(deepActive()?.getAttribute('role')).to.equal('log');
    await sendKeys({ press: 'Tab' });
    expect(deepActive()).to.equal(part(el, 'input'));
    await sendKeys({ type: 'hello' });
    await sendKeys({ press: 'Enter' });
    const [text] = await waitForFrames(client);
    expect(JSON.parse(text)).to.include({ chat_type: 'text', request: 'hello' });
    expect((part(el, 'input') as HTMLTextAreaElement).value).to.equal('');

    await sendKeys({ press: 'Tab' });
    const mic = part(el, 'mic-button')!;
    expect(deepActive()).to.equal(mic);
    expect(mic.getAttribute('aria-pressed')).to.equal('false');
    await sendKeys({ down: 'Space' });
    await waitUntil(() => el.recording && el.matches(':state(recording)'), 'recording', { timeout: 4000 });
    await el.updateComplete;
    expect(mic.getAttribute('aria-pressed')).to.equal('true');
    await aTimeout(600);
    await sendKeys({ up: 'Space' });
    const all = await waitForFrames(client, 2);
    const voice = JSON.parse(all[1]);
    expect(voice).to.include({ chat_type: 'voice', isPushToTalk: true });
    expect(el.recording).to.be.false;
  });

  it('Shift+Enter makes a new line and sends nothing', async () => {
    const { el, client } = await connected();
    part(el, 'input')!.focus();
    await sendKeys({ type: 'line one' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ type: 'line two' });
    expect((part(el, 'input') as HTMLTextAreaElement).value).to.equal('line one\nline two');
    await sendKeys({ press: 'Enter' });
    const [f] = await waitForFrames(client);
    expect(JSON.parse(f).request).to.equal('line one\nline two');
  });

  it('a short Space tap on the mic sends nothing and shows the hold hint', async () => {
    const { el, client } = await connected();
    part(el, 'mic-button')!.focus();
    await sendKeys({ press: 'Space' });
    await waitUntil(() => deepAll(el.shadowRoot!, '.mic [role=status]')[0].textContent!.trim() !== '', 'hint');
    expect(deepAll(el.shadowRoot!, '.mic [role=status]')[0].textContent).to.equal(str.micTooShort);
    await aTimeout(300);
    expect(await frames(client)).to.deep.equal([]);
  });

  it('voice="off" during a pointer hold: the recording is dropped, nothing is sent, the next hold works', async () => {
    const { el, client } = await connected({ 'max-recording': '1' });
    const mic = part(el, 'mic-button')!;
    const r = mic.getBoundingClientRect();
    const at = { pointerId: 3, button: 0, clientX: r.left + 5, clientY: r.top + 5, bubbles: true, composed: true };
    mic.dispatchEvent(new PointerEvent('pointerdown', at));
    await waitUntil(() => el.recording, 'recording', { timeout: 4000 });
    el.voice = 'off';
    await el.updateComplete;
    expect(part(el, 'mic-button'), 'no mic button').to.equal(undefined);
    await waitUntil(() => !el.recording, 'recording stopped', { timeout: 2000 });
    await aTimeout(1200); // past max-recording: a recording still running would be sent now
    const escape = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    document.body.dispatchEvent(escape);
    expect(escape.defaultPrevented, 'the hold no longer listens for Escape').to.equal(false);
    expect(await frames(client)).to.deep.equal([]);

    el.voice = 'push-to-talk';
    await el.updateComplete;
    part(el, 'mic-button')!.focus();
    await sendKeys({ down: 'Space' });
    await waitUntil(() => el.recording, 'recording again', { timeout: 4000 });
    await aTimeout(600);
    await sendKeys({ up: 'Space' });
    const [voice] = await waitForFrames(client);
    expect(JSON.parse(voice)).to.include({ chat_type: 'voice', isPushToTalk: true });
  });

  it('the mic button has a name from strings in every mode and state', async () => {
    const { el } = await connected({ voice: 'vad' });
    const label = () => part(el, 'mic-button')!.getAttribute('aria-label');
    const recording = async (on: boolean) => {
      await waitUntil(() => el.recording === on, on ? 'recording' : 'stopped', { timeout: 4000 });
      await el.updateComplete;
    };
    expect(label()).to.equal('Start listening');
    part(el, 'mic-button')!.focus();
    await sendKeys({ press: 'Enter' }); // hands-free: a press toggles listening
    await recording(true);
    expect(label()).to.equal('Listening… click to stop');
    await sendKeys({ press: 'Enter' });
    await recording(false);
    expect(label()).to.equal('Start listening');

    el.voice = 'push-to-talk';
    await el.updateComplete;
    expect(label()).to.equal('Hold to talk');
    part(el, 'mic-button')!.focus();
    await sendKeys({ down: 'Space' });
    await recording(true);
    expect(label()).to.equal('Recording… release to send');
    await sendKeys({ up: 'Space' });
    await recording(false);
    expect(label()).to.equal('Hold to talk');
  });

  it('focus is visible on every control', async () => {
    const { el } = await connected({}, { inner: '' });
    for (const name of ['input', 'mic-button', 'send-button']) {
      part(el, name)!.focus();
      await sendKeys({ press: 'Shift' }); // keyboard modality for :focus-visible
      const s = getComputedStyle(deepActive()!);
      expect(deepActive(), name).to.equal(part(el, name));
      expect(s.outlineStyle === 'none' && s.boxShadow === 'none', `${name} shows focus`).to.be.false;
      expect(parseFloat(s.outlineWidth) >= 2 || s.boxShadow !== 'none', `${name} ring width`).to.be.true;
    }
  });
});
