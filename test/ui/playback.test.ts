import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import type { AvatarChat } from '../../src/avatar-chat.js';
import { behaviour, push, waitForFrames } from '../helpers/chat.js';
import { connected, part, recordAnnouncements, settled, shown } from './ui.js';
import { defaultStrings as str, format } from '../../src/strings.js';

const thinking = format(str.thinking, { name: str.heading });
const polite = (el: AvatarChat) => el.shadowRoot!.querySelector('[aria-live="polite"]')!;

describe('autoplay rejection', () => {
  afterEach(() => sinon.restore());

  it('shows the play button and fires playback; the button then plays the reply', async () => {
    const { el, client, origin } = await connected();
    const play = sinon.stub(HTMLMediaElement.prototype, 'play').rejects(new DOMException('blocked', 'NotAllowedError'));
    const errors: string[] = [];
    el.addEventListener('avatar-chat-error', e => errors.push(e.detail.code));
    await push(client, { type: 'incoming', answer: 'Listen', fileUrl: `${origin}/media/reply.wav` });
    await waitUntil(() => errors.includes('playback'), 'playback error');
    const button = await waitUntil(() => shown(part(el, 'play-button')), 'play button').then(() =>
      part(el, 'play-button')!,
    );
    expect(play.called).to.be.true;
    expect(el.matches(':state(playing)')).to.be.false;

    play.restore();
    let started = 0;
    el.addEventListener('avatar-chat-reply-start', () => started++);
    button.click();
    await waitUntil(() => started === 1, `reply-start after the click (errors: ${errors})`, { timeout: 4000 });
    const audio = part<HTMLAudioElement>(el, 'audio')!;
    const t0 = audio.currentTime;
    await waitUntil(() => audio.currentTime > t0 + 0.05, 'audio time advances', { timeout: 4000 });
    expect(el.matches(':state(playing)')).to.be.true;
    await el.updateComplete;
    expect(shown(part(el, 'play-button'))).to.be.false;
  });
});

describe('live region', () => {
  it('announces each avatar reply once; user turns and system lines are not (their "thinking" is)', async () => {
    const { el, client } = await connected();
    const region = polite(el);
    expect(region.classList.contains('sr-only')).to.be.true;
    const rec = recordAnnouncements(region);
    try {
      await push(client, { type: 'incoming', answer: 'First reply' });
      await waitUntil(() => rec.seen.length === 1, 'first announcement', { timeout: 4000 });
      await el.send('a user turn');
      await waitForFrames(client);
      await waitUntil(() => rec.seen.length === 2, 'thinking announced', { timeout: 4000 });
      await push(client, { type: 'system', answer: 'An agent joined.' });
      await waitUntil(() => el.messages.length === 3);
      await push(client, { type: 'incoming', answer: 'First reply' }); // the same words again: announced again
      await waitUntil(() => rec.seen.length === 3, 'second announcement', { timeout: 4000 });
      await aTimeout(200);
      await settled(el);
      expect(rec.seen).to.deep.equal(['First reply', thinking, 'First reply']);
    } finally {
      rec.stop();
    }
  });

  it('errors go to the alert, not to the polite region', async () => {
    const { el, client } = await connected();
    const rec = recordAnnouncements(polite(el));
    await behaviour(client, { status: 503 });
    await el.send('busy?');
    await waitUntil(() => el.messages.some(m => m.role === 'system'), 'system line');
    sinon.stub(navigator.mediaDevices, 'getUserMedia').rejects(new DOMException('x', 'NotAllowedError'));
    try {
      await el.startRecording().catch(() => {});
    } finally {
      sinon.restore();
    }
    await el.updateComplete;
    const alert = part(el, 'error')!;
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.textContent).to.equal(str.micDenied);
    await aTimeout(100);
    rec.stop();
    expect(rec.seen).to.deep.equal([thinking]); // the turn's "thinking", no error
  });
});

describe('a reply that reaches its end without `ended`', () => {
  it('ends anyway, shortly after its last frame (WebKitGTK sometimes never fires `ended`)', async () => {
    const { el, client, origin } = await connected();
    // The engine's `ended` is held back before the stage hears it (a capture listener on its shadow root), as
    // WebKitGTK does at random: the video stays at its duration, neither paused nor ended.
    const stageRoot = el.shadowRoot!.querySelector('avatar-chat-stage')!.shadowRoot!;
    let held = 0;
    const holdBack = (e: Event) => {
      e.stopImmediatePropagation();
      held++;
    };
    stageRoot.addEventListener('ended', holdBack, { capture: true });
    let ended = 0;
    el.addEventListener('avatar-chat-reply-end', () => ended++);
    await push(client, { type: 'incoming', answer: 'Short one', fileUrl: `${origin}/media/reply.wav` });
    await waitUntil(() => el.matches(':state(playing)'), 'playing', { timeout: 4000 });
    const audio = part<HTMLAudioElement>(el, 'audio')!;
    await waitUntil(() => ended === 1, "reply-end without the engine's ended", { timeout: 4000 });
    expect(held, 'the engine fired ended, and the stage did not hear it').to.equal(1);
    expect(audio.currentTime).to.be.closeTo(audio.duration || 0, 0.1);
    await settled(el);
    expect(el.matches(':state(playing)')).to.be.false;
  });
});
