import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { newClient, push, waitForFrames } from '../helpers/chat.js';
import { mount, part, settled } from './ui.js';

const snapshot = (s: Storage) => JSON.stringify(Object.entries(s).sort());
let n = 0;
const avatarId = () => `persist-${Date.now().toString(36)}-${n++}`;
const keys = (id: string) => ({
  user: `avatar-chat:${id}:user`,
  transcript: `avatar-chat:${id}:transcript`,
  session: `avatar-chat:${id}:session`,
});

/** A turn and its reply on a fresh element; returns the element and its socket client. */
async function turn(id: string, persist: boolean) {
  const c = await newClient('persist');
  const el = await mount({ url: c.url, 'avatar-id': id, persist });
  await el.send('remember me');
  const [frame] = await waitForFrames(c.client);
  await waitUntil(() => el.messages.length === 2 && el.session !== '', 'reply with session');
  return { el, frame: JSON.parse(frame), ...c };
}

describe('persist', () => {
  afterEach(() => sinon.restore());

  it('keeps the user id, transcript and session; a new element restores them; clear() empties the copy', async () => {
    const id = avatarId();
    const k = keys(id);
    try {
      const { el, frame } = await turn(id, true);
      expect(localStorage.getItem(k.user)).to.equal(frame.user_id);
      expect(sessionStorage.getItem(k.session)).to.equal(el.session);
      const stored = JSON.parse(sessionStorage.getItem(k.transcript)!);
      expect(stored.map((m: { role: string; text: string }) => [m.role, m.text])).to.deep.equal([
        ['user', 'remember me'],
        ['avatar', 'You said: remember me'],
      ]);
      expect(localStorage.getItem(k.transcript)).to.equal(null);
      el.parentElement!.remove();

      const c = await newClient('persist');
      const again = await mount({ url: c.url, 'avatar-id': id, persist: true });
      await settled(again);
      expect(again.messages.map(m => m.text)).to.deep.equal(['remember me', 'You said: remember me']);
      expect(again.session).to.equal(el.session);
      expect(part(again, 'message--avatar')!.textContent).to.contain('You said: remember me');
      await again.send('and now?');
      const [next] = await waitForFrames(c.client);
      expect(JSON.parse(next)).to.include({ user_id: frame.user_id, session: el.session });
      await waitUntil(() => again.messages.length === 4, 'the answer to "and now?"'); // else it lands after clear()

      again.clear();
      expect(JSON.parse(sessionStorage.getItem(k.transcript) ?? '[]')).to.deep.equal([]);
      await settled(again);
      expect(part(again, 'message')).to.equal(undefined);
    } finally {
      Object.values(k).forEach(key => (localStorage.removeItem(key), sessionStorage.removeItem(key)));
    }
  });

  it('without persist nothing is written to localStorage or sessionStorage', async () => {
    const [local, session] = [snapshot(localStorage), snapshot(sessionStorage)];
    const setItem = sinon.spy(Storage.prototype, 'setItem');
    const { el, client } = await turn(avatarId(), false);
    await push(client, { type: 'system', answer: 'note' });
    await waitUntil(() => el.messages.length === 3);
    el.clear();
    await settled(el);
    expect(setItem.callCount).to.equal(0);
    expect(snapshot(localStorage)).to.equal(local);
    expect(snapshot(sessionStorage)).to.equal(session);
  });

  it('two widgets with different avatar-ids never mix', async () => {
    const [a, b] = [avatarId(), avatarId()];
    try {
      await turn(a, true);
      expect(sessionStorage.getItem(keys(a).transcript)).to.contain('remember me');
      expect(sessionStorage.getItem(keys(b).transcript)).to.equal(null);
      const other = await mount({ url: 'ws://127.0.0.1:9/', 'avatar-id': b, persist: true, disabled: true });
      expect(other.messages).to.deep.equal([]);
    } finally {
      for (const id of [a, b])
        Object.values(keys(id)).forEach(key => (localStorage.removeItem(key), sessionStorage.removeItem(key)));
    }
  });
});
