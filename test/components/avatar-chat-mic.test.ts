import { expect, fixture, html } from '@open-wc/testing';
import { AvatarChatMic } from '../../src/components/avatar-chat-mic.js';

if (!customElements.get('avatar-chat-mic')) customElements.define('avatar-chat-mic', AvatarChatMic);

const wait = (ms: number) => new Promise(r => setTimeout(r, ms));

async function mic(mode: 'push-to-talk' | 'vad' = 'push-to-talk') {
  const el = await fixture<AvatarChatMic>(html`<avatar-chat-mic .mode=${mode}></avatar-chat-mic>`);
  const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="mic-button"]')!;
  const events: string[] = [];
  const details: unknown[] = [];
  for (const type of ['mic-start', 'mic-stop', 'mic-cancel', 'mic-toggle'])
    el.addEventListener(type, e => {
      events.push(type);
      details.push((e as CustomEvent).detail);
      expect(e.bubbles || e.composed).to.equal(false);
    });
  return { el, button, events, details };
}

const key = (target: Element, type: 'keydown' | 'keyup', k: string, repeat = false) =>
  target.dispatchEvent(new KeyboardEvent(type, { key: k, repeat, bubbles: true, composed: true, cancelable: true }));

function pointer(target: HTMLElement, type: string, inside = true, init: PointerEventInit = {}) {
  const r = target.getBoundingClientRect();
  const [clientX, clientY] = inside ? [r.left + r.width / 2, r.top + r.height / 2] : [r.right + 50, r.bottom + 50];
  target.dispatchEvent(
    new PointerEvent(type, { pointerId: 7, button: 0, clientX, clientY, bubbles: true, composed: true, ...init }),
  );
}

describe('avatar-chat-mic', () => {
  describe('keyboard', () => {
    it('Space held starts, keyup stops; repeats are ignored', async () => {
      const { button, events } = await mic();
      key(button, 'keydown', ' ');
      key(button, 'keydown', ' ', true);
      key(button, 'keydown', ' ', true);
      expect(events).to.deep.equal(['mic-start']);
      await wait(300);
      key(button, 'keyup', ' ');
      expect(events).to.deep.equal(['mic-start', 'mic-stop']);
    });

    it('Enter works like Space', async () => {
      const { button, events } = await mic();
      key(button, 'keydown', 'Enter');
      await wait(300);
      key(button, 'keyup', 'Enter');
      expect(events).to.deep.equal(['mic-start', 'mic-stop']);
    });

    it('a quick tap cancels and shows the hint', async () => {
      const { el, button, events, details } = await mic();
      const hint = el.shadowRoot!.querySelector('[role="status"]')!;
      expect(hint.textContent).to.equal('');
      key(button, 'keydown', ' ');
      key(button, 'keyup', ' ');
      expect(events).to.deep.equal(['mic-start', 'mic-cancel']);
      expect(details[1]).to.deep.equal({ tooShort: true });
      await el.updateComplete;
      expect(hint.textContent).to.equal('Hold to talk');
      key(button, 'keydown', ' '); // the next press hides it
      await el.updateComplete;
      expect(hint.textContent).to.equal('');
    });

    it('Escape cancels a held key; the later keyup does nothing', async () => {
      const { button, events, details } = await mic();
      key(button, 'keydown', ' ');
      await wait(300);
      key(button, 'keydown', 'Escape');
      key(button, 'keyup', ' ');
      expect(events).to.deep.equal(['mic-start', 'mic-cancel']);
      expect(details[1]).to.deep.equal({ tooShort: false });
    });

    it('Escape while recording (not held) cancels; idle Escape does nothing', async () => {
      const { el, button, events } = await mic('vad');
      key(button, 'keydown', 'Escape');
      expect(events).to.deep.equal([]);
      el.recording = true;
      await el.updateComplete;
      key(button, 'keydown', 'Escape');
      expect(events).to.deep.equal(['mic-cancel']);
    });
  });

  describe('pointer', () => {
    it('press and release over the button: start, stop', async () => {
      const { button, events } = await mic();
      pointer(button, 'pointerdown');
      expect(events).to.deep.equal(['mic-start']);
      await wait(300);
      pointer(button, 'pointerup');
      expect(events).to.deep.equal(['mic-start', 'mic-stop']);
    });

    it('release outside the button cancels', async () => {
      const { button, events, details } = await mic();
      pointer(button, 'pointerdown');
      await wait(300);
      pointer(button, 'pointerup', false);
      expect(events).to.deep.equal(['mic-start', 'mic-cancel']);
      expect(details[1]).to.deep.equal({ tooShort: false });
    });

    it('Escape cancels a pointer hold wherever the focus is', async () => {
      const { button, events } = await mic();
      const other = document.body.appendChild(document.createElement('input'));
      other.focus();
      pointer(button, 'pointerdown');
      key(other, 'keydown', 'Escape');
      await wait(300);
      pointer(button, 'pointerup');
      key(other, 'keydown', 'Escape');
      other.remove();
      expect(events).to.deep.equal(['mic-start', 'mic-cancel']);
    });

    it('pointercancel cancels; Escape cancels while the pointer is down', async () => {
      const { button, events } = await mic();
      pointer(button, 'pointerdown');
      pointer(button, 'pointercancel');
      pointer(button, 'pointerdown');
      key(button, 'keydown', 'Escape');
      pointer(button, 'pointerup');
      expect(events).to.deep.equal(['mic-start', 'mic-cancel', 'mic-start', 'mic-cancel']);
    });

    it('a quick tap is too short; other buttons and other pointers are ignored', async () => {
      const { button, events, details } = await mic();
      pointer(button, 'pointerdown', true, { button: 2 });
      expect(events).to.deep.equal([]);
      pointer(button, 'pointerdown');
      pointer(button, 'pointerup', true, { pointerId: 8 });
      expect(events).to.deep.equal(['mic-start']);
      pointer(button, 'pointerup');
      expect(events).to.deep.equal(['mic-start', 'mic-cancel']);
      expect(details[1]).to.deep.equal({ tooShort: true });
    });

    it('vad mode: a click toggles, presses do not record', async () => {
      const { button, events } = await mic('vad');
      pointer(button, 'pointerdown');
      pointer(button, 'pointerup');
      button.click();
      expect(events).to.deep.equal(['mic-toggle']);
    });

    it('disabled or unavailable: nothing happens', async () => {
      const { el, button, events } = await mic();
      el.unavailable = 'No microphone was found.';
      await el.updateComplete;
      pointer(button, 'pointerdown');
      key(button, 'keydown', ' ');
      expect(button.getAttribute('aria-disabled')).to.equal('true');
      expect(button.getAttribute('aria-description')).to.equal('No microphone was found.');
      expect(button.getAttribute('aria-label')).to.equal('Microphone unavailable');
      el.unavailable = undefined;
      el.disabled = true;
      await el.updateComplete;
      expect(button.disabled).to.equal(true);
      el.mode = 'vad';
      await el.updateComplete;
      button.click();
      expect(events).to.deep.equal([]);
    });
  });

  describe('state', () => {
    it('aria-pressed, label, level bar and elapsed time follow the properties', async () => {
      const { el, button } = await mic();
      const bar = el.shadowRoot!.querySelector<HTMLElement>('[part~="level"]')!;
      const time = el.shadowRoot!.querySelector<HTMLElement>('.time')!;
      expect(button.getAttribute('aria-pressed')).to.equal('false');
      expect(button.getAttribute('aria-label')).to.equal('Hold to talk');
      expect(bar.offsetParent).to.equal(null); // hidden while idle
      el.recording = true;
      el.level = 0.1; // −20 dB
      el.elapsedMs = 75_400;
      await el.updateComplete;
      expect(button.getAttribute('aria-pressed')).to.equal('true');
      expect(button.getAttribute('aria-label')).to.equal('Recording… release to send');
      expect(time.textContent).to.equal('1:15');
      expect(new DOMMatrix(bar.style.transform).a).to.be.closeTo(2 / 3, 1e-6); // inline value (a transition may run)
      expect(bar.hasAttribute('style')).to.equal(true); // set through the CSSOM, not a template attribute
      el.level = 2;
      await el.updateComplete;
      expect(bar.style.transform).to.equal('scaleX(1)');
      el.mode = 'vad';
      await el.updateComplete;
      expect(button.getAttribute('aria-label')).to.equal('Listening… click to stop');
      el.recording = false;
      await el.updateComplete;
      expect(button.getAttribute('aria-label')).to.equal('Start listening');
    });

    it('is accessible idle and recording', async () => {
      const { el } = await mic();
      await expect(el).to.be.accessible();
      el.recording = true;
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });

    it('removal during a hold cancels', async () => {
      const { el, button, events } = await mic();
      pointer(button, 'pointerdown');
      el.remove();
      expect(events).to.deep.equal(['mic-start', 'mic-cancel']);
    });
  });
});
