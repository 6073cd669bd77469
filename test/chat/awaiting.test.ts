import { expect } from '@open-wc/testing';
import { ChatSession, type Timers } from '../../src/chat/chat-session.js';
import type { ChatMessage } from '../../src/chat/conversation.js';
import { defaultStrings as str } from '../../src/strings.js';

const config = { avatarId: 'av', userId: 'u-1', language: 'en', source: 'tests', session: '' };
const BASE = { baseUrl: 'http://chat.example' };

/** Timers run by hand: `fire()` runs the pending callbacks as if their time had come. */
function manualTimers() {
  let next = 0;
  const pending = new Map<number, { callback: () => void; ms: number }>();
  const timers: Timers = {
    set: (callback, ms) => {
      pending.set(++next, { callback, ms });
      return next;
    },
    clear: handle => pending.delete(handle as number),
  };
  const fire = () => {
    const due = [...pending.values()];
    pending.clear();
    due.forEach(timer => timer.callback());
  };
  return { timers, pending, fire };
}

function session() {
  const clock = manualTimers();
  const awaited: ChatMessage[] = [];
  let changes = 0;
  const chat = new ChatSession({
    strings: () => str,
    session: () => '',
    onChange: () => changes++,
    onAwait: turn => awaited.push(turn),
    timers: clock.timers,
  });
  const sendTurn = (text: string) => {
    const turn = chat.addTurn(chat.textTurn(text, config));
    chat.setTurnState(turn.id, 'sent');
    return turn;
  };
  return { chat, clock, awaited, sendTurn, changes: () => changes };
}

const receive = (chat: ChatSession, raw: unknown) => [...chat.receive(raw, BASE)];

describe('ChatSession: waiting for an answer', () => {
  it('a sent turn waits for its answer (once announced) until the reply arrives; a queued turn does not wait', () => {
    const { chat, clock, awaited, sendTurn } = session();
    const queued = chat.addTurn(chat.textTurn('later', config));
    chat.setTurnState(queued.id, 'queued');
    expect(chat.awaited).to.equal(undefined);

    const turn = sendTurn('Hello?');
    expect(chat.awaited).to.deep.equal({ id: turn.id, overdue: false });
    expect(awaited.map(m => m.id)).to.deep.equal([turn.id]);
    expect([...clock.pending.values()].map(t => t.ms)).to.deep.equal([30_000]);

    receive(chat, { type: 'incoming', answer: 'Hi!' });
    expect(chat.awaited).to.equal(undefined);
    expect(clock.pending.size).to.equal(0, 'the timeout is cancelled');
  });

  it('a system line or the echo of the question is not the answer', () => {
    const { chat, sendTurn } = session();
    const turn = sendTurn('Hello?');
    receive(chat, { type: 'system', answer: 'An agent joined.' });
    expect(chat.awaited?.id).to.equal(turn.id);
  });

  it('after the answer timeout the turn is overdue (a change), and sending it again waits anew', () => {
    const { chat, clock, awaited, sendTurn, changes } = session();
    const turn = sendTurn('Anyone?');
    const before = changes();
    clock.fire();
    expect(chat.awaited).to.deep.equal({ id: turn.id, overdue: true });
    expect(changes()).to.equal(before + 1);
    expect(chat.get(turn.id)!.state).to.equal('sent');

    chat.setTurnState(turn.id, 'sent'); // the retry button delivered it again
    expect(chat.awaited).to.deep.equal({ id: turn.id, overdue: false });
    expect(awaited).to.have.length(2);
    expect(clock.pending.size).to.equal(1);
  });

  it('a server error ends the wait: the waiting turn fails; a refused token only ends the wait', () => {
    const { chat, clock, sendTurn } = session();
    const turn = sendTurn('busy?');
    receive(chat, { type: 'error', status: 503 });
    expect(chat.get(turn.id)!.state).to.equal('failed');
    expect(chat.awaited).to.equal(undefined);
    expect(clock.pending.size).to.equal(0);

    const again = sendTurn('again');
    receive(chat, { type: 'error', status: 401 });
    expect(chat.get(again.id)!.state).to.equal('sent');
    expect(chat.awaited).to.equal(undefined);
  });

  it('a server error after the turn was answered does not mark it "Not sent"', () => {
    const { chat, sendTurn } = session();
    const turn = sendTurn('Opening hours?');
    receive(chat, { type: 'incoming', answer: '9 to 5.' });
    const [effect] = receive(chat, { type: 'error', status: 503 });
    expect(effect).to.deep.include({ type: 'server-error', text: str.server503 });
    expect(chat.messages.at(-1)).to.include({ role: 'system', text: str.server503 });
    expect(chat.get(turn.id)!.state).to.equal('sent');
  });

  it('clear() ends the wait', () => {
    const { chat, clock, sendTurn } = session();
    sendTurn('x');
    chat.clear();
    expect(chat.awaited).to.equal(undefined);
    expect(clock.pending.size).to.equal(0);
  });
});
