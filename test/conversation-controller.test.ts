import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ChatSession } from '../src/chat/chat-session.js';
import type { ChatMessage } from '../src/chat/conversation.js';
import type { ChatStore } from '../src/chat/persist.js';
import { ActionEvent } from '../src/components/actions.js';
import { ConnectionController } from '../src/controllers/connection-controller.js';
import { ConversationController, type ConversationOptions } from '../src/conversation-controller.js';
import { defaultStrings } from '../src/strings.js';
import { newClient, waitForFrames } from './helpers/chat.js';
import { controllerHost } from './helpers/controller-host.js';

const turnConfig = { avatarId: 'av-1', userId: 'u-1', language: 'en', source: 'tests', session: '' };

/** What the controller hands on, in order: events, failures, sessions, replies, unlocks; and the connection's calls. */
function recorder() {
  const log: string[] = [];
  const replies: ChatMessage[] = [];
  const options = {
    failures: {
      report: (code: string, message: string) => log.push(`error:${code}:${message}`),
      config: (problem: string) => log.push(`config:${problem}`),
    },
    strings: () => defaultStrings,
    emit: (name: string, detail: unknown) => log.push(`${name}:${JSON.stringify(detail)}`) > 0,
    configProblem: () => '',
    service: () => undefined,
    baseUrl: () => 'http://chat.example',
    setSession: (session: string) => log.push(`session:${session}`),
    unlockPlayback: () => log.push('unlock'),
    replyArrived: (message: ChatMessage) => replies.push(message),
  } satisfies Partial<ConversationOptions>;
  return { log, replies, options };
}

/** A connection that records what it is asked and answers `result` to each send. */
function fakeConnection(result: 'sent' | 'queued' | 'full' = 'sent') {
  const calls: string[] = [];
  const connection = {
    result,
    send: (id: string) => {
      calls.push(`send:${id}`);
      return connection.result;
    },
    reauth: () => calls.push('reauth'),
    connect: () => calls.push('connect'),
    disconnect: () => calls.push('disconnect'),
  };
  return { connection, calls };
}

describe('ConversationController', () => {
  it('a turn goes out to the reference server; its reply comes back as an entry, a message event and a session', async () => {
    const { client, url } = await newClient('conversation');
    const { log, replies, options } = recorder();
    const chat = new ChatSession({ strings: () => defaultStrings, session: () => '' });
    const host = controllerHost();
    const connection = new ConnectionController(host, {
      url: () => url,
      onFrame: data => conversation.handleFrame(data), // connects once attached, below
      onTurnState: (id, state) => chat.setTurnState(id, state),
    });
    const conversation: ConversationController = new ConversationController({ ...options, chat, connection });
    await fixture(html`${host}`);
    await waitUntil(() => connection.status === 'connected', 'connected', { timeout: 4000 });

    const sent = conversation.send(chat.textTurn('hello', turnConfig))!;
    expect(sent).to.include({ role: 'user', text: 'hello', state: 'sent' });
    const [frame] = await waitForFrames(client, 1);
    expect(JSON.parse(frame)).to.include({ request: 'hello', avatar_id: 'av-1', user_id: 'u-1' });
    await waitUntil(() => replies.length === 1, 'the reply', { timeout: 4000 });
    expect(replies[0]).to.include({ role: 'avatar', text: 'You said: hello' });
    expect(replies[0].media?.url).to.match(/\/media\/reply\.wav$/);
    expect(log[0]).to.equal(`send:${JSON.stringify({ kind: 'text', payload: JSON.parse(frame) })}`);
    expect(log[1]).to.equal('unlock');
    expect(log.slice(2).map(line => line.split(':')[0])).to.deep.equal(['session', 'message']);
    expect(chat.messages.map(m => m.role)).to.deep.equal(['user', 'avatar']);
  });

  it('a listener that cancels avatar-chat-send: nothing is added or sent', () => {
    const { log, options } = recorder();
    const { connection, calls } = fakeConnection();
    const chat = new ChatSession({ strings: () => defaultStrings, session: () => '' });
    const conversation = new ConversationController({ ...options, chat, connection, emit: () => false });
    expect(conversation.send(chat.textTurn('hello', turnConfig))).to.equal(null);
    expect(chat.messages).to.deep.equal([]);
    expect(calls).to.deep.equal([]);
    expect(log).to.deep.equal([]);
  });

  it('a configuration problem: the turn throws, is reported, and nothing is asked or sent', () => {
    const { log, options } = recorder();
    const { connection, calls } = fakeConnection();
    const chat = new ChatSession({ strings: () => defaultStrings, session: () => '' });
    const conversation = new ConversationController({ ...options, chat, connection, configProblem: () => 'no url' });
    expect(() => conversation.send(chat.textTurn('hello', turnConfig))).to.throw('no url');
    expect(log).to.deep.equal(['config:no url']);
    expect(calls).to.deep.equal([]);
    expect(chat.messages).to.deep.equal([]);
  });

  it('a full outbox: the turn is failed and reported; retry sends it again; a turn without a frame just clears', () => {
    const { log, options } = recorder();
    const { connection, calls } = fakeConnection('full');
    const chat = new ChatSession({ strings: () => defaultStrings, session: () => '' });
    const conversation = new ConversationController({ ...options, chat, connection });
    expect(() => conversation.send(chat.textTurn('hello', turnConfig))).to.throw(defaultStrings.outboxFull);
    const [turn] = chat.messages;
    expect(turn.state).to.equal('failed');
    expect(log.at(-1)).to.equal(`error:send:${defaultStrings.outboxFull}`);
    conversation.handleRetry(new ActionEvent('retry', { id: turn.id }));
    expect(chat.get(turn.id)!.state, 'still full: stays failed').to.equal('failed');
    connection.result = 'queued';
    conversation.handleRetry(new ActionEvent('retry', { id: turn.id }));
    expect(chat.get(turn.id)!.state).to.equal('queued');
    expect(calls).to.deep.equal([`send:${turn.id}`, `send:${turn.id}`, `send:${turn.id}`]);

    chat.addHistory([{ id: 'h-1', role: 'user', kind: 'text', text: 'old', time: 1, state: 'failed' }]);
    const old = chat.messages.find(m => m.text === 'old')!;
    conversation.handleRetry(new ActionEvent('retry', { id: old.id }));
    expect(chat.get(old.id)!.state).to.equal(undefined);
    expect(calls).to.have.length(3);
  });

  it('frames in: a protocol problem and a server error are reported; 401 reauthenticates the connection', () => {
    const { log, options } = recorder();
    const { connection, calls } = fakeConnection();
    const chat = new ChatSession({ strings: () => defaultStrings, session: () => '' });
    const conversation = new ConversationController({ ...options, chat, connection });
    conversation.handleFrame('[1,2,3]');
    expect(log).to.deep.equal([`error:protocol:${defaultStrings.protocolError}`]);
    conversation.handleFrame(JSON.stringify({ type: 'error', status: 401 }));
    expect(log[1]).to.match(/^error:server:/);
    expect(calls).to.deep.equal(['reauth']);
  });

  it('service mode: a refused token is forgotten and the socket reconnects (for a new one)', () => {
    const { options } = recorder();
    const { connection, calls } = fakeConnection();
    const chat = new ChatSession({ strings: () => defaultStrings, session: () => '' });
    const service = { invalidateToken: () => calls.push('invalidateToken') };
    const conversation = new ConversationController({ ...options, chat, connection, service: () => service });
    conversation.handleFrame(JSON.stringify({ type: 'error', status: 403 }));
    expect(calls).to.deep.equal(['invalidateToken', 'disconnect', 'connect']);
  });

  it('a new session in a frame: the element keeps it and the conversation is saved with it', () => {
    const { options } = recorder();
    const { connection } = fakeConnection();
    let session = 's-1';
    const saved: string[] = [];
    const store: ChatStore = {
      loadUserId: () => undefined,
      saveUserId: () => {},
      loadChat: () => ({ messages: [] }),
      saveChat: (_messages, saving) => saved.push(saving),
    };
    const chat = new ChatSession({ strings: () => defaultStrings, session: () => session, store: () => store });
    const setSession = (next: string) => {
      session = next;
    };
    const conversation = new ConversationController({ ...options, chat, connection, setSession });
    conversation.handleFrame(JSON.stringify({ type: 'connection', session: 's-2' }));
    expect(session).to.equal('s-2');
    expect(saved).to.deep.equal(['s-2']);
  });

  it('a system line is a message event but not a reply; relative media URLs use baseUrl', () => {
    const { log, replies, options } = recorder();
    const { connection } = fakeConnection();
    const chat = new ChatSession({ strings: () => defaultStrings, session: () => '' });
    const conversation = new ConversationController({ ...options, chat, connection });
    conversation.handleFrame(JSON.stringify({ type: 'system', answer: 'An agent joined.' }));
    expect(log.map(line => line.split(':')[0])).to.deep.equal(['message']);
    expect(replies).to.deep.equal([]);
    conversation.handleFrame(JSON.stringify({ type: 'incoming', answer: 'r', fileUrl: '/media/a.wav' }));
    expect(replies[0].media?.url).to.equal('http://chat.example/media/a.wav');
  });
});
