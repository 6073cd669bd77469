import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import type { ChatMessage } from '../../src/chat/conversation.js';
import {
  browserStore,
  loadChat,
  loadUserId,
  readItem,
  removeItem,
  saveChat,
  saveUserId,
  writeItem,
} from '../../src/chat/persist.js';

const AVATAR = `persist-test-${Math.random().toString(36).slice(2)}`;
const entry = (id: string, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  role: 'avatar',
  kind: 'text',
  text: `text ${id}`,
  time: 1,
  ...extra,
});

describe('persist (the persist attribute)', () => {
  afterEach(() => {
    sinon.restore();
    for (const what of ['user', 'transcript', 'session']) {
      localStorage.removeItem(`avatar-chat:${AVATAR}:${what}`);
      sessionStorage.removeItem(`avatar-chat:${AVATAR}:${what}`);
    }
  });

  it('read, write and remove are separate functions', () => {
    const key = `avatar-chat:${AVATAR}:session`;
    expect(readItem('sessionStorage', key)).to.equal(undefined);
    writeItem('sessionStorage', key, 'v');
    expect(sessionStorage.getItem(key)).to.equal('v');
    expect(readItem('sessionStorage', key)).to.equal('v');
    removeItem('sessionStorage', key);
    expect(sessionStorage.getItem(key)).to.equal(null);
  });

  it('the user id lives in localStorage, per avatar', () => {
    expect(loadUserId(AVATAR)).to.equal(undefined);
    saveUserId(AVATAR, 'anon-1');
    expect(localStorage.getItem(`avatar-chat:${AVATAR}:user`)).to.equal('anon-1');
    expect(loadUserId(AVATAR)).to.equal('anon-1');
    expect(loadUserId(`${AVATAR}-other`)).to.equal(undefined);
  });

  it('the transcript and session live in sessionStorage; Blob media is dropped; no session removes the key', () => {
    const messages = [entry('a', { media: { url: 'blob:http://x/1', type: 'audio' } }), entry('b')];
    saveChat(AVATAR, messages, 's-1');
    const loaded = loadChat(AVATAR);
    expect(loaded.session).to.equal('s-1');
    expect(loaded.messages).to.deep.equal([{ ...entry('a') }, entry('b')]);
    saveChat(AVATAR, messages, '');
    expect(sessionStorage.getItem(`avatar-chat:${AVATAR}:session`)).to.equal(null);
    expect(loadChat(AVATAR).session).to.equal(undefined);
  });

  it('a damaged copy reads as empty; entries without id, text or role are skipped', () => {
    sessionStorage.setItem(`avatar-chat:${AVATAR}:transcript`, '{not json');
    expect(loadChat(AVATAR).messages).to.deep.equal([]);
    sessionStorage.setItem(
      `avatar-chat:${AVATAR}:transcript`,
      JSON.stringify([entry('ok'), { id: 1, text: 'x', role: 'user' }, null, { id: 'no-text', role: 'user' }]),
    );
    expect(loadChat(AVATAR).messages.map(m => m.id)).to.deep.equal(['ok']);
  });

  it('storage that throws (privacy mode, full) is skipped: reads give undefined, writes do nothing', () => {
    sinon.stub(Storage.prototype, 'getItem').throws(new DOMException('denied', 'SecurityError'));
    sinon.stub(Storage.prototype, 'setItem').throws(new DOMException('full', 'QuotaExceededError'));
    sinon.stub(Storage.prototype, 'removeItem').throws(new DOMException('denied', 'SecurityError'));
    expect(() => saveChat(AVATAR, [entry('a')], '')).not.to.throw();
    expect(() => saveUserId(AVATAR, 'x')).not.to.throw();
    expect(loadUserId(AVATAR)).to.equal(undefined);
    expect(loadChat(AVATAR)).to.deep.equal({ messages: [], session: undefined });
  });

  it('browserStore(avatarId) is the ChatStore over these', () => {
    const store = browserStore(AVATAR);
    store.saveUserId('anon-2');
    store.saveChat([entry('c')], 's-2');
    expect(store.loadUserId()).to.equal('anon-2');
    expect(store.loadChat()).to.deep.equal({ messages: [entry('c')], session: 's-2' });
  });
});
