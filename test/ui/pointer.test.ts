// Push-to-talk as a person does it: the real mouse (sendMouse: CDP input at fixed viewport coordinates) and a real
// touch screen (wtr/touch-plugin.mjs), pressed at the mic button's centre, held still and released at the same
// point. Asserts the voice frame the reference server received, and that the button did not move during the hold.
import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand, resetMouse, sendMouse, setViewport } from '@web/test-runner-commands';
import sinon from 'sinon';
import { frames, waitForFrames } from '../helpers/chat.js';
import { dominantFrequency, parseWav } from '../helpers/audio.js';
import { connected, deepAll, part } from './ui.js';
import { knownMicrophone } from '../helpers/engine.js';
import { defaultStrings as str } from '../../src/strings.js';
import type { AvatarChat } from '../../src/avatar-chat.js';

const touch = (type: 'start' | 'move' | 'end', x = 0, y = 0) => executeServerCommand('touch', { type, x, y });

const centre = (e: Element) => {
  const r = e.getBoundingClientRect();
  return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)] as [number, number];
};
const box = (e: Element) => {
  const { x, y, width, height } = e.getBoundingClientRect();
  return { x, y, width, height };
};

/** The composer's controls' boxes, to compare before and during a hold. */
const boxes = (el: AvatarChat) => ['input', 'mic-button', 'send-button', 'composer'].map(n => box(part(el, n)!));

async function expectVoiceTurn(client: string) {
  const [raw] = await waitForFrames(client, 1, 8000);
  const frame = JSON.parse(raw);
  expect(frame).to.include({ chat_type: 'voice', requestType: 'audio', isPushToTalk: true });
  const wav = parseWav(Uint8Array.from(atob(frame.file_base64_data), c => c.charCodeAt(0)));
  expect(wav).to.include({ sampleRate: 16000, channels: 1, bitsPerSample: 16 });
  expect(wav.samples.length / 16000).to.be.greaterThan(1.0);
  expect(Math.abs(dominantFrequency(wav.samples, 16000) - 1000)).to.be.lessThan(5);
}

for (const [name, width, dir] of [
  ['1280 px', 1280, 'ltr'],
  ['360 px', 360, 'ltr'],
  ['360 px, right-to-left', 360, 'rtl'],
] as const) {
  describe(`push-to-talk with a real pointer (${name})`, () => {
    // WebKit's mock microphone is no steady tone: there the page's getUserMedia gives a 1 kHz tone stream instead.
    const mic = knownMicrophone();
    before(() => setViewport({ width, height: 700 }));
    after(() => setViewport({ width: 800, height: 600 }));
    beforeEach(() => mic.install());
    afterEach(async () => {
      sinon.restore();
      await mic.close();
      await resetMouse();
    });

    const mountAt = () => connected({}, { wrap: { dir, style: 'height: 520px' } });

    it('mouse: press, hold still 1.5 s, release at the same point sends the voice turn; nothing moves', async () => {
      const { el, client } = await mountAt();
      const mic = part(el, 'mic-button')!;
      const before = boxes(el);
      const at = centre(mic);
      await sendMouse({ type: 'move', position: at });
      await sendMouse({ type: 'down' });
      await waitUntil(() => el.matches(':state(recording)'), 'recording', { timeout: 4000 });
      await aTimeout(1500);
      expect(boxes(el)).to.deep.equal(before);
      const stopped = new Promise<CustomEvent>(r => el.addEventListener('avatar-chat-record-stop', r as never));
      await sendMouse({ type: 'up' });
      expect((await stopped).detail).to.include({ sent: true });
      await expectVoiceTurn(client);
    });

    it('touch: a finger held still and lifted at the same point sends the voice turn; nothing moves', async () => {
      const { el, client } = await mountAt();
      const mic = part(el, 'mic-button')!;
      const before = boxes(el);
      const [x, y] = centre(mic);
      await touch('start', x, y);
      await waitUntil(() => el.matches(':state(recording)'), 'recording', { timeout: 4000 });
      await aTimeout(1500);
      expect(boxes(el)).to.deep.equal(before);
      await touch('end');
      await expectVoiceTurn(client);
      expect(el.recording).to.be.false;
    });

    it('a small wobble still sends; a drag of more than 40 px cancels, sends nothing and says so', async () => {
      const { el, client } = await mountAt();
      const mic = part(el, 'mic-button')!;
      const [x, y] = centre(mic);
      await sendMouse({ type: 'move', position: [x, y] });
      await sendMouse({ type: 'down' });
      await waitUntil(() => el.matches(':state(recording)'), 'recording', { timeout: 4000 });
      await aTimeout(600);
      await sendMouse({ type: 'move', position: [x - 60, y - 60] });
      await sendMouse({ type: 'up' });
      await waitUntil(() => !el.recording, 'stopped');
      await el.updateComplete;
      expect(deepAll(el.shadowRoot!, '.mic [role=status]')[0].textContent).to.equal(str.micCancelled);

      await sendMouse({ type: 'move', position: [x, y] });
      await sendMouse({ type: 'down' });
      await waitUntil(() => el.matches(':state(recording)'), 'recording', { timeout: 4000 });
      await aTimeout(1200);
      await sendMouse({ type: 'move', position: [x + 12, y - 8] });
      await sendMouse({ type: 'up' });
      await waitForFrames(client, 1, 8000);
      await aTimeout(300);
      expect(await frames(client)).to.have.length(1); // only the second hold went out
    });

    it('touch: a finger dragged away cancels and sends nothing', async () => {
      const { el, client } = await mountAt();
      const [x, y] = centre(part(el, 'mic-button')!);
      await touch('start', x, y);
      await waitUntil(() => el.matches(':state(recording)'), 'recording', { timeout: 4000 });
      await aTimeout(800);
      await touch('move', x, y - 80);
      await touch('end');
      await waitUntil(() => !el.recording, 'stopped');
      await aTimeout(500);
      expect(await frames(client)).to.have.length(0);
    });
  });
}
