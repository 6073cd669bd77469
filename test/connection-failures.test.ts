// Connection failures as a visitor meets them: a service that cannot be reached ("Can't reach the chat service.
// Retrying…" with "Try now"), a lost connection, and the token flow's failures (an outage is never "auth").
// The reference server is stopped and started again (chat-stop / chat-start): afterEach always starts it.
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../src/index.js';
import type { AvatarChat } from '../src/avatar-chat.js';
import type { ErrorDetail } from '../src/events.js';
import { defaultStrings as str } from '../src/strings.js';
import { behaviour, cmd, newClient, waitForFrames, waitForSocket } from './helpers/chat.js';
import { connectedChat, mount } from './helpers/widget.js';
import { part, shown } from './ui/ui.js';

const errorLine = (el: AvatarChat) => part(el, 'error')!.textContent!.trim();
const tryNow = (el: AvatarChat) => part<HTMLButtonElement>(el, 'reconnect-button');
const centre = (e: Element): [number, number] => {
  const r = e.getBoundingClientRect();
  return [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)];
};
const click = async (e: Element) => {
  await sendMouse({ type: 'click', position: centre(e) });
};
/** Every avatar-chat-error of `el`, from now on. */
const errorsOf = (el: AvatarChat) => {
  const errors: ErrorDetail[] = [];
  el.addEventListener('avatar-chat-error', e => errors.push(e.detail));
  return errors;
};
/** The latest reconnect attempt number that `el` reported (avatar-chat-status), from now on. */
const attemptsOf = (el: AvatarChat) => {
  const seen = { attempt: 0 };
  el.addEventListener('avatar-chat-status', e => (seen.attempt = e.detail.attempt));
  return seen;
};
const unreachable = (el: AvatarChat, timeout = 5000) =>
  waitUntil(() => el.matches(':state(unreachable)'), 'not unreachable', { timeout });
const authCalls = (client: string) => cmd<number>('chat-auth-calls', { client });

describe('<avatar-chat> when the chat service cannot be reached', function () {
  this.timeout(30000);
  afterEach(async () => {
    await resetMouse();
    await cmd('chat-start');
  });

  it('never connected: "Can\'t reach the chat service", a queued turn waits; "Try now" connects at once', async () => {
    const { client, url } = await newClient('unreach');
    await cmd('chat-stop');
    // Count the sockets the element opens, and when (the page's WebSocket as it is when the element is made).
    const opened: number[] = [];
    const RealWebSocket = window.WebSocket;
    window.WebSocket = class extends RealWebSocket {
      constructor(u: string | URL, protocols?: string | string[]) {
        super(u, protocols);
        opened.push(performance.now());
      }
    };
    let el: AvatarChat;
    try {
      el = await mount({ url, 'avatar-id': 'av' }, '', { style: 'height: 520px' });
    } finally {
      window.WebSocket = RealWebSocket;
    }
    const seen = attemptsOf(el);
    await unreachable(el);
    await el.updateComplete;
    expect(errorLine(el)).to.contain(str.unreachable);
    expect(errorLine(el)).not.to.contain(str.socketLost);
    expect(shown(tryNow(el))).to.equal(true);
    expect(tryNow(el)!.textContent!.trim()).to.equal(str.tryNow);

    // The visitor types a message: it waits, and says so.
    await click(part(el, 'input')!);
    await sendKeys({ type: 'Hello there' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.messages.length === 1, 'no entry');
    expect(el.messages[0].state).to.equal('queued');
    await el.updateComplete;
    const entry = part(el, 'message--user')!;
    expect(entry.textContent).to.contain(str.queuedUnreachable);

    // Let a few attempts fail, so that the next one is seconds away; then the service is back and "Try now" is clicked.
    await waitUntil(() => seen.attempt >= 3, 'fewer than 3 attempts', { timeout: 8000 });
    await cmd('chat-start');
    const before = opened.length;
    const clickedAt = performance.now();
    await click(tryNow(el)!);
    await waitUntil(() => el.status === 'connected', 'not connected after Try now', { timeout: 3000 });
    expect(opened.length).to.be.greaterThan(before);
    expect(opened[before] - clickedAt).to.be.lessThan(150); // the click opened it, not the backoff timer
    const frames = await waitForFrames(client);
    expect(JSON.parse(frames[0]).request).to.equal('Hello there');
    await waitUntil(() => el.messages[0].state === 'sent', 'queued turn not sent');
    await el.updateComplete;
    expect(el.matches(':state(unreachable)')).to.equal(false);
    expect(errorLine(el)).to.equal('');
    expect(tryNow(el)).to.equal(undefined);
    expect(part(el, 'message--user')!.textContent).not.to.contain(str.queuedUnreachable);
  });

  it('a lost connection says "lost", then "can\'t reach" after two failed attempts; connected clears it', async () => {
    const { el } = await connectedChat({ prefix: 'unreach-lost', attrs: { 'avatar-id': 'av' } });
    const errors = errorsOf(el);
    const seen = attemptsOf(el);
    const lost = oneEvent(el, 'avatar-chat-error');
    await cmd('chat-stop');
    await lost;
    await el.updateComplete;
    expect(errorLine(el)).to.equal(str.socketLost);
    expect(el.matches(':state(unreachable)')).to.equal(false);
    expect(tryNow(el)).to.equal(undefined);
    await unreachable(el);
    await el.updateComplete;
    expect(seen.attempt).to.be.at.least(3); // lost, then two failed attempts
    expect(errorLine(el)).to.contain(str.unreachable);
    expect(shown(tryNow(el))).to.equal(true);
    expect(errors.map(e => [e.code, e.message])).to.deep.equal([
      ['socket', str.socketLost],
      ['socket', str.unreachable],
    ]);
    await cmd('chat-start');
    await waitUntil(() => el.status === 'connected', 'not back', { timeout: 15000 });
    await el.updateComplete;
    expect(el.matches(':state(unreachable)')).to.equal(false);
    expect(errorLine(el)).to.equal('');
    expect(tryNow(el)).to.equal(undefined);
  });
});

describe('<avatar-chat> token failures (auth-url)', function () {
  this.timeout(30000);
  afterEach(() => cmd('chat-start'));

  /** A widget whose token comes from the reference server's /auth (required by its socket). */
  async function withAuthUrl(prefix: string, switches: Record<string, unknown> = {}) {
    const server = await newClient(prefix);
    await behaviour(server.client, { reply: false, requireToken: true, ...switches });
    const authUrl = `${server.origin}/auth?client=${server.client}`;
    const el = await mount({ url: server.url, 'avatar-id': 'av', 'auth-url': authUrl, 'user-id': server.client });
    return { el, ...server };
  }

  it('a token endpoint that answers 503 is "can\'t reach", retried with backoff, never auth; it connects when back', async () => {
    const { el, client } = await withAuthUrl('tok-503', { authStatus: 503 });
    const errors = errorsOf(el);
    await unreachable(el);
    await waitUntil(async () => (await authCalls(client)) >= 3, 'not retried', { timeout: 8000 });
    await el.updateComplete;
    expect(errorLine(el)).to.contain(str.unreachable);
    expect(errorLine(el)).not.to.contain(str.authFailed);
    expect(el.status).to.equal('reconnecting');
    await behaviour(client, { authStatus: null });
    await waitUntil(() => el.status === 'connected', 'not connected by itself', { timeout: 15000 });
    expect(errors.map(e => e.code)).not.to.include('auth');
    await el.updateComplete;
    expect(errorLine(el)).to.equal('');
  });

  it('a token endpoint that cannot be reached at all is "can\'t reach", never auth', async () => {
    const { url } = await newClient('tok-down');
    const el = await mount({ url, 'avatar-id': 'av', 'auth-url': 'http://127.0.0.1:1/auth' });
    const errors = errorsOf(el);
    const seen = attemptsOf(el);
    await unreachable(el);
    await waitUntil(() => seen.attempt >= 3, 'not retried', { timeout: 8000 });
    await el.updateComplete;
    expect(errorLine(el)).to.contain(str.unreachable);
    expect(errors.map(e => e.code)).not.to.include('auth');
    expect(el.status).to.equal('reconnecting');
  });

  it('a server stopped and started again while using auth-url reconnects by itself', async () => {
    const { el, client } = await withAuthUrl('tok-restart');
    await waitForSocket(client);
    await waitUntil(() => el.status === 'connected', 'connected');
    const errors = errorsOf(el);
    const seen = attemptsOf(el);
    await cmd('chat-stop');
    await unreachable(el);
    await waitUntil(() => seen.attempt >= 4, 'not retried', { timeout: 10000 });
    await cmd('chat-start');
    await waitUntil(() => el.status === 'connected', 'not reconnected by itself', { timeout: 15000 });
    expect(errors.map(e => e.code)).to.deep.equal(['socket', 'socket']);
    await el.updateComplete;
    expect(errorLine(el)).to.equal('');
  });

  for (const status of [400, 401, 403]) {
    it(`a refusal from the token endpoint (HTTP ${status}) is auth: "Could not sign in", no more tries`, async () => {
      // listening before the element is made: the refusal may come before mount() returns (WebKit answers that fast)
      const refused = oneEvent(document, 'avatar-chat-error') as Promise<CustomEvent<ErrorDetail>>;
      const { el, client } = await withAuthUrl(`tok-${status}`, { authStatus: status });
      const error = await refused;
      expect(error.target).to.equal(el);
      expect(error.detail).to.include({ code: 'auth', recoverable: false });
      expect(String((error.detail.cause as Error).message)).to.equal(`Token request failed (HTTP ${status})`);
      await el.updateComplete;
      expect(errorLine(el)).to.equal(str.authFailed);
      expect(el.status).to.equal('closed');
      expect(el.matches(':state(unreachable)')).to.equal(false);
      await new Promise(r => setTimeout(r, 1500));
      expect(await authCalls(client)).to.equal(1);
      await behaviour(client, { authStatus: null });
      el.connect();
      await waitUntil(() => el.status === 'connected', 'connect() after the refusal');
    });
  }

  it('a socket that refuses the token twice right after fresh ones, while HTTP works, is auth', async () => {
    const { el, client } = await withAuthUrl('tok-refuse', { refuse: 3, refuseStatus: 401 });
    const errors = errorsOf(el);
    await waitUntil(() => errors.some(e => e.code === 'auth'), 'no auth error', { timeout: 8000 });
    expect(el.status).to.equal('closed');
    expect(await authCalls(client)).to.equal(3); // the first token, then a fresh one before each retry
    await el.updateComplete;
    expect(errorLine(el)).to.equal(str.authFailed);
  });
});
