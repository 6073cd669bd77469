import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { frames } from '../helpers/chat.js';
import { entryOf, mount, unmountAll } from './util.js';

const voiceFrames = async (client: string) => (await frames(client)).filter(f => f.includes('"chat_type":"voice"'));

describe('hardening: a voice turn leaves before the page renders it', function () {
  this.timeout(20000);
  afterEach(unmountAll);

  it('renders the new voice entry once the socket has handed its frame on, or after 250 ms at most', async () => {
    const { el, client } = await mount({ prefix: 'voice-send' });
    // The socket reports bytes still buffered from the release on (a slow network), though the frame arrives.
    const real = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'bufferedAmount')!;
    let holding = false;
    Object.defineProperty(WebSocket.prototype, 'bufferedAmount', {
      configurable: true,
      get(this: WebSocket) {
        return holding ? 100_000 : real.get!.call(this);
      },
    });
    try {
      await el.startRecording();
      await aTimeout(300);
      holding = true;
      const released = performance.now();
      await el.stopRecording();
      await waitUntil(async () => (await voiceFrames(client)).length === 1, 'no voice frame at the server');
      const voice = el.messages.find(m => m.kind === 'voice')!;
      expect(voice.state).to.equal('sent');
      await aTimeout(Math.max(0, released + 150 - performance.now()));
      expect(entryOf(el, voice.id) === null, 'rendered while the frame is leaving').to.equal(true);
      await waitUntil(() => entryOf(el, voice.id), 'the entry never rendered', { timeout: 1000 });
      expect(performance.now() - released).to.be.within(250, 700);
    } finally {
      Object.defineProperty(WebSocket.prototype, 'bufferedAmount', real);
    }
  });
});
