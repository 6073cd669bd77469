import { aTimeout, expect, oneEvent, waitUntil } from '@open-wc/testing';
import { defaultStrings } from '../../src/strings.js';
import { behaviour, cmd, frames, push, waitForFrames } from '../helpers/chat.js';
import { mount, pageErrors, unmountAll } from './util.js';

const voiceFrames = async (client: string) => (await frames(client)).filter(f => f.includes('"chat_type":"voice"'));

describe('hardening: failure paths', function () {
  this.timeout(20000);
  let page: ReturnType<typeof pageErrors>;
  beforeEach(() => (page = pageErrors()));
  afterEach(() => {
    unmountAll();
    page.stop();
    expect(page.errors, 'errors thrown into the page').to.deep.equal([]);
  });

  for (const file of ['missing.wav', 'broken.wav']) {
    it(`a reply whose media is ${file}: a system line, a playback error, and the next turn works`, async () => {
      const { el, client, origin } = await mount({ reply: true });
      const error = oneEvent(el, 'avatar-chat-error');
      await push(client, { type: 'incoming', answer: 'listen to this', fileUrl: `${origin}/media/${file}` });
      const e = (await error).detail;
      expect(e.code).to.equal('playback');
      expect(e.recoverable).to.be.true;
      await waitUntil(() => el.messages.some(m => m.role === 'system'), 'system line');
      expect(el.messages.map(m => [m.role, m.text])).to.deep.equal([
        ['avatar', 'listen to this'],
        ['system', defaultStrings.mediaFailed],
      ]);
      const reply = oneEvent(el, 'avatar-chat-message');
      await el.send('still there?');
      expect((await reply).detail.message.text).to.equal('You said: still there?');
      expect(el.messages.find(m => m.role === 'user')!.state).to.equal('sent');
    });
  }

  it('the server drops the socket mid-recording: the voice turn is queued and arrives exactly once after reconnect', async () => {
    const { el, client } = await mount();
    await el.startRecording();
    await aTimeout(300);
    await behaviour(client, { refuse: 1000 }); // keep it down until the turn is queued
    await cmd('chat-terminate', { client });
    await waitUntil(() => el.status === 'reconnecting', 'reconnecting');
    expect(el.recording, 'the microphone outlives the socket').to.be.true;
    const stopped = oneEvent(el, 'avatar-chat-record-stop');
    await el.stopRecording();
    expect((await stopped).detail.sent).to.be.true;
    const turn = el.messages.find(m => m.kind === 'voice')!;
    expect(turn.state).to.equal('queued');
    expect(await voiceFrames(client)).to.have.length(0);
    await behaviour(client, { refuse: null });
    // 'online' retries at once instead of waiting out the backoff.
    await waitUntil(() => (dispatchEvent(new Event('online')), el.status === 'connected'), 'reconnected', {
      timeout: 8000,
    });
    await waitForFrames(client);
    await aTimeout(300);
    expect(await voiceFrames(client)).to.have.length(1);
    expect((await frames(client)).length).to.equal(1);
    expect(el.messages.find(m => m.id === turn.id)!.state).to.equal('sent');
  });

  describe('the page is hidden', () => {
    const hide = (state: 'hidden' | 'visible') => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    };
    afterEach(() => {
      delete (document as { visibilityState?: unknown }).visibilityState;
      delete (document as { hidden?: unknown }).hidden;
    });

    it('while recording: the recording ends and what was said is sent', async () => {
      const { el, client } = await mount();
      await el.startRecording();
      await aTimeout(300);
      const stopped = oneEvent(el, 'avatar-chat-record-stop');
      hide('hidden');
      const d = (await stopped).detail;
      expect(d.sent).to.be.true;
      expect(d.durationMs).to.be.above(200);
      expect(el.recording).to.be.false;
      expect(await waitForFrames(client)).to.have.length(1);
      expect(await voiceFrames(client)).to.have.length(1);
    });

    it('while idle nothing happens; a widget moved in the page still handles it', async () => {
      const { el, client } = await mount();
      let stops = 0;
      el.addEventListener('avatar-chat-record-stop', () => stops++);
      hide('hidden');
      hide('visible');
      await aTimeout(100);
      expect(stops).to.equal(0);
      const box = document.body.appendChild(document.createElement('div'));
      try {
        box.append(el); // a synchronous move: disconnected + connected
        await el.startRecording();
        await aTimeout(300);
        const stopped = oneEvent(el, 'avatar-chat-record-stop');
        hide('hidden');
        expect((await stopped).detail.sent).to.be.true;
        await waitForFrames(client);
        expect(await voiceFrames(client)).to.have.length(1);
      } finally {
        box.remove();
      }
    });
  });
});
