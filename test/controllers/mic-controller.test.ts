import { expect, fixture, html } from '@open-wc/testing';
import type { LitElement } from 'lit';
import { MicController, type MicAction, type MicState } from '../../src/controllers/mic-controller.js';
import { defaultStrings } from '../../src/strings.js';
import { controllerHost } from '../helpers/controller-host.js';

const wait = (ms: number) => new Promise(r => setTimeout(r, ms));

/** A throwaway host that renders the mic; `set` changes its state and waits for the render. */
async function mic(mode: MicState['mode'] = 'push-to-talk') {
  const state: MicState = { mode, recording: false, disabled: false, unavailable: '', strings: defaultStrings };
  const events: MicAction[] = [];
  const details: unknown[] = [];
  const host = controllerHost({ render: () => controller.render() });
  const controller = new MicController(host, {
    state: () => state,
    on: (a, tooShort) => {
      events.push(a);
      details.push(tooShort);
    },
  });
  const el = await fixture<LitElement>(html`${host}`);
  const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="mic-button"]')!;
  const set = async (patch: Partial<MicState>) => {
    Object.assign(state, patch);
    el.requestUpdate();
    await el.updateComplete;
  };
  return { el, button, events, details, set, controller };
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

describe('MicController (the mic button)', () => {
  describe('keyboard', () => {
    it('Space held starts, keyup stops; repeats are ignored', async () => {
      const { button, events } = await mic();
      key(button, 'keydown', ' ');
      key(button, 'keydown', ' ', true);
      key(button, 'keydown', ' ', true);
      expect(events).to.deep.equal(['start']);
      await wait(300);
      key(button, 'keyup', ' ');
      expect(events).to.deep.equal(['start', 'stop']);
    });

    it('Enter works like Space', async () => {
      const { button, events } = await mic();
      key(button, 'keydown', 'Enter');
      await wait(300);
      key(button, 'keyup', 'Enter');
      expect(events).to.deep.equal(['start', 'stop']);
    });

    it('a quick tap cancels and shows the hint', async () => {
      const { el, button, events, details } = await mic();
      const hint = el.shadowRoot!.querySelector('[role="status"]')!;
      expect(hint.textContent).to.equal('');
      key(button, 'keydown', ' ');
      key(button, 'keyup', ' ');
      expect(events).to.deep.equal(['start', 'cancel']);
      expect(details[1]).to.equal(true);
      await el.updateComplete;
      expect(hint.textContent).to.equal('Hold the button while you talk');
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
      expect(events).to.deep.equal(['start', 'cancel']);
      expect(details[1]).to.equal(false);
    });

    it('Escape while recording (not held) cancels; idle Escape does nothing', async () => {
      const { button, events, set } = await mic('vad');
      key(button, 'keydown', 'Escape');
      expect(events).to.deep.equal([]);
      await set({ recording: true });
      key(button, 'keydown', 'Escape');
      expect(events).to.deep.equal(['cancel']);
    });
  });

  describe('pointer', () => {
    it('press and release over the button: start, stop', async () => {
      const { button, events } = await mic();
      pointer(button, 'pointerdown');
      expect(events).to.deep.equal(['start']);
      await wait(300);
      pointer(button, 'pointerup');
      expect(events).to.deep.equal(['start', 'stop']);
    });

    it('a release dragged more than 40 px from where it went down cancels', async () => {
      const { button, events, details } = await mic();
      pointer(button, 'pointerdown');
      await wait(300);
      pointer(button, 'pointerup', false);
      expect(events).to.deep.equal(['start', 'cancel']);
      expect(details[1]).to.equal(false);
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
      expect(events).to.deep.equal(['start', 'cancel']);
    });

    it('pointercancel cancels; Escape cancels while the pointer is down', async () => {
      const { button, events } = await mic();
      pointer(button, 'pointerdown');
      pointer(button, 'pointercancel');
      pointer(button, 'pointerdown');
      key(button, 'keydown', 'Escape');
      pointer(button, 'pointerup');
      expect(events).to.deep.equal(['start', 'cancel', 'start', 'cancel']);
    });

    it('a quick tap is too short; other buttons and other pointers are ignored', async () => {
      const { button, events, details } = await mic();
      pointer(button, 'pointerdown', true, { button: 2 });
      expect(events).to.deep.equal([]);
      pointer(button, 'pointerdown');
      pointer(button, 'pointerup', true, { pointerId: 8 });
      expect(events).to.deep.equal(['start']);
      pointer(button, 'pointerup');
      expect(events).to.deep.equal(['start', 'cancel']);
      expect(details[1]).to.equal(true);
    });

    it('vad mode: a click toggles, presses do not record', async () => {
      const { button, events } = await mic('vad');
      pointer(button, 'pointerdown');
      pointer(button, 'pointerup');
      button.click();
      expect(events).to.deep.equal(['toggle']);
    });

    it('disabled or unavailable: nothing happens', async () => {
      const { button, events, set } = await mic();
      await set({ unavailable: 'No microphone was found.' });
      pointer(button, 'pointerdown');
      key(button, 'keydown', ' ');
      expect(button.getAttribute('aria-disabled')).to.equal('true');
      expect(button.getAttribute('aria-description')).to.equal('No microphone was found.');
      expect(button.getAttribute('aria-label')).to.equal('Microphone unavailable');
      await set({ unavailable: '', disabled: true });
      expect(button.disabled).to.equal(true);
      await set({ mode: 'vad' });
      button.click();
      expect(events).to.deep.equal([]);
    });
  });

  describe('state', () => {
    it('aria-pressed, label, level bar and elapsed time follow the properties', async () => {
      const { el, button, set, controller } = await mic();
      const bar = el.shadowRoot!.querySelector<HTMLElement>('[part~="level"]')!;
      const time = el.shadowRoot!.querySelector<HTMLElement>('.time')!;
      expect(button.getAttribute('aria-pressed')).to.equal('false');
      expect(button.getAttribute('aria-label')).to.equal('Hold to talk');
      expect(bar.offsetParent).to.equal(null); // hidden while idle
      await set({ recording: true });
      expect(time.textContent).to.equal('0:00');
      controller.level(0.1, 75_400); // −20 dB
      expect(button.getAttribute('aria-pressed')).to.equal('true');
      expect(button.getAttribute('aria-label')).to.equal('Recording… release to send');
      expect(time.textContent).to.equal('1:15');
      expect(new DOMMatrix(bar.style.transform).a).to.be.closeTo(2 / 3, 1e-6); // inline value (a transition may run)
      expect(bar.hasAttribute('style')).to.equal(true); // set through the CSSOM, not a template attribute
      controller.level(2, 0);
      expect(bar.style.transform).to.equal('scaleX(1)');
      expect(time.textContent).to.equal('0:00');
      await set({ mode: 'vad' });
      expect(button.getAttribute('aria-label')).to.equal('Listening… click to stop');
      await set({ recording: false });
      expect(button.getAttribute('aria-label')).to.equal('Start listening');
    });

    it('is accessible idle and recording', async () => {
      const { el, set } = await mic();
      await expect(el).to.be.accessible();
      await set({ recording: true });
      await expect(el).to.be.accessible();
    });

    it('removal during a hold cancels', async () => {
      const { el, button, events } = await mic();
      pointer(button, 'pointerdown');
      el.remove();
      expect(events).to.deep.equal(['start', 'cancel']);
    });
  });
});
