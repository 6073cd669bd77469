import { aTimeout, expect, oneEvent, waitUntil } from '@open-wc/testing';
import { cmd, frames, push, sockets } from '../helpers/chat.js';
import { b64, mount, pageErrors, playerRoot, tinyWav, unmountAll } from './util.js';

const voiceFrames = async (client: string) => (await frames(client)).filter(f => f.includes('"chat_type":"voice"'));

describe('hardening: two widgets on one page', function () {
  this.timeout(20000);
  afterEach(unmountAll);

  it('keep separate sockets, transcripts, players and recorders; one records at a time', async () => {
    const page = pageErrors();
    try {
      const a = await mount({ prefix: 'two-a' });
      const b = await mount({ prefix: 'two-b' });
      expect(await sockets(a.client)).to.equal(1);
      expect(await sockets(b.client)).to.equal(1);

      // Turns go out on their own socket only.
      await a.el.send('from one');
      await b.el.send('from two');
      await waitUntil(async () => (await frames(a.client)).length === 1 && (await frames(b.client)).length === 1);
      expect(JSON.parse((await frames(a.client))[0]).request).to.equal('from one');
      expect(JSON.parse((await frames(b.client))[0]).request).to.equal('from two');

      // Replies land in their own transcript and play in their own player.
      const startedA = oneEvent(a.el, 'avatar-chat-reply-start');
      const startedB = oneEvent(b.el, 'avatar-chat-reply-start');
      await push(a.client, { type: 'incoming', answer: 'for one', fileUrl: `${a.origin}/media/reply.wav` });
      await push(b.client, { type: 'incoming', answer: 'for two', audio_base64: b64(tinyWav(400)) });
      await Promise.all([startedA, startedB]);
      expect(a.el.messages.map(m => m.text)).to.deep.equal(['from one', 'for one']);
      expect(b.el.messages.map(m => m.text)).to.deep.equal(['from two', 'for two']);
      expect(playerRoot(a.el).querySelector('audio')!.src).to.equal(`${a.origin}/media/reply.wav`);
      expect(playerRoot(b.el).querySelector('audio')!.src).to.equal(b.el.messages[1].media!.url);
      expect(b.el.messages[1].media!.url).to.match(/^blob:/);

      // Dropping one socket leaves the other alone. The retry comes after a random 0–500 ms (full jitter), so the
      // 'reconnecting' status can be too short for polling to see: wait for its event.
      const reconnecting = new Promise<void>(resolve =>
        a.el.addEventListener('avatar-chat-status', e => e.detail.status === 'reconnecting' && resolve()),
      );
      await cmd('chat-terminate', { client: a.client });
      await reconnecting;
      expect(b.el.status).to.equal('connected');
      expect(await sockets(b.client)).to.equal(1);
      await waitUntil(() => a.el.status === 'connected', 'a back', { timeout: 5000 });

      // Starting the second recorder stops (and sends) the first.
      await a.el.startRecording();
      expect(a.el.recording).to.be.true;
      expect(b.el.recording).to.be.false;
      const stoppedA = oneEvent(a.el, 'avatar-chat-record-stop');
      await aTimeout(300);
      await b.el.startRecording();
      expect(a.el.recording).to.be.false;
      expect(b.el.recording).to.be.true;
      expect((await stoppedA).detail.sent).to.be.true;
      await aTimeout(300);
      await b.el.stopRecording();
      expect(b.el.recording).to.be.false;
      await waitUntil(async () => (await voiceFrames(b.client)).length === 1, 'b voice turn');
      expect(await voiceFrames(a.client)).to.have.length(1);
      expect(a.el.messages.filter(m => m.kind === 'voice')).to.have.length(1);
      expect(b.el.messages.filter(m => m.kind === 'voice')).to.have.length(1);
      const logs = [
        ...(await cmd<string[]>('chat-log', { client: a.client })),
        ...(await cmd<string[]>('chat-log', { client: b.client })),
      ];
      expect(logs.filter(l => l.startsWith('voice turn ok'))).to.have.length(2);
      expect(page.errors).to.deep.equal([]);
    } finally {
      page.stop();
    }
  });
});
