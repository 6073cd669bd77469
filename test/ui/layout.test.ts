// Layout as a visitor sees it, measured in real Chromium layout: the inline widget's default height, narrow panels
// (320–360 px, left-to-right and right-to-left, recording or not), control sizes for a mouse and for a touch screen
// (`pointer: coarse`, emulated by wtr/media-plugin.mjs), the composer's alignment and gaps, unclipped focus rings.
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import type { AvatarChat } from '../../src/avatar-chat.js';
import { push, waitForFrames } from '../helpers/chat.js';
import { EMULATES_MEDIA } from '../helpers/engine.js';
import { connected, deepAll, mount, part, settled, shown } from './ui.js';

const POSTER =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 120"><rect width="200" height="120"/></svg>',
  );

const emulatePointer = async (value: 'coarse' | 'fine') => {
  if (EMULATES_MEDIA) await executeServerCommand('emulate-pointer', value);
};

/** The shown controls (buttons, the input) of the element's shadow trees. */
const controls = (el: AvatarChat) => deepAll(el.shadowRoot!, 'button, textarea').filter(e => shown(e));

const describeControl = (e: Element) => e.getAttribute('part') ?? e.className ?? e.tagName;

/** The closest ancestor across shadow boundaries. */
const up = (e: Element): Element | null => e.parentElement ?? ((e.getRootNode() as ShadowRoot).host || null);

/** A widget with every kind of button on show: a failed turn (retry), a reply with media (replay), the play button. */
async function busyWidget(attrs: Record<string, string | boolean> = {}) {
  const { el, client, origin } = await connected(
    { poster: POSTER, playback: 'manual', ...attrs },
    { wrap: { style: 'height: 560px' } },
  );
  await el.send('one');
  await waitForFrames(client);
  await push(client, { type: 'incoming', answer: 'Press play.', fileUrl: `${origin}/media/reply.wav` });
  // the reply answers "one" only once the page has it (Firefox may deliver it after a send right behind the push)
  await waitUntil(() => el.messages.length === 2, 'reply to one');
  await el.send('two'); // an error fails only the turn still waiting for its answer
  await waitForFrames(client, 2);
  await push(client, { type: 'error', status: 503 });
  await waitUntil(() => el.messages.some(m => m.state === 'failed'), 'failed turn');
  await settled(el);
  await waitUntil(() => shown(part(el, 'play-button')), 'play button');
  for (const name of ['retry-button', 'replay-button', 'play-button', 'mic-button', 'send-button', 'input'])
    expect(shown(part(el, name)), name).to.be.true;
  return el;
}

describe('inline height', () => {
  it('in a box that gives it no height: min(600px, 100dvh), and ten replies scroll the transcript, not the page', async () => {
    const { el, client } = await connected({}, { wrap: {} });
    const expected = Math.min(600, innerHeight);
    expect(el.getBoundingClientRect().height).to.be.closeTo(expected, 1);
    for (let i = 1; i <= 10; i++) {
      await el.send(`question ${i}`);
      await push(client, { type: 'incoming', answer: `Answer number ${i}, long enough to take a line or two here.` });
    }
    await waitUntil(() => el.messages.length === 20, 'ten turns');
    await settled(el);
    expect(el.getBoundingClientRect().height).to.be.closeTo(expected, 1);
    const log = deepAll(el.shadowRoot!, '[role=log]')[0];
    expect(log.scrollHeight).to.be.greaterThan(log.clientHeight);
    expect(part(el, 'composer')!.getBoundingClientRect().bottom).to.be.at.most(el.getBoundingClientRect().bottom + 0.5);
  });

  it('a box with a height is filled; a wide panel shows the whole poster inside the stage', async () => {
    const { el } = await connected({ poster: POSTER }, { wrap: { style: 'height: 420px' } });
    expect(el.getBoundingClientRect().height).to.be.closeTo(420, 0.5);
    const player = part(el, 'player')!.getBoundingClientRect();
    const picture = deepAll(el.shadowRoot!, '.stage img')[0].getBoundingClientRect();
    expect(picture.height).to.be.at.most(player.height + 0.5);
    expect(picture.top).to.be.at.least(player.top - 0.5);
  });
});

for (const width of [320, 360])
  for (const dir of ['ltr', 'rtl'])
    describe(`narrow panel: ${width} px, ${dir}`, () => {
      before(() => setViewport({ width, height: 640 }));
      after(() => setViewport({ width: 800, height: 600 }));

      for (const recording of [false, true])
        it(`${recording ? 'recording' : 'idle'}: one composer line, the input keeps 120 px, the poster ≤ 35 %`, async () => {
          const { el } = await connected(
            { poster: POSTER, placeholder: 'Type your question here, or hold the microphone button to talk' },
            { wrap: { dir, style: 'height: 600px' } },
          );
          if (recording) {
            await el.startRecording();
            await el.updateComplete;
          }
          try {
            const [input, mic, send] = ['input', 'mic-button', 'send-button'].map(n =>
              part(el, n)!.getBoundingClientRect(),
            );
            const composer = part(el, 'composer')!.getBoundingClientRect();
            expect(input.width).to.be.at.least(120);
            // one line: the three controls share one row, and the input is as high as a button (no wrapped placeholder)
            expect(input.height).to.be.closeTo(send.height, 0.5);
            for (const box of [mic, send]) expect(box.top).to.be.closeTo(input.top, 0.5);
            expect(composer.left).to.be.at.most(Math.min(input.left, send.left, mic.left));
            expect(composer.right).to.be.at.least(Math.max(input.right, send.right, mic.right));
            const placeholder = getComputedStyle(part(el, 'input')!, '::placeholder');
            expect(placeholder.textOverflow).to.equal('ellipsis');
            const base = part(el, 'base')!.getBoundingClientRect();
            const player = part(el, 'player')!.getBoundingClientRect();
            expect(player.height).to.be.greaterThan(0);
            expect(player.height).to.be.at.most(base.height * 0.35 + 0.5);
            const log = deepAll(el.shadowRoot!, '[role=log]')[0].getBoundingClientRect();
            expect(log.height).to.be.greaterThan(player.height);
          } finally {
            el.cancelRecording();
          }
        });
    });

for (const pointer of ['fine', 'coarse'] as const) {
  // where the runner cannot make the pointer coarse (WebKit, EMULATES_MEDIA), it stays the engine's own: a mouse's sizes
  const coarse = pointer === 'coarse' && EMULATES_MEDIA;
  const min = coarse ? 44 : 32;
  describe(`control targets, pointer: ${pointer}${pointer === 'coarse' && !coarse ? ' (not emulated: fine)' : ''}`, () => {
    before(() => emulatePointer(pointer));
    after(() => emulatePointer('fine'));

    it(`every control of the inline widget is at least ${min}×${min} CSS px`, async () => {
      const el = await busyWidget();
      expect(matchMedia('(pointer: coarse)').matches).to.equal(coarse); // headless: `pointer: none`
      const all = controls(el);
      expect(all.length).to.be.at.least(6);
      for (const control of all) {
        const { width, height } = control.getBoundingClientRect();
        expect(width, `${describeControl(control)} width`).to.be.at.least(min);
        expect(height, `${describeControl(control)} height`).to.be.at.least(min);
      }
    });

    it(`floating: the launcher and the close button are at least ${min}×${min} CSS px`, async () => {
      const el = await mount({ url: 'ws://127.0.0.1:9/ws/chat', 'avatar-id': 'a', layout: 'floating' });
      const launcher = part(el, 'launcher')!.getBoundingClientRect();
      expect(Math.min(launcher.width, launcher.height)).to.be.at.least(min);
      el.open = true;
      await el.updateComplete;
      const all = controls(el);
      expect(all.map(describeControl)).to.include('close-button');
      for (const control of all) {
        const { width, height } = control.getBoundingClientRect();
        expect(Math.min(width, height), describeControl(control)).to.be.at.least(min);
      }
    });

    it('the input, the mic and Send share one height and bottom edge, with even gaps', async () => {
      const { el } = await connected({}, { wrap: { style: 'height: 480px' } });
      const [input, mic, send] = ['input', 'mic-button', 'send-button'].map(n => part(el, n)!.getBoundingClientRect());
      expect(mic.height).to.be.closeTo(input.height, 0.5);
      expect(send.height).to.be.closeTo(input.height, 0.5);
      expect(mic.bottom).to.be.closeTo(input.bottom, 0.5);
      expect(send.bottom).to.be.closeTo(input.bottom, 0.5);
      expect(mic.left - input.right).to.be.closeTo(send.left - mic.right, 0.5);
    });
  });
}

describe('focus rings', () => {
  it('are never clipped by the panel or a scrolling box', async () => {
    const el = await busyWidget();
    const checked: string[] = [];
    for (const control of [...controls(el), deepAll(el.shadowRoot!, '[role=log]')[0]]) {
      control.focus({ focusVisible: true } as FocusOptions);
      expect(control.matches(':focus-visible'), describeControl(control)).to.be.true;
      const style = getComputedStyle(control);
      const out = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth);
      expect(parseFloat(style.outlineWidth), `${describeControl(control)} has a ring`).to.be.greaterThan(0);
      const r = control.getBoundingClientRect();
      const ring = { left: r.left - out, right: r.right + out, top: r.top - out, bottom: r.bottom + out };
      for (let a = up(control); a && a !== document.documentElement; a = up(a)) {
        const clip = getComputedStyle(a);
        if (clip.overflowX === 'visible' && clip.overflowY === 'visible') continue;
        const box = a.getBoundingClientRect();
        const inner = {
          left: box.left + a.clientLeft,
          top: box.top + a.clientTop,
          right: box.left + a.clientLeft + a.clientWidth,
          bottom: box.top + a.clientTop + a.clientHeight,
        };
        const what = `${describeControl(control)} in ${describeControl(a)}`;
        expect(ring.left, what).to.be.at.least(inner.left - 0.5);
        expect(ring.right, what).to.be.at.most(inner.right + 0.5);
        // a scrolled log may hide a control's ring at its top and bottom edges: only the sides are fixed
        if (a.scrollHeight <= a.clientHeight) {
          expect(ring.top, what).to.be.at.least(inner.top - 0.5);
          expect(ring.bottom, what).to.be.at.most(inner.bottom + 0.5);
        }
      }
      checked.push(describeControl(control));
    }
    expect(checked).to.include('log').and.include('mic-button');
  });
});
