import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { cmd, push, waitForFrames } from '../helpers/chat.js';
import { connected, mount, part, settled, shown } from './ui.js';
import { defaultStrings as str } from '../../src/strings.js';

for (const theme of ['light', 'dark']) {
  describe(`accessibility (axe), theme ${theme}`, () => {
    afterEach(() => sinon.restore());

    it('idle: configured but not connected', async () => {
      const el = await mount({ url: 'ws://127.0.0.1:9/ws/chat', 'avatar-id': 'a', theme, disabled: true });
      expect(el.status).to.equal('idle');
      await expect(el).to.be.accessible();
    });

    it('connected with user, avatar (media) and system entries, and a link', async () => {
      const { el, client, origin } = await connected({ theme, greeting: 'Hi!' });
      await el.send('Hello, is https://example.com/a open?');
      await waitForFrames(client);
      await push(client, {
        type: 'incoming',
        answer: 'Yes.\nSee https://example.com/b',
        fileUrl: `${origin}/media/reply.wav`,
      });
      await push(client, { type: 'system', answer: 'An agent joined.' });
      await waitUntil(() => el.messages.length === 3);
      const replay = () => part(el, 'replay-button');
      await waitUntil(
        () => shown(replay()) && replay()!.textContent!.trim() === str.replay,
        'Play again, once played',
        {
          timeout: 4000,
        },
      );
      expect(shown(part(el, 'message--system'))).to.be.true;
      await expect(el).to.be.accessible();
    });

    it('while a reply plays (its Stop button shows), muted', async () => {
      const { el, client, origin } = await connected({ theme, muted: true });
      await push(client, { type: 'incoming', answer: 'Listen to me.', fileUrl: `${origin}/media/reply.wav` });
      await waitUntil(() => el.matches(':state(playing)'), 'playing', { timeout: 4000 });
      part<HTMLMediaElement>(el, 'audio')!.pause(); // hold the state still while axe runs
      await settled(el);
      expect(part(el, 'stop-button')!.textContent!.trim()).to.equal(str.stop);
      expect(el.matches(':state(muted)')).to.be.true;
      await expect(el).to.be.accessible();
    });

    it('thinking: the typing entry under the greeting and the suggestions', async () => {
      const { el, client } = await connected({ theme, greeting: 'Hi!', suggestions: 'Prices?|Hours?' });
      await expect(el).to.be.accessible();
      await el.send('Hello?');
      await waitForFrames(client);
      await settled(el);
      expect(el.matches(':state(thinking)')).to.be.true;
      expect(shown(part(el, 'typing'))).to.be.true;
      await expect(el).to.be.accessible();
    });

    it('a failed turn with its retry button, and the play button of a manual reply', async () => {
      const { el, client, origin } = await connected({ theme, playback: 'manual' });
      await el.send('one');
      await waitForFrames(client);
      await push(client, { type: 'incoming', answer: 'Press play.', fileUrl: `${origin}/media/reply.wav` });
      // the reply answers "one" only once the page has it (Firefox may deliver it after a send right behind the push)
      await waitUntil(() => el.messages.length === 2, 'reply to one');
      await el.send('two'); // still waiting for its answer: the error fails it
      await waitForFrames(client, 2);
      await push(client, { type: 'error', status: 503 });
      await waitUntil(() => el.messages.some(m => m.state === 'failed'));
      await settled(el);
      await waitUntil(() => shown(part(el, 'play-button')), 'play button');
      expect(shown(part(el, 'retry-button'))).to.be.true;
      await expect(el).to.be.accessible();
    });

    it('service mode: the language picker and "Load earlier" above the history', async () => {
      const client = `a11y-svc-${theme}-${Date.now().toString(36)}`;
      const origin = await cmd<string>('chat-origin');
      const records = Array.from({ length: 51 }, (_, i) => ({
        _id: `r${i}`,
        request: `Q${i}`,
        answer: `A${i}`,
        date: i + 1,
      }));
      await cmd('chat-history', { client, user_id: 'u-a11y', records });
      await cmd('chat-behaviour', { client, reply: false });
      const el = await mount({ service: `${origin}/c/${client}`, 'project-id': 'demo', 'user-id': 'u-a11y', theme });
      await waitUntil(() => el.status === 'connected', 'connected');
      await waitUntil(() => el.messages.length > 0, 'history');
      await settled(el);
      expect(shown(part(el, 'language-select'))).to.be.true;
      expect(shown(part(el, 'load-earlier-button'))).to.be.true;
      await expect(el).to.be.accessible();
    });

    it('recording', async () => {
      const { el } = await connected({ theme });
      await el.startRecording();
      expect(el.recording).to.be.true;
      await el.updateComplete;
      expect(shown(part(el, 'level'))).to.be.true;
      try {
        await expect(el).to.be.accessible();
      } finally {
        el.cancelRecording();
      }
    });

    it('unreachable: "Can\'t reach the chat service" with Try now, and a queued turn', async () => {
      const el = await mount({ url: 'ws://127.0.0.1:9/ws/chat', 'avatar-id': 'a', theme });
      await waitUntil(() => el.matches(':state(unreachable)'), 'unreachable', { timeout: 4000 });
      await el.send('Anyone there?');
      await settled(el);
      expect(shown(part(el, 'reconnect-button'))).to.be.true;
      expect(part(el, 'message--user')!.textContent).to.contain(str.queuedUnreachable);
      await expect(el).to.be.accessible();
    });

    it('hands-free: listening, with its words beside the mic', async () => {
      const { el } = await connected({ theme, voice: 'vad' });
      await el.startRecording();
      await el.updateComplete;
      expect(part(el, 'mic-button')!.getAttribute('aria-pressed')).to.equal('true');
      try {
        await expect(el).to.be.accessible();
      } finally {
        el.cancelRecording();
      }
    });

    it('error: configuration', async () => {
      const el = document.createElement('avatar-chat');
      el.theme = theme as 'light';
      el.url = 'http://nope.invalid/';
      const err = oneEvent(el, 'avatar-chat-error');
      document.body.append(el);
      try {
        expect((await err).detail.code).to.equal('config');
        await el.updateComplete;
        expect(shown(part(el, 'error'))).to.be.true;
        await expect(el).to.be.accessible();
      } finally {
        el.remove();
      }
    });

    it('error: microphone denied', async () => {
      const { el } = await connected({ theme });
      sinon.stub(navigator.mediaDevices, 'getUserMedia').rejects(new DOMException('x', 'NotAllowedError'));
      const err = oneEvent(el, 'avatar-chat-error');
      let rejected = false;
      await el.startRecording().catch(() => (rejected = true));
      expect(rejected).to.be.true;
      expect((await err).detail.code).to.equal('mic-permission');
      await el.updateComplete;
      expect(part(el, 'error')!.textContent).to.contain('Microphone');
      expect(part(el, 'mic-button')!.getAttribute('aria-disabled')).to.equal('true');
      await expect(el).to.be.accessible();
    });

    it('floating: closed (launcher), with an unread badge, and open', async () => {
      const { el, client } = await connected({ theme, layout: 'floating', open: true });
      el.open = false;
      await el.updateComplete;
      await waitUntil(() => !shown(part(el, 'base')), 'closed (after its fade)');
      await expect(el).to.be.accessible();
      await push(client, { type: 'incoming', answer: 'While you were away' });
      await waitUntil(() => shown(part(el, 'badge')), 'badge');
      await expect(el).to.be.accessible();
      el.open = true;
      await el.updateComplete;
      await Promise.all(
        part(el, 'base')!
          .getAnimations()
          .map(a => a.finished),
      ); // faded in
      await expect(el).to.be.accessible();
    });
  });
}
