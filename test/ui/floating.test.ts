import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys, sendMouse } from '@web/test-runner-commands';
import type { AvatarChat } from '../../src/avatar-chat.js';
import { newClient, push, sockets, waitForSocket } from '../helpers/chat.js';
import { EMULATES_MEDIA, engine } from '../helpers/engine.js';
import { mount, part, shown } from './ui.js';

/** The focused element in the element's shadow tree, through the sub-elements' shadow roots. */
function focused(el: AvatarChat) {
  let active = el.shadowRoot!.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

async function floating() {
  const c = await newClient('float');
  const el = await mount({ url: c.url, 'avatar-id': 'a', layout: 'floating' });
  return { el, ...c };
}

describe('floating layout', () => {
  it('shows only the launcher until opened, and connects only when first opened', async () => {
    const { el, client } = await floating();
    expect(shown(part(el, 'launcher'))).to.be.true;
    expect(shown(part(el, 'base'))).to.be.false;
    expect(el.open).to.be.false;
    expect(el.matches(':state(open)')).to.be.false;
    await aTimeout(300); // give a wrongly eager connect the time to show up
    expect(await sockets(client)).to.equal(0);
    expect(el.status).to.equal('idle');

    part(el, 'launcher')!.click();
    await el.updateComplete;
    expect(el.open).to.be.true;
    expect(el.hasAttribute('open')).to.be.true;
    expect(el.matches(':state(open)')).to.be.true;
    expect(shown(part(el, 'base'))).to.be.true;
    expect(shown(part(el, 'launcher'))).to.be.false;
    await waitUntil(() => focused(el) === part(el, 'input'), 'focus moves to the input');
    await waitForSocket(client);
    expect(await sockets(client)).to.equal(1);
  });

  it('Escape closes and returns focus to the launcher; closing keeps the connection', async () => {
    const { el, client } = await floating();
    part(el, 'launcher')!.click();
    await waitUntil(() => focused(el) === part(el, 'input'));
    await waitForSocket(client);
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.open).to.be.false;
    expect(el.hasAttribute('open')).to.be.false;
    expect(el.matches(':state(open)')).to.be.false;
    await waitUntil(() => !shown(part(el, 'base')), 'the panel is gone after its closing transition');
    await waitUntil(() => focused(el) === part(el, 'launcher'), 'focus returns to the launcher');
    expect(await sockets(client)).to.equal(1);
  });

  it('the close button closes; the open attribute opens', async () => {
    const { el } = await floating();
    el.setAttribute('open', '');
    await el.updateComplete;
    expect(el.matches(':state(open)')).to.be.true;
    expect(shown(part(el, 'close-button'))).to.be.true;
    expect(part(el, 'base')!.getAttribute('role')).to.equal('dialog');
    part(el, 'close-button')!.click();
    await el.updateComplete;
    expect(el.hasAttribute('open')).to.be.false;
    await waitUntil(() => !shown(part(el, 'base')), 'the panel is gone after its closing transition');
    await waitUntil(() => focused(el) === part(el, 'launcher'));
  });

  it('Escape while recording cancels the recording, not the panel', async () => {
    const { el, client } = await floating();
    part(el, 'launcher')!.click();
    await waitForSocket(client);
    await waitUntil(() => el.status === 'connected');
    await el.startRecording();
    part(el, 'mic-button')!.focus();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !el.recording, 'recording cancelled');
    await el.updateComplete;
    expect(el.open).to.be.true;
  });
});

describe('Escape while the microphone is open', () => {
  for (const layout of ['inline', 'floating'] as const) {
    it(`${layout}: with the focus in the input, Escape stops hands-free listening; the panel stays`, async () => {
      const c = await newClient('esc');
      const el = await mount({ url: c.url, 'avatar-id': 'a', layout, voice: 'vad', open: true });
      await waitForSocket(c.client);
      await waitUntil(() => el.status === 'connected');
      await click(part(el, 'mic-button')!); // hands-free: a click starts listening
      await waitUntil(() => el.recording, 'listening');
      await click(part(el, 'input')!);
      await waitUntil(() => focused(el) === part(el, 'input'), 'focus in the input');
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !el.recording, 'Escape stopped listening');
      await el.updateComplete;
      expect(el.open || layout === 'inline', 'the panel stays open').to.be.true;
      expect(part(el, 'mic-button')!.getAttribute('aria-pressed')).to.equal('false');
      await sendKeys({ press: 'Escape' }); // the next Escape closes the floating panel
      await el.updateComplete;
      expect(el.open).to.equal(layout === 'inline');
    });
  }
});

/** The launcher's accessible name: its text without what is aria-hidden (the badge's number, the icon). */
const launcherName = (el: AvatarChat) =>
  [...part(el, 'launcher')!.childNodes]
    .filter(n => n.nodeType !== Node.COMMENT_NODE)
    .filter(n => !(n instanceof Element && n.getAttribute('aria-hidden') === 'true'))
    .map(n => n.textContent)
    .join('')
    .trim();

/** Clicks the centre of `e` with the real mouse. */
async function click(e: Element) {
  const r = e.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)] });
}

/** WCAG relative luminance of a computed `rgb(…)` colour. */
function luminance(color: string) {
  const [r, g, b] = color
    .match(/[\d.]+/g)!
    .slice(0, 3)
    .map(v => {
      const c = Number(v) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

describe('floating: unread badge, transition, edge', () => {
  afterEach(async () => {
    if (EMULATES_MEDIA) await emulateMedia({ reducedMotion: 'no-preference' });
    document.body.style.background = '';
  });

  it('the closed launcher counts replies that arrived while closed, says so in its name; opening clears it', async () => {
    const { el, client } = await floating();
    await click(part(el, 'launcher')!);
    await waitForSocket(client);
    await waitUntil(() => el.status === 'connected');
    await push(client, { type: 'incoming', answer: 'Seen while open' });
    await waitUntil(() => el.messages.length === 1);
    await click(part(el, 'close-button')!);
    await waitUntil(() => shown(part(el, 'launcher')), 'launcher');
    expect(part(el, 'badge')).to.equal(undefined);
    expect(launcherName(el)).to.equal('Open chat');
    await push(client, { type: 'incoming', answer: 'One' });
    await push(client, { type: 'incoming', answer: 'Two' });
    await waitUntil(() => part(el, 'badge')?.textContent === '2', 'badge shows 2');
    expect(shown(part(el, 'badge'))).to.be.true;
    expect(launcherName(el)).to.equal('Open chat (2 unread)');
    const badge = part(el, 'badge')!.getBoundingClientRect();
    const launcher = part(el, 'launcher')!.getBoundingClientRect();
    expect(badge.top).to.be.lessThan(launcher.top + launcher.height / 2); // on the launcher's upper corner
    await click(part(el, 'launcher')!);
    await el.updateComplete;
    expect(part(el, 'badge')).to.equal(undefined);
    await click(part(el, 'close-button')!);
    await waitUntil(() => shown(part(el, 'launcher')), 'launcher');
    expect(part(el, 'badge')).to.equal(undefined);
    expect(launcherName(el)).to.equal('Open chat');
  });

  it('opens and closes with a short transition; none under prefers-reduced-motion', async () => {
    const { el } = await floating();
    const transitions = () =>
      part(el, 'base')!
        .getAnimations()
        .filter(a => a instanceof CSSTransition)
        .map(a => (a as CSSTransition).transitionProperty);
    await click(part(el, 'launcher')!);
    await el.updateComplete;
    expect(transitions()).to.include('opacity');
    await click(part(el, 'close-button')!);
    await el.updateComplete;
    if (engine === 'firefox') {
      // Firefox ESR takes transition-behavior: allow-discrete but does not transition `display` itself: an element
      // that becomes display: none runs no transition at all, so the panel closes at once, without the fade out
      expect(transitions()).to.deep.equal([]);
    } else {
      expect(transitions()).to.include('opacity');
      expect(shown(part(el, 'base')), 'still fading out').to.be.true;
    }
    await waitUntil(() => !shown(part(el, 'base')), 'closed', { timeout: 1000 });

    if (!EMULATES_MEDIA) return; // WebKit: no reduced motion to emulate
    await emulateMedia({ reducedMotion: 'reduce' });
    await click(part(el, 'launcher')!);
    await el.updateComplete;
    expect(transitions()).to.deep.equal([]);
    expect(getComputedStyle(part(el, 'base')!).opacity).to.equal('1');
    await click(part(el, 'close-button')!);
    await el.updateComplete;
    expect(shown(part(el, 'base'))).to.be.false;
  });

  it('the launcher takes a click at once after closing: the panel fading out over it does not catch it', async () => {
    const { el } = await floating();
    await click(part(el, 'launcher')!);
    await el.updateComplete;
    await click(part(el, 'close-button')!);
    await el.updateComplete;
    // Hold the closing fade where it is (Firefox runs none: the panel is gone already), and click the launcher.
    // WebKit hit-tests a panel fading out to display: none (Chromium does not): without pointer-events: none on the
    // closed panel, WebKit's click landed on it and the launcher stayed closed.
    for (const animation of part(el, 'base')!.getAnimations()) animation.pause();
    await click(part(el, 'launcher')!);
    await el.updateComplete;
    expect(el.open, 'the click opened the panel').to.be.true;
  });

  it('the open panel has an edge that shows on a dark page (≥ 3:1 against the page)', async () => {
    document.body.style.background = '#030712';
    const page = getComputedStyle(document.body).backgroundColor;
    for (const theme of ['dark', 'auto']) {
      const c = await newClient('float');
      const el = await mount({ url: c.url, 'avatar-id': 'a', layout: 'floating', open: true, theme });
      await el.updateComplete;
      const base = getComputedStyle(part(el, 'base')!);
      expect(parseFloat(base.borderTopWidth)).to.be.at.least(1);
      expect(contrast(base.borderTopColor, page), `theme ${theme}`).to.be.at.least(3);
    }
  });
});
