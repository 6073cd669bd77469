import { aTimeout, expect, oneEvent, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import type { AvatarChat } from '../../src/avatar-chat.js';
import { behaviour, frames, newClient, push, sockets } from '../helpers/chat.js';
import { allElements, b64, pageErrors, tinyWav } from './util.js';

type Listener = EventListenerOrEventListenerObject;

/** Counts listeners added to `target` and still registered (same type, listener and capture flag = one). */
function trackListeners(target: EventTarget, name: string) {
  const live = new Map<string, Set<Listener>>();
  const key = (type: string, o?: boolean | AddEventListenerOptions) =>
    `${name}:${type}${(typeof o === 'boolean' ? o : !!o?.capture) ? ':capture' : ''}`;
  const add = target.addEventListener;
  const remove = target.removeEventListener;
  target.addEventListener = function (type: string, l: Listener | null, o?: boolean | AddEventListenerOptions) {
    if (l) (live.get(key(type, o)) ?? live.set(key(type, o), new Set()).get(key(type, o))!).add(l);
    return add.call(this, type, l, o);
  };
  target.removeEventListener = function (type: string, l: Listener | null, o?: boolean | EventListenerOptions) {
    if (l) live.get(key(type, o))?.delete(l);
    return remove.call(this, type, l, o);
  };
  return {
    /** "type × count" of listeners still registered. */
    left: () => [...live].filter(([, s]) => s.size).map(([k, s]) => `${k} × ${s.size}`),
    restore: () => {
      delete (target as { addEventListener?: unknown }).addEventListener;
      delete (target as { removeEventListener?: unknown }).removeEventListener;
    },
  };
}

describe('hardening: 100 attach → connect → (record) → reply → detach cycles leave nothing behind', function () {
  this.timeout(60000);
  const undo: (() => void)[] = [];
  afterEach(() => {
    for (const f of undo.splice(0).reverse()) f();
    sinon.restore();
  });

  it('no open sockets, live tracks, running AudioContexts, unrevoked blob URLs or window/document listeners', async () => {
    const { client, url, origin } = await newClient('leak');
    await behaviour(client, { reply: false });

    // Instruments, installed before the first widget exists.
    const page = pageErrors();
    undo.push(page.stop);
    const tracks: MediaStreamTrack[] = [];
    const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    sinon.stub(navigator.mediaDevices, 'getUserMedia').callsFake(async c => {
      const s = await gum(c);
      tracks.push(...s.getTracks());
      return s;
    });
    const contexts: AudioContext[] = [];
    const Native = window.AudioContext;
    window.AudioContext = class extends Native {
      constructor(o?: AudioContextOptions) {
        super(o);
        contexts.push(this);
      }
    };
    undo.push(() => (window.AudioContext = Native));
    const created = sinon.spy(URL, 'createObjectURL');
    const revoked = sinon.spy(URL, 'revokeObjectURL');
    const win = trackListeners(window, 'window');
    const doc = trackListeners(document, 'document');
    undo.push(win.restore, doc.restore);

    const wav64 = b64(tinyWav(100));
    let inline = 0;
    /** The media elements that were playing a reply when their widget was removed. */
    const playing: HTMLMediaElement[] = [];
    for (let i = 0; i < 100; i++) {
      const el: AvatarChat = document.createElement('avatar-chat');
      el.url = url;
      el.avatarId = 'av-leak';
      document.body.append(el);
      await waitUntil(() => el.status === 'connected', `cycle ${i}: connected`);
      if (i === 0) expect(win.left().length + doc.left().length, 'the listener counter sees listeners').to.be.above(0);
      if (i % 10 === 5) {
        await el.startRecording();
        expect(el.recording, `cycle ${i}: recording`).to.be.true;
        await aTimeout(300);
        const stopped = oneEvent(el, 'avatar-chat-record-stop');
        await el.stopRecording();
        expect((await stopped).detail.sent, `cycle ${i}: voice turn sent`).to.be.true;
      }
      const message = oneEvent(el, 'avatar-chat-message');
      const started = oneEvent(el, 'avatar-chat-reply-start');
      const inlineMedia = i % 3 === 0; // a blob: URL the widget must revoke
      if (inlineMedia) inline++;
      const reply = inlineMedia
        ? { type: 'incoming', answer: `reply ${i}`, audio_base64: wav64 }
        : { type: 'incoming', answer: `reply ${i}`, fileUrl: `${origin}/media/reply.wav` };
      await push(client, reply);
      const m = (await message).detail.message;
      expect(m.media, `cycle ${i}: media`).to.exist;
      if (i % 4 === 0) {
        await started; // really playing when it is removed
        const media = allElements(el).filter((e): e is HTMLMediaElement => e instanceof HTMLMediaElement);
        const live = media.filter(m => !m.paused && m.currentSrc !== '');
        expect(live, `cycle ${i}: a reply playing`).to.have.length(1);
        playing.push(...live);
      }
      el.remove();
    }

    await aTimeout(50);
    expect(page.errors, 'errors thrown into the page').to.deep.equal([]);
    expect(
      playing.filter(
        m => !m.paused || m.networkState !== m.NETWORK_EMPTY || m.readyState !== m.HAVE_NOTHING, // resource released
      ),
      'removed widgets whose reply still plays or holds its media',
    ).to.deep.equal([]);
    expect((await frames(client)).filter(f => f.includes('"chat_type":"voice"'))).to.have.length(10);
    await waitUntil(async () => (await sockets(client)) === 0, 'sockets still open at the server', { timeout: 5000 });
    expect(tracks.length, 'tracks opened').to.be.at.least(10);
    expect(
      tracks.filter(t => t.readyState !== 'ended'),
      'live tracks',
    ).to.deep.equal([]);
    expect(contexts.length, 'AudioContexts made').to.equal(10);
    await waitUntil(() => contexts.every(c => c.state === 'closed'), 'AudioContexts not closed', { timeout: 3000 });
    const urls = new Set(created.returnValues);
    expect(urls.size, 'blob URLs made (inline replies + worklets)').to.be.at.least(inline + 10);
    for (const c of revoked.args) urls.delete(c[0]);
    expect([...urls], 'unrevoked blob URLs').to.deep.equal([]);
    expect([...win.left(), ...doc.left()], 'listeners left').to.deep.equal([]);
  });
});
