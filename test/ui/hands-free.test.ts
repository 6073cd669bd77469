// Hands-free (voice="vad") in words: beside the mic the widget says "Listening…", "Hearing you…" and "Paused while
// Ava speaks", and has the `listening` state while it waits for speech. The microphone is a tone stream whose gate
// the test opens and closes (a known signal: silence, then a 1 kHz "utterance"); the toggle is a real mouse click.
import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { resetMouse, sendMouse } from '@web/test-runner-commands';
import sinon from 'sinon';
import type { AvatarChat } from '../../src/avatar-chat.js';
import { push, waitForFrames } from '../helpers/chat.js';
import { toneStream } from '../helpers/audio.js';
import { connected, deepAll, part, shown } from './ui.js';

const words = (el: AvatarChat) => {
  const status = deepAll(el.shadowRoot!, '.mic [role=status]').find(e => e.textContent && shown(e));
  return status?.textContent ?? '';
};
const box = (e: Element) => {
  const { x, y, width, height } = e.getBoundingClientRect();
  return { x, y, width, height };
};
const boxes = (el: AvatarChat) => ['input', 'mic-button', 'send-button', 'composer'].map(n => box(part(el, n)!));

async function clickMic(el: AvatarChat) {
  const r = part(el, 'mic-button')!.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)] });
}

describe('hands-free mode in words', () => {
  afterEach(async () => {
    sinon.restore();
    await resetMouse();
  });

  it('says Listening…, Hearing you…, Paused while Ava speaks beside the mic; nothing in the composer moves', async () => {
    const mic = toneStream([{ hz: 1000, amp: 0.3 }]);
    mic.play([[0, 60]]); // silence until the test speaks
    sinon.stub(navigator.mediaDevices, 'getUserMedia').resolves(mic.stream);
    const { el, client, origin } = await connected(
      { voice: 'vad', heading: 'Ava' },
      { wrap: { style: 'height: 520px' } },
    );
    try {
      const before = boxes(el);
      expect(words(el)).to.equal('');
      expect(el.matches(':state(listening)')).to.be.false;

      await clickMic(el);
      await waitUntil(() => words(el) === 'Listening…', 'Listening…', { timeout: 4000 });
      expect(el.matches(':state(listening)')).to.be.true;
      expect(boxes(el)).to.deep.equal(before);
      // the words float above the mic, inside the panel
      const status = deepAll(el.shadowRoot!, '.mic .rec')[0].getBoundingClientRect();
      expect(status.bottom).to.be.at.most(part(el, 'mic-button')!.getBoundingClientRect().top);
      expect(status.left).to.be.at.least(part(el, 'base')!.getBoundingClientRect().left);

      mic.play([
        [1, 1.2],
        [0, 60],
      ]);
      await waitUntil(() => words(el) === 'Hearing you…', 'Hearing you…', { timeout: 4000 });
      expect(el.matches(':state(listening)')).to.be.false;
      expect(boxes(el)).to.deep.equal(before);
      const [voice] = await waitForFrames(client, 1, 8000); // the utterance ended: a turn
      expect(JSON.parse(voice)).to.include({ chat_type: 'voice' });
      await waitUntil(() => words(el) === 'Listening…', 'listening again', { timeout: 4000 });
      expect(el.matches(':state(listening)')).to.be.true;

      await push(client, { type: 'incoming', answer: 'Let me answer.', fileUrl: `${origin}/media/reply.wav` });
      await waitUntil(() => words(el) === 'Paused while Ava speaks', 'paused', { timeout: 4000 });
      expect(el.matches(':state(listening)')).to.be.false;
      expect(boxes(el)).to.deep.equal(before);
      await waitUntil(() => words(el) === 'Listening…', 'listening after the reply', { timeout: 6000 });

      await clickMic(el);
      await waitUntil(() => !el.recording, 'stopped', { timeout: 4000 });
      await el.updateComplete;
      expect(words(el)).to.equal('');
      expect(el.matches(':state(listening)')).to.be.false;
      await aTimeout(50);
      expect(boxes(el)).to.deep.equal(before);
    } finally {
      el.cancelRecording();
      await mic.close();
    }
  });
});
