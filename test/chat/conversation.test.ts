import { expect } from '@open-wc/testing';
import { Conversation, MAX_MESSAGES, uuid, type ChatMessage } from '../../src/chat/conversation.js';

const text = (t: string) => ({ role: 'user' as const, kind: 'text' as const, text: t });

describe('Conversation', () => {
  it('add() gives an id and a time; every change is a new array; get() and update()', () => {
    const c = new Conversation();
    const before = c.messages;
    const m = c.add(text('one'));
    expect(m.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(m.time).to.be.closeTo(Date.now(), 1000);
    expect(c.messages).not.to.equal(before);
    expect(c.get(m.id)).to.equal(m);
    const updated = c.update(m.id, { state: 'sent' });
    expect(updated).to.deep.equal({ ...m, state: 'sent' });
    expect(c.get(m.id)).to.equal(updated);
    expect(c.update('nope', { state: 'sent' })).to.equal(undefined);
  });

  it('keeps at most `cap` entries, oldest dropped through onDrop; the default cap is MAX_MESSAGES', () => {
    const dropped: string[] = [];
    const c = new Conversation({ onDrop: m => dropped.push(m.text), cap: 2 });
    for (const t of ['a', 'b', 'c', 'd']) c.add(text(t));
    expect(c.messages.map(m => m.text)).to.deep.equal(['c', 'd']);
    expect(dropped).to.deep.equal(['a', 'b']);
    const big = new Conversation();
    for (let i = 0; i < MAX_MESSAGES + 5; i++) big.add(text(String(i)));
    expect(big.messages).to.have.length(MAX_MESSAGES);
    expect(big.messages[0].text).to.equal('5');
  });

  it('attachTranscript() fills the latest user voice turn without text, and only that', () => {
    const c = new Conversation();
    const voice = (id: string): Omit<ChatMessage, 'time'> => ({ id, role: 'user', kind: 'voice', text: '' });
    c.add(voice('v1'));
    const v2 = c.add(voice('v2'));
    c.add({ role: 'avatar', kind: 'text', text: 'reply' });
    expect(c.attachTranscript('hello')!.id).to.equal(v2.id);
    expect(c.get(v2.id)!.text).to.equal('hello');
    c.attachTranscript('first');
    expect(c.messages[0].text).to.equal('first');
    expect(c.attachTranscript('nobody waits')).to.equal(undefined);
  });

  it('replace() drops the old entries (onDrop) and keeps the newest `cap` of the new ones; clear() empties', () => {
    const dropped: string[] = [];
    const c = new Conversation({ onDrop: m => dropped.push(m.text), cap: 2 });
    c.add(text('old'));
    const fresh = ['x', 'y', 'z'].map((t, i) => ({ ...text(t), id: t, time: i }));
    c.replace(fresh);
    expect(dropped).to.deep.equal(['old']);
    expect(c.messages.map(m => m.text)).to.deep.equal(['y', 'z']);
    c.clear();
    expect(c.messages).to.deep.equal([]);
    expect(dropped).to.deep.equal(['old', 'y', 'z']);
  });

  it('uuid() is a v4 UUID, different each time', () => {
    const ids = new Set(Array.from({ length: 100 }, uuid));
    expect(ids.size).to.equal(100);
    for (const id of ids) expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
