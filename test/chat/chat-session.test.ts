import { expect } from '@open-wc/testing';
import { encodeWav } from '../../src/audio/wav.js';
import { ChatSession, type ChatSessionOptions } from '../../src/chat/chat-session.js';
import type { ChatMessage } from '../../src/chat/conversation.js';
import type { ChatStore, StoredChat } from '../../src/chat/persist.js';
import { defaultStrings as str } from '../../src/strings.js';

const config = { avatarId: 'av', userId: 'u-1', language: 'de', source: 'tests', session: '' };
const BASE = { baseUrl: 'http://chat.example' };

/** A store in memory that records every save. */
function memoryStore(stored: StoredChat = { messages: [] }, userId?: string) {
  const saves: { messages: readonly ChatMessage[]; session: string }[] = [];
  const savedUserIds: string[] = [];
  const store: ChatStore = {
    loadUserId: () => userId,
    saveUserId: id => savedUserIds.push(id),
    loadChat: () => stored,
    saveChat: (messages, session) => saves.push({ messages, session }),
  };
  return { store, saves, savedUserIds };
}

/** A session with a known session id, counting changes; blob URLs are fake and their revocations recorded. */
function session(options: Partial<ChatSessionOptions> & { sessionId?: string } = {}) {
  let changes = 0;
  const revoked: string[] = [];
  let blobs = 0;
  const chat = new ChatSession({
    strings: () => str,
    session: () => options.sessionId ?? '',
    onChange: () => changes++,
    createObjectUrl: () => `blob:http://test/${++blobs}`,
    revokeObjectUrl: url => revoked.push(url),
    ...options,
  });
  return { chat, revoked, changes: () => changes };
}

/** Every effect of a frame (receive() yields them one by one). */
const effectsOf = (chat: ChatSession, raw: unknown) => [...chat.receive(raw, BASE)];

const wavOf = (ms: number) => encodeWav(new Float32Array(16 * ms), 16000);

describe('ChatSession', () => {
  describe('turns out', () => {
    it('a text turn gives the spec frame and, once added, a queued user entry whose frame is kept', () => {
      const { chat, changes } = session();
      const turn = chat.textTurn('Hallo', config);
      expect(JSON.stringify(turn.payload)).to.equal(
        '{"avatar_id":"av","user_id":"u-1","chat_type":"text","language":"de","request":"Hallo","requestType":"text","source":"tests","isLive":false}',
      );
      expect(chat.messages).to.deep.equal([]);
      turn.payload.extra = 1; // an avatar-chat-send listener adds a field before the turn is added
      const m = chat.addTurn(turn);
      expect(m).to.include({ role: 'user', kind: 'text', text: 'Hallo', state: 'queued' });
      expect(chat.messages).to.deep.equal([m]);
      expect(JSON.parse(chat.frameOf(m.id)!)).to.include({ request: 'Hallo', extra: 1 });
      expect(changes()).to.equal(1);
    });

    it('a voice turn: base64 WAV, isPushToTalk only for push-to-talk, the length from the WAV', () => {
      const { chat } = session();
      const ptt = chat.voiceTurn(wavOf(1500), config, { pushToTalk: true });
      const vad = chat.voiceTurn(wavOf(1500), config, { pushToTalk: false });
      expect(ptt.payload).to.include({ chat_type: 'voice', requestType: 'audio', isPushToTalk: true });
      expect('isPushToTalk' in vad.payload).to.be.false;
      expect(atob(ptt.payload.file_base64_data as string).slice(0, 4)).to.equal('RIFF');
      expect(chat.addTurn(ptt)).to.include({ kind: 'voice', text: '', durationMs: 1500, state: 'queued' });
    });

    it('keeps the frames of the newest 20 turns for retry', () => {
      const { chat } = session();
      const ids = Array.from({ length: 21 }, (_, i) => chat.addTurn(chat.textTurn(`t${i}`, config)).id);
      expect(chat.frameOf(ids[0])).to.equal(undefined);
      expect(JSON.parse(chat.frameOf(ids[1])!).request).to.equal('t1');
      expect(JSON.parse(chat.frameOf(ids[20])!).request).to.equal('t20');
    });

    it('turn states change the entry (a new messages array); clear() forgets entries and frames', () => {
      const { chat } = session();
      const m = chat.addTurn(chat.textTurn('x', config));
      const before = chat.messages;
      chat.setTurnState(m.id, 'sent');
      expect(chat.messages).not.to.equal(before);
      expect(chat.get(m.id)!.state).to.equal('sent');
      chat.clear();
      expect(chat.messages).to.deep.equal([]);
      expect(chat.frameOf(m.id)).to.equal(undefined);
    });
  });

  describe('frames in', () => {
    it('a reply adds an avatar entry (message effect); a system frame a system entry', () => {
      const { chat } = session();
      const [reply] = effectsOf(chat, { type: 'incoming', answer: 'Hi', timestamp: 1700000000 });
      expect(reply.type).to.equal('message');
      const m = (reply as { message: ChatMessage }).message;
      expect(m).to.include({ role: 'avatar', kind: 'text', text: 'Hi', time: 1700000000000 });
      const [system] = effectsOf(chat, { type: 'system', answer: 'An agent joined.' });
      expect((system as { message: ChatMessage }).message.role).to.equal('system');
      expect(chat.messages.map(x => x.role)).to.deep.equal(['avatar', 'system']);
    });

    it('effects come one by one, the transcript changing between them', () => {
      const { chat } = session();
      const seen: [string, number][] = [];
      for (const effect of chat.receive({ type: 'incoming', answer: 'x', fileUrl: 'javascript:1' }, BASE)) {
        seen.push([effect.type, chat.messages.length]);
      }
      expect(seen).to.deep.equal([
        ['protocol-problem', 0],
        ['message', 1],
      ]);
    });

    it('a connection frame and an empty reply add nothing', () => {
      const { chat } = session();
      expect(effectsOf(chat, { type: 'connection', answer: 'welcome' })).to.deep.equal([]);
      expect(effectsOf(chat, { type: 'incoming' })).to.deep.equal([]);
      expect(chat.messages).to.deep.equal([]);
    });

    it("an echo puts the recognised question on the waiting voice turn; a reply's >quote does too", () => {
      const { chat } = session();
      const first = chat.addTurn(chat.voiceTurn(wavOf(500), config, { pushToTalk: true }));
      expect(effectsOf(chat, { type: 'outgoing', message: 'what time is it' })).to.deep.equal([]);
      expect(chat.get(first.id)!.text).to.equal('what time is it');
      const second = chat.addTurn(chat.voiceTurn(wavOf(500), config, { pushToTalk: true }));
      effectsOf(chat, { type: 'incoming', answer: '>and the date?\nMonday.' });
      expect(chat.get(second.id)!.text).to.equal('and the date?');
      expect(chat.messages.at(-1)!.text).to.equal('Monday.');
    });

    it('a new session is an effect; the known one is not', () => {
      const { chat } = session({ sessionId: 's-1' });
      expect(effectsOf(chat, { type: 'connection', session: 's-1' })).to.deep.equal([]);
      expect(effectsOf(chat, { type: 'connection', session: 's-2' })).to.deep.equal([
        { type: 'session', session: 's-2' },
      ]);
    });

    it('a bad frame is a protocol problem; a bad media URL is dropped, the text kept', () => {
      const { chat } = session();
      const [problem] = effectsOf(chat, '[1,2,3]');
      expect(problem).to.include({ type: 'protocol-problem' });
      const effects = effectsOf(chat, { type: 'incoming', answer: 'hostile', fileUrl: 'javascript:alert(1)' });
      expect(effects.map(e => e.type)).to.deep.equal(['protocol-problem', 'message']);
      expect(chat.messages.at(-1)).to.include({ text: 'hostile', media: undefined });
      const relative = effectsOf(chat, { type: 'incoming', answer: 'r', fileUrl: '/media/a.wav' });
      expect((relative[0] as { message: ChatMessage }).message.media).to.deep.equal({
        url: 'http://chat.example/media/a.wav',
        type: 'audio',
      });
    });

    it('a server error adds its line and fails the last sent turn; 401/403 ask for a new token instead', () => {
      const { chat } = session();
      const m = chat.addTurn(chat.textTurn('busy?', config));
      chat.setTurnState(m.id, 'sent');
      const [busy] = effectsOf(chat, { type: 'error', status: 503 });
      expect(busy).to.deep.include({ type: 'server-error', text: str.server503, reauth: false });
      expect(chat.messages.at(-1)).to.include({ role: 'system', text: str.server503 });
      expect(chat.get(m.id)!.state).to.equal('failed');

      const n = chat.addTurn(chat.textTurn('again', config));
      chat.setTurnState(n.id, 'sent');
      const [auth] = effectsOf(chat, { type: 'error', status: 401 });
      expect(auth).to.deep.include({ type: 'server-error', text: str.server403, reauth: true });
      expect(chat.get(n.id)!.state).to.equal('sent');

      const [other] = effectsOf(chat, { type: 'error', status: 500, message: 'boom' });
      expect((other as { text: string }).text).to.equal('Chat error: boom');
      const [bare] = effectsOf(chat, { type: 'error', status: 418 });
      expect((bare as { text: string }).text).to.equal('Chat error (418).');
    });

    it('inline media becomes a Blob URL, revoked when its entry leaves (clear, removal)', () => {
      const { chat, revoked } = session();
      const audio = btoa(String.fromCharCode(...wavOf(10)));
      const [reply] = effectsOf(chat, { type: 'incoming', answer: 'inline', audio_base64: audio });
      const url = (reply as { message: ChatMessage }).message.media!.url;
      expect(url).to.equal('blob:http://test/1');
      chat.releaseBlobMedia();
      expect(revoked).to.deep.equal([url]);
      expect(chat.messages[0]).to.include({ text: 'inline', media: undefined });
    });
  });

  describe('user id and persistence (injected store)', () => {
    it('an explicit user id wins; else one is generated once, or the stored one is used, and stored', () => {
      const none = session();
      expect(none.chat.userId('me')).to.equal('me');
      const generated = none.chat.userId('');
      expect(generated).to.match(/^anon-[0-9a-f-]{36}$/);
      expect(none.chat.userId('')).to.equal(generated);

      const { store, savedUserIds } = memoryStore(undefined, 'anon-stored');
      const kept = session({ store: () => store });
      expect(kept.chat.userId('')).to.equal('anon-stored');
      expect(savedUserIds).to.deep.equal(['anon-stored']);
    });

    it('every change is saved with the session; restore() keeps only the sent state and gives the session', () => {
      const old: ChatMessage[] = [
        { id: 'a', role: 'user', kind: 'text', text: 'sent one', time: 1, state: 'sent' },
        { id: 'b', role: 'user', kind: 'text', text: 'never sent', time: 2, state: 'queued' },
      ];
      const { store, saves } = memoryStore({ messages: old, session: 'stored-session' });
      const { chat } = session({ store: () => store, sessionId: 's-9' });
      expect(chat.restore()).to.equal('stored-session');
      expect(chat.messages.map(m => m.state)).to.deep.equal(['sent', undefined]);
      effectsOf(chat, { type: 'incoming', answer: 'hello' });
      expect(saves.at(-1)!.session).to.equal('s-9');
      expect(saves.at(-1)!.messages.map(m => m.text)).to.deep.equal(['sent one', 'never sent', 'hello']);
    });

    it('without a store nothing is kept and restore() gives nothing', () => {
      const { chat } = session({ store: () => undefined });
      expect(chat.restore()).to.equal(undefined);
      chat.addTurn(chat.textTurn('x', config));
      expect(chat.messages).to.have.length(1);
    });
  });
});

describe('ChatSession: history', () => {
  const entry = (id: string, role: 'user' | 'avatar', text: string, time: number): ChatMessage => ({
    id,
    role,
    kind: 'text',
    text,
    time,
  });

  it('puts history above the conversation, leaves out what is shown already, and counts the history entries', () => {
    const { chat } = session();
    const now = Date.now();
    chat.addTurn(chat.textTurn('Hello again', config));
    expect(chat.historyCount).to.equal(0);
    const added = chat.addHistory([
      entry('h1', 'user', 'Earlier question', now - 3_600_000),
      entry('h2', 'avatar', 'Earlier answer', now - 3_599_000),
      entry('h3', 'user', 'Hello again', now + 1000), // the turn just sent, as the service has it
    ]);
    expect(added).to.equal(2);
    expect(chat.messages.map(m => m.text)).to.deep.equal(['Earlier question', 'Earlier answer', 'Hello again']);
    expect(chat.historyCount).to.equal(2);
    chat.addHistory([entry('h0', 'avatar', 'Oldest', now - 7_200_000)]); // "Load earlier"
    expect(chat.historyCount).to.equal(3);
    chat.clear();
    expect(chat.historyCount).to.equal(0);
  });
});
