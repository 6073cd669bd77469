import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import sinon from 'sinon';
import {
  ConnectionController,
  CredentialsRefusedError,
  DEFAULTS,
  type ConnectionOptions,
  type ConnectionStatus,
} from '../../src/controllers/connection-controller.js';
import { controllerHost } from '../helpers/controller-host.js';
import { FakeWebSocket } from '../helpers/fake-websocket.js';

/** A controller on a throwaway host, with every callback recorded. */
function setup(options: Partial<ConnectionOptions> = {}, attach = true) {
  const host = controllerHost();
  const statuses: string[] = [];
  const errors: { code: string; message: string; recoverable: boolean; cause?: unknown }[] = [];
  const turns: string[] = [];
  const frames: unknown[] = [];
  const fresh: boolean[] = [];
  const url = options.url ?? (() => 'ws://fake.test/ws/chat');
  const c = new ConnectionController(host, {
    WebSocket: FakeWebSocket.ctor,
    onStatus: (s, a) => statuses.push(`${s}:${a}`),
    onError: (code, message, recoverable, cause) => errors.push({ code, message, recoverable, cause }),
    onTurnState: (id, s) => turns.push(`${id}:${s}`),
    onFrame: d => frames.push(d),
    random: () => 1,
    ...options,
    url: f => (fresh.push(f), url(f)),
  });
  if (attach) document.body.append(host);
  return { host, c, statuses, errors, turns, frames, fresh };
}

describe('ConnectionController (fake socket, fake timers)', () => {
  let clock: sinon.SinonFakeTimers;
  const hosts: Element[] = [];
  const sockets = () => FakeWebSocket.instances;
  const last = () => FakeWebSocket.last;
  /** Let pending promises (url() resolution, deferred teardown) run without moving the clock. */
  const settle = () => clock.tickAsync(0);
  /** Runs the pending retry timer and lets the new attempt start. */
  const retry = async () => {
    await clock.nextAsync();
    await settle();
  };
  /** Runs the next timer and returns how long that was. */
  const nextDelay = async () => {
    const t0 = clock.now;
    await clock.nextAsync();
    return clock.now - t0;
  };
  const start = async (options: Partial<ConnectionOptions> = {}, attach = true) => {
    const s = setup(options, attach);
    hosts.push(s.host);
    await settle();
    return s;
  };

  /** Attached without autoConnect: idle until told. */
  const startIdle = async () => {
    const s = setup({}, false);
    hosts.push(s.host);
    s.c.autoConnect = false;
    document.body.append(s.host);
    await settle();
    return s;
  };

  beforeEach(() => {
    FakeWebSocket.reset();
    clock = sinon.useFakeTimers();
  });
  afterEach(async () => {
    for (const h of hosts.splice(0)) h.remove();
    await settle(); // run the deferred teardowns before the next test counts anything
    clock.restore();
    sinon.restore();
  });

  describe('status', () => {
    it('connects when attached: connecting, then connected on open; frames reach onFrame', async () => {
      const { c, statuses, frames } = await start();
      expect(sockets()).to.have.length(1);
      expect(last().url).to.equal('ws://fake.test/ws/chat');
      expect(statuses).to.deep.equal(['connecting:0']);
      expect(c.status).to.equal('connecting');
      last().open();
      expect(c.status).to.equal('connected');
      last().message('{"type":"incoming"}');
      const bin = new ArrayBuffer(3);
      last().message(bin);
      expect(frames).to.deep.equal(['{"type":"incoming"}', bin]);
      expect(last().binaryType).to.equal('arraybuffer');
      expect(statuses).to.deep.equal(['connecting:0', 'connected:0']);
    });

    it('stays idle without autoConnect until connect(); connect() is a no-op while connecting or open', async () => {
      const s = await startIdle();
      expect(s.c.status).to.equal('idle');
      expect(sockets()).to.have.length(0);
      s.c.connect();
      await settle();
      s.c.connect();
      await settle();
      expect(sockets()).to.have.length(1);
      last().open();
      s.c.connect();
      await settle();
      expect(sockets()).to.have.length(1);
      expect(s.statuses).to.deep.equal(['connecting:0', 'connected:0']);
    });

    it('follow(): connects while wanted, a new URL reconnects, not wanted closes; nothing while as wanted', async () => {
      const s = await startIdle();
      s.c.follow({ wanted: false, newUrl: true });
      await settle();
      expect(sockets()).to.have.length(0);
      s.c.follow({ wanted: true, newUrl: false });
      await settle();
      expect(sockets()).to.have.length(1);
      last().open();
      s.c.follow({ wanted: true, newUrl: false });
      await settle();
      expect(sockets()).to.have.length(1);
      expect(s.c.status).to.equal('connected');
      s.c.follow({ wanted: true, newUrl: true });
      await settle();
      expect(sockets()).to.have.length(2);
      expect(sockets()[0].readyState).to.equal(WebSocket.CLOSED);
      s.c.follow({ wanted: false, newUrl: false });
      await settle();
      expect(s.c.status).to.equal('closed');
      expect(s.c.autoConnect).to.equal(false);
      await clock.tickAsync(60_000);
      expect(sockets()).to.have.length(2);
    });

    it('reports each status once, with the attempt number while reconnecting', async () => {
      const { statuses } = await start();
      last().fail();
      await clock.tickAsync(500);
      last().fail();
      await clock.tickAsync(1000);
      last().open();
      expect(statuses).to.deep.equal(['connecting:0', 'reconnecting:1', 'reconnecting:2', 'connected:0']);
    });

    it('a callback that throws does not break the controller', async () => {
      const err = sinon.stub(console, 'error');
      const { c } = await start({
        onStatus: () => {
          throw new Error('boom');
        },
      });
      last().open();
      expect(c.status).to.equal('connected');
      expect(err.callCount).to.equal(2);
    });
  });

  describe('injection', () => {
    it("uses the page's WebSocket as it is when the controller is made; an undefined option keeps it", async () => {
      const page = window.WebSocket;
      window.WebSocket = FakeWebSocket.ctor;
      let s: ReturnType<typeof setup>;
      try {
        s = await start({ WebSocket: undefined });
      } finally {
        window.WebSocket = page;
      }
      expect(sockets()).to.have.length(1);
      last().open();
      expect(s.c.status).to.equal('connected');
    });

    it('passes every option given to the controller over DEFAULTS, and keeps the rest', async () => {
      const { c } = await start({ minDelay: 1000, growFactor: 3, maxQueue: 1 });
      last().fail();
      expect(await nextDelay()).to.equal(1000);
      await settle();
      last().fail();
      expect(await nextDelay()).to.equal(3000);
      await settle();
      expect(c.send('a', 'A')).to.equal('queued');
      expect(c.send('b', 'B')).to.equal('full');
      expect(DEFAULTS).to.include({ minDelay: 500, maxDelay: 30000, growFactor: 2, minUptime: 5000, maxQueue: 50 });
      expect(DEFAULTS.WebSocket).to.equal(window.WebSocket);
    });
  });

  describe('backoff', () => {
    const failures = async (n: number) => {
      const delays: number[] = [];
      for (let i = 0; i < n; i++) {
        const count = sockets().length;
        last().fail();
        delays.push(await nextDelay());
        await settle();
        expect(sockets()).to.have.length(count + 1);
      }
      return delays;
    };

    it('doubles from 500 ms up to the 30 s cap with random() = 1', async () => {
      await start();
      expect(await failures(9)).to.deep.equal([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    });

    it('scales the delay by random() (full jitter): 0.5 halves it, 0 retries at once', async () => {
      await start({ random: () => 0.5 });
      expect(await failures(8)).to.deep.equal([250, 500, 1000, 2000, 4000, 8000, 15000, 15000]);
      FakeWebSocket.reset();
      await start({ random: () => 0 });
      expect(await failures(3)).to.deep.equal([0, 0, 0]);
    });

    it('keeps every delay between 0 and the cap with Math.random', async () => {
      await start({ random: Math.random, minDelay: 100, maxDelay: 2000, growFactor: 3 });
      const delays = await failures(20);
      delays.forEach((d, i) => expect(d).to.be.within(0, Math.min(2000, 100 * 3 ** i)));
      expect(new Set(delays.slice(5)).size).to.be.greaterThan(1);
    });

    it('resets the backoff only after the connection stayed up minUptime', async () => {
      const { statuses } = await start();
      await failures(3);
      last().open();
      await clock.tickAsync(4999);
      last().fail();
      expect(statuses.at(-1)).to.equal('reconnecting:4');
      expect(await nextDelay()).to.equal(4000);
      await settle();
      last().open();
      await clock.tickAsync(5000);
      last().fail();
      expect(statuses.at(-1)).to.equal('reconnecting:1');
      expect(await nextDelay()).to.equal(500);
    });

    it('abandons an attempt that is not open after connectTimeout, closing it with 1000', async () => {
      const { statuses } = await start();
      const first = last();
      await clock.tickAsync(9999);
      expect(first.readyState).to.equal(0);
      await clock.tickAsync(1);
      expect(first.closedWith).to.equal(1000);
      expect(statuses.at(-1)).to.equal('reconnecting:1');
      first.open(); // too late: must not count
      expect(statuses.at(-1)).to.equal('reconnecting:1');
      await clock.tickAsync(500);
      expect(sockets()).to.have.length(2);
    });

    it('times out a url() that never resolves and asks again', async () => {
      let calls = 0;
      const { statuses } = await start({ url: () => (calls++, new Promise<string>(() => {})) });
      await clock.tickAsync(10000);
      expect(statuses.at(-1)).to.equal('reconnecting:1');
      await clock.tickAsync(500);
      expect(calls).to.equal(2);
      expect(sockets()).to.have.length(0);
    });
  });

  describe('immediate retry', () => {
    it('retries at once on `online` while waiting, and not while connected', async () => {
      await start();
      last().fail();
      await settle();
      window.dispatchEvent(new Event('online'));
      await settle();
      expect(sockets()).to.have.length(2);
      last().open();
      window.dispatchEvent(new Event('online'));
      await settle();
      expect(sockets()).to.have.length(2);
    });

    it('retries at once when the page becomes visible, not when it is hidden', async () => {
      await start();
      last().fail();
      await settle();
      const set = (v: string) => Object.defineProperty(document, 'visibilityState', { value: v, configurable: true });
      try {
        set('hidden');
        document.dispatchEvent(new Event('visibilitychange'));
        await settle();
        expect(sockets()).to.have.length(1);
        set('visible');
        document.dispatchEvent(new Event('visibilitychange'));
        await settle();
        expect(sockets()).to.have.length(2);
      } finally {
        delete (document as { visibilityState?: string }).visibilityState;
      }
    });

    it('does not retry on `online` after disconnect()', async () => {
      const { c } = await start();
      last().fail();
      c.disconnect();
      window.dispatchEvent(new Event('online'));
      await clock.tickAsync(600000);
      expect(sockets()).to.have.length(1);
      expect(c.status).to.equal('closed');
    });
  });

  describe('disconnect', () => {
    it('closes with 1000, reports closed and never retries; connect() starts over', async () => {
      const { c, statuses } = await start();
      last().open();
      c.disconnect();
      expect(last().closedWith).to.equal(1000);
      await clock.tickAsync(600000);
      expect(sockets()).to.have.length(1);
      expect(statuses).to.deep.equal(['connecting:0', 'connected:0', 'closed:0']);
      c.connect();
      await settle();
      expect(sockets()).to.have.length(2);
      expect(statuses.at(-1)).to.equal('connecting:0');
    });

    it('disconnect() from inside a status or error callback stops for good', async () => {
      for (const hook of ['onStatus', 'onError'] as const) {
        FakeWebSocket.reset();
        const box: { c?: ConnectionController } = {};
        const { c } = await start({ [hook]: () => box.c?.status === 'reconnecting' && box.c.disconnect() });
        box.c = c;
        last().open();
        last().fail();
        await clock.tickAsync(600000);
        expect(sockets(), hook).to.have.length(1);
        expect(c.status, hook).to.equal('closed');
      }
    });
  });

  describe('outbox', () => {
    it('queues turns while not connected and sends them once, in order, on open', async () => {
      const { c, turns } = await start();
      expect(c.send('a', 'A')).to.equal('queued');
      expect(c.send('b', 'B')).to.equal('queued');
      last().fail();
      await clock.tickAsync(500);
      expect(c.send('c', 'C')).to.equal('queued');
      last().open();
      expect(last().sent).to.deep.equal(['A', 'B', 'C']);
      expect(turns).to.deep.equal(['a:sent', 'b:sent', 'c:sent']);
      expect(c.send('d', 'D')).to.equal('sent');
      last().fail();
      await retry();
      last().open();
      expect(sockets()[0].sent).to.deep.equal([]);
      expect(sockets()[1].sent).to.deep.equal(['A', 'B', 'C', 'D']);
      expect(last().sent).to.deep.equal([]);
    });

    it('drained(): at once without an open socket; else waits while bytes are buffered, at most 250 ms', async () => {
      const { c } = await start();
      const settled = () => {
        const state = { done: false };
        void c.drained().then(() => (state.done = true));
        return state;
      };
      const connecting = settled();
      await settle();
      expect(connecting.done).to.equal(true);
      last().open();
      last().bufferedAmount = 400_000;
      const sending = settled();
      await clock.tickAsync(100);
      expect(sending.done).to.equal(false);
      last().bufferedAmount = 0;
      await clock.tickAsync(2);
      expect(sending.done).to.equal(true);
      last().bufferedAmount = 400_000; // a stalled network
      const stalled = settled();
      await clock.tickAsync(240);
      expect(stalled.done).to.equal(false);
      await clock.tickAsync(20);
      expect(stalled.done).to.equal(true);
    });

    it('refuses a turn when the outbox is full by count, keeping the accepted ones', async () => {
      const { c } = await start({ maxQueue: 3 });
      expect(['1', '2', '3', '4'].map(i => c.send(i, i))).to.deep.equal(['queued', 'queued', 'queued', 'full']);
      last().open();
      expect(last().sent).to.deep.equal(['1', '2', '3']);
      last().fail();
      expect(c.send('5', '5')).to.equal('queued');
    });

    it('refuses a turn when the outbox is full by bytes (length × 2)', async () => {
      const { c } = await start({ maxQueueBytes: 20 });
      expect(c.send('a', 'aaaaa')).to.equal('queued');
      expect(c.send('b', 'bbbbbb')).to.equal('full');
      expect(c.send('c', 'ccccc')).to.equal('queued');
      expect(c.send('d', 'd')).to.equal('full');
      last().open();
      expect(last().sent).to.deep.equal(['aaaaa', 'ccccc']);
      last().fail();
      expect(c.send('e', 'e'.repeat(10))).to.equal('queued');
    });

    it('keeps the turn whose send() threw, and the rest, for the next open', async () => {
      const { c, turns } = await start();
      c.send('a', 'A');
      c.send('b', 'B');
      c.send('c', 'C');
      const ws = last();
      let n = 0;
      const send = ws.send.bind(ws);
      ws.send = (d: unknown) => {
        if (n++ == 1) throw new Error('nope');
        send(d);
      };
      ws.open();
      expect(ws.sent).to.deep.equal(['A']);
      expect(turns).to.deep.equal(['a:sent']);
      expect(c.send('d', 'D')).to.equal('queued'); // behind the stuck ones
      ws.fail();
      await retry();
      last().open();
      expect(last().sent).to.deep.equal(['B', 'C', 'D']);
      expect(turns).to.deep.equal(['a:sent', 'b:sent', 'c:sent', 'd:sent']);
    });

    it('marks queued turns failed on disconnect(); they can be sent again', async () => {
      const { c, turns } = await start();
      c.send('a', 'A');
      c.send('b', 'B');
      c.disconnect();
      expect(turns).to.deep.equal(['a:failed', 'b:failed']);
      c.connect();
      await settle();
      expect(c.send('a', 'A')).to.equal('queued');
      last().open();
      expect(last().sent).to.deep.equal(['A']);
    });
  });

  describe('unreachable', () => {
    it('a controller that never connected is unreachable from its first failed attempt, until it opens', async () => {
      const { c, errors } = await start();
      expect(c.unreachable).to.equal(false);
      last().fail();
      expect(c.unreachable).to.equal(true);
      expect(errors.map(e => [e.code, e.message, e.recoverable])).to.deep.equal([
        ['socket', 'Service unreachable', true],
      ]);
      for (let i = 0; i < 3; i++) {
        await retry();
        last().fail();
      }
      expect(errors).to.have.length(1); // said once, not at every attempt
      await retry();
      last().open();
      expect(c.unreachable).to.equal(false);
      expect(c.status).to.equal('connected');
    });

    it('a lost connection is "lost", and unreachable only after two failed attempts in a row', async () => {
      const { c, errors } = await start();
      last().open();
      last().fail(); // lost
      expect(c.unreachable).to.equal(false);
      expect(errors.map(e => e.message)).to.deep.equal(['Connection lost']);
      await retry();
      last().fail();
      expect(c.unreachable).to.equal(false);
      await retry();
      last().fail();
      expect(c.unreachable).to.equal(true);
      expect(errors.map(e => e.message)).to.deep.equal(['Connection lost', 'Service unreachable']);
      await retry();
      last().open();
      expect(c.unreachable).to.equal(false);
    });

    it('a handshake that fires `error` without `close` (WebKit, a blocked port) fails at once; its late close is ignored', async () => {
      const { c, errors, statuses } = await start();
      last().errorOnly();
      expect(c.unreachable).to.equal(true);
      expect(c.status).to.equal('reconnecting');
      expect(errors.map(e => [e.code, e.message, e.cause])).to.deep.equal([
        ['socket', 'Service unreachable', { code: 1006, reason: '' }],
      ]);
      const first = last();
      first.closeLater();
      expect(statuses).to.deep.equal(['connecting:0', 'reconnecting:1']); // the close is not a second failure
      await retry();
      expect(sockets()).to.have.length(2);
      last().open();
      last().errorOnly(); // an open socket's error: its close says what happened
      expect(c.status).to.equal('connected');
      last().closeLater();
      expect(c.status).to.equal('reconnecting');
      expect(errors.map(e => e.message)).to.deep.equal(['Service unreachable', 'Connection lost']);
      expect(first).to.not.equal(last());
    });

    it('an attempt that times out counts as a failed attempt (and is not "lost")', async () => {
      const { c, errors, fresh } = await start({ usesToken: () => true });
      await clock.tickAsync(10000);
      expect(c.unreachable).to.equal(true);
      expect(errors.map(e => e.message)).to.deep.equal(['Service unreachable']);
      await clock.tickAsync(500);
      expect(fresh).to.deep.equal([false, false]); // a timeout says nothing about the token
    });

    it('connect() while unreachable tries at once; disconnect() ends unreachable', async () => {
      const { c } = await start();
      last().fail();
      expect(sockets()).to.have.length(1);
      c.connect();
      await settle();
      expect(sockets()).to.have.length(2);
      expect(c.unreachable).to.equal(true);
      c.disconnect();
      expect(c.unreachable).to.equal(false);
      expect(c.status).to.equal('closed');
    });
  });

  describe('auth', () => {
    /** The host answers plain HTTP (a refused token) or not (an outage). */
    const probe = (answers: boolean) => sinon.fake(async (_url: string) => answers);

    it('a failed handshake fetches a fresh token; refused twice right after a fresh token while the host answers: auth', async () => {
      const hostUp = probe(true);
      const { c, fresh, errors, turns, statuses } = await start({
        usesToken: () => true,
        probe: hostUp,
        url: () => 'ws://fake.test/ws?token=T',
      });
      c.send('a', 'A');
      last().fail();
      await retry();
      expect(fresh).to.deep.equal([false, true]);
      expect(hostUp.callCount).to.equal(0); // the first failure used an old token: no question yet
      last().fail(); // refused right after a fresh token: once
      await settle();
      expect(hostUp.callCount).to.equal(1);
      expect(hostUp.firstCall.args[0]).to.equal('ws://fake.test/ws?token=T');
      expect(errors.map(e => e.code)).to.deep.equal(['socket']);
      await retry();
      expect(fresh).to.deep.equal([false, true, true]);
      last().fail(); // twice
      await settle();
      expect(errors.map(e => [e.code, e.recoverable])).to.deep.equal([
        ['socket', true],
        ['auth', false],
      ]);
      expect(turns).to.deep.equal(['a:failed']);
      expect(statuses.at(-1)).to.equal('closed:0');
      expect(c.unreachable).to.equal(false);
      await clock.tickAsync(3600000);
      expect(sockets()).to.have.length(3);
      c.connect();
      await settle();
      expect(sockets()).to.have.length(4);
      expect(fresh).to.deep.equal([false, true, true, true]); // the refused token is not used again
      last().open();
      expect(c.status).to.equal('connected');
    });

    it('handshakes that fail while the host does not answer are an outage: retried for ever, never auth', async () => {
      const hostDown = probe(false);
      const { c, fresh, errors } = await start({ usesToken: () => true, probe: hostDown });
      for (let i = 0; i < 12; i++) {
        last().fail();
        await retry();
      }
      expect(sockets()).to.have.length(13);
      expect(hostDown.callCount).to.equal(11);
      expect(fresh.slice(1).every(f => f)).to.equal(true); // each attempt after a failed handshake: a new token
      expect(errors.map(e => e.code)).to.deep.equal(['socket']);
      expect(c.unreachable).to.equal(true);
      last().open(); // the deploy is over
      expect(c.status).to.equal('connected');
    });

    it('an outage between two refusals breaks the streak', async () => {
      let answers = true;
      const { errors } = await start({ usesToken: () => true, probe: async () => answers });
      last().fail();
      await retry();
      last().fail(); // refusal 1
      await settle();
      answers = false;
      await retry();
      last().fail(); // host down: not a refusal, and the streak is over
      await settle();
      answers = true;
      await retry();
      last().fail(); // refusal 1 again
      await settle();
      expect(errors.map(e => e.code)).to.deep.equal(['socket']);
      await retry();
      last().fail(); // refusal 2
      await settle();
      expect(errors.map(e => e.code)).to.deep.equal(['socket', 'auth']);
    });

    it('connect() during the host check starts over and ignores its answer', async () => {
      let answer!: (up: boolean) => void;
      const { c, errors } = await start({
        usesToken: () => true,
        probe: () => new Promise<boolean>(resolve => (answer = resolve)),
      });
      last().fail();
      await retry();
      last().fail(); // asks the host
      await settle();
      c.connect();
      await settle();
      expect(sockets()).to.have.length(3);
      answer(true);
      await settle();
      last().open();
      expect(c.status).to.equal('connected');
      expect(errors.map(e => e.code)).to.deep.equal(['socket']);
    });

    it('without a token source, handshake failures just keep retrying', async () => {
      const hostUp = probe(true);
      const { fresh, errors } = await start({ usesToken: () => false, probe: hostUp });
      for (let i = 0; i < 5; i++) {
        last().fail();
        await clock.nextAsync();
        await settle();
      }
      expect(sockets()).to.have.length(6);
      expect(fresh.every(f => !f)).to.equal(true);
      expect(errors.map(e => e.code)).to.deep.equal(['socket']);
      expect(hostUp.callCount).to.equal(0);
    });

    it('a token endpoint that cannot be reached or answers 5xx is an outage: retried with backoff, never auth', async () => {
      let calls = 0;
      const failures = [new TypeError('Failed to fetch'), new Error('Token request failed (HTTP 503)')];
      const { errors, c, statuses } = await start({
        usesToken: () => true,
        url: () => Promise.reject(failures[calls++ % 2]),
      });
      expect(c.unreachable).to.equal(true);
      await clock.tickAsync(500);
      expect(calls).to.equal(2);
      await clock.tickAsync(1000 + 2000 + 4000);
      expect(calls).to.equal(5);
      expect(statuses.at(-1)).to.equal('reconnecting:5');
      expect(errors.map(e => [e.code, e.message])).to.deep.equal([['socket', 'Service unreachable']]);
      expect(errors[0].cause).to.be.instanceOf(TypeError);
    });

    it('a token endpoint that refuses (CredentialsRefusedError, or any code "auth") stops with auth at once', async () => {
      for (const refusal of [
        new CredentialsRefusedError('Token request failed (HTTP 403)'),
        Object.assign(new Error('refused'), { code: 'auth' }),
      ]) {
        let calls = 0;
        const { errors, c } = await start({ usesToken: () => true, url: () => (calls++, Promise.reject(refusal)) });
        expect(errors.map(e => [e.code, e.recoverable])).to.deep.equal([['auth', false]]);
        expect(errors[0].cause).to.equal(refusal);
        expect(c.status).to.equal('closed');
        await clock.tickAsync(600000);
        expect(calls).to.equal(1);
      }
    });

    it('the refusal streak resets after a connection stayed up minUptime', async () => {
      const { errors, fresh } = await start({ usesToken: () => true, probe: probe(true) });
      last().fail();
      await retry();
      last().fail(); // refusal 1
      await retry();
      last().open();
      await clock.tickAsync(5000);
      last().fail(); // lost after a good while
      await retry();
      last().fail(); // old token: a fresh one next
      await retry();
      last().fail(); // refusal 1 of a new streak
      await retry();
      expect(errors.map(e => e.code)).to.deep.equal(['socket', 'socket', 'socket']);
      expect(fresh).to.deep.equal([false, true, true, false, true, true]);
    });

    it('reauth(): reconnects at once with a fresh token; twice in a row stops with auth', async () => {
      const { c, fresh, errors } = await start({ usesToken: () => true });
      last().open();
      c.reauth();
      expect(sockets()[0].closedWith).to.equal(1000);
      await settle();
      expect(fresh).to.deep.equal([false, true]);
      last().open();
      c.reauth();
      expect(last().closedWith).to.equal(1000);
      expect(errors.map(e => e.code)).to.deep.equal(['auth']);
      expect(c.status).to.equal('closed');
      await clock.tickAsync(600000);
      expect(sockets()).to.have.length(2);
    });

    it('keeps tokens out of errors: causes are close codes, a bad URL is reported without it', async () => {
      const { errors } = await start({ url: () => 'ws://fake.test/ws?token=SECRET' });
      last().fail();
      expect(JSON.stringify(errors)).not.to.contain('SECRET');
      expect(errors[0].cause).to.deep.equal({ code: 1006, reason: '' });
      class Throwing {
        constructor(url: string) {
          throw new SyntaxError(`The URL '${url}' is invalid.`);
        }
      }
      const s = await start({
        url: () => 'ws://fake.test/ws?token=SECRET',
        WebSocket: Throwing as unknown as typeof WebSocket,
      });
      expect(s.errors.map(e => [e.code, e.recoverable])).to.deep.equal([['socket', false]]);
      expect(JSON.stringify(s.errors) + s.errors[0].message).not.to.contain('SECRET');
      expect(s.c.status).to.equal('closed');
    });
  });

  describe('host lifecycle', () => {
    it('closes with 1000 when removed, and connects again when re-inserted', async () => {
      const { host, c } = await start();
      last().open();
      host.remove();
      await settle();
      expect(sockets()[0].closedWith).to.equal(1000);
      expect(c.status).to.equal('closed');
      await clock.tickAsync(600000);
      expect(sockets()).to.have.length(1);
      document.body.append(host);
      await settle();
      expect(sockets()).to.have.length(2);
    });

    it('keeps the same socket through a synchronous DOM move', async () => {
      const { host, c, statuses } = await start();
      last().open();
      const other = document.createElement('div');
      document.body.append(other);
      hosts.push(other);
      other.append(host); // remove + insert in one task
      await settle();
      await clock.tickAsync(60000);
      expect(sockets()).to.have.length(1);
      expect(last().closedWith).to.equal(undefined);
      expect(c.status).to.equal('connected');
      expect(statuses).to.deep.equal(['connecting:0', 'connected:0']);
      expect(c.send('x', 'X')).to.equal('sent');
    });

    it('abandons an attempt still connecting at removal, even if it opens anyway', async () => {
      const { host, c, frames } = await start();
      host.remove();
      await settle();
      const ws = last();
      expect(ws.closedWith).to.equal(1000);
      ws.open();
      ws.message('late');
      expect(c.status).to.equal('closed');
      expect(frames).to.deep.equal([]);
    });

    it('closes a socket that opens after removal at once, with 1000', async () => {
      const { host, c } = await start();
      const ws = last();
      ws.close = function (this: FakeWebSocket, code?: number) {
        if (this.readyState === 0) return; // a socket that ignores an early close()
        FakeWebSocket.prototype.close.call(this, code);
      };
      host.remove();
      await settle();
      expect(ws.closedWith).to.equal(undefined);
      ws.open();
      expect(ws.closedWith).to.equal(1000);
      expect(c.status).to.equal('closed');
    });

    it('does not connect on re-insertion when autoConnect is false', async () => {
      const { host, c } = await start();
      host.remove();
      await settle();
      c.autoConnect = false;
      document.body.append(host);
      await settle();
      expect(sockets()).to.have.length(1);
    });

    it('removes its window and document listeners: 20 attach/detach cycles leave the count unchanged', async () => {
      const net = { window: 0, document: 0 };
      for (const [name, target] of [
        ['window', window],
        ['document', document],
      ] as const) {
        type Args = [string, EventListenerOrEventListenerObject | null, (boolean | EventListenerOptions)?];
        const { addEventListener: add, removeEventListener: remove } = EventTarget.prototype;
        sinon.stub(target, 'addEventListener').callsFake((...a: Args) => (net[name]++, add.apply(target, a)));
        sinon.stub(target, 'removeEventListener').callsFake((...a: Args) => (net[name]--, remove.apply(target, a)));
      }
      const { host } = await start();
      expect(net.window + net.document).to.be.greaterThan(0); // it does listen while attached
      for (let i = 0; i < 20; i++) {
        host.remove();
        await settle();
        document.body.append(host);
        await settle();
        if (i % 2) last().open();
      }
      host.remove();
      await settle();
      expect(net).to.deep.equal({ window: 0, document: 0 });
      expect(sockets().every(ws => ws.readyState >= 2)).to.equal(true);
    });
  });
});

describe('ConnectionController (real server)', function () {
  this.timeout(20000);
  let port: number;
  const hosts: Element[] = [];
  const cmd = <R>(name: string, payload?: unknown) => executeServerCommand<R, unknown>(name, payload);
  const client = () => `conn-${Math.random().toString(36).slice(2)}`;
  const turn = (request: string) =>
    JSON.stringify({
      avatar_id: 'a1',
      user_id: 'u1',
      chat_type: 'text',
      language: 'en',
      request,
      requestType: 'text',
      source: 'test',
      isLive: false,
    });
  const start = (id: string, options: Partial<ConnectionOptions> = {}) => {
    const s = setup({
      url: () => `ws://127.0.0.1:${port}/ws/chat?client=${id}`,
      WebSocket,
      random: Math.random,
      minDelay: 50,
      maxDelay: 200,
      ...options,
    });
    hosts.push(s.host);
    return s;
  };
  const until = (c: ConnectionController, s: ConnectionStatus, timeout = 1000) =>
    waitUntil(() => c.status === s, `not ${s}`, { interval: 5, timeout });

  before(async () => {
    port = await cmd<number>('chat-port');
  });
  afterEach(async () => {
    for (const h of hosts.splice(0)) h.remove();
    await cmd('chat-start');
  });

  it('reconnects after the server drops the connection, reporting each status', async () => {
    const id = client();
    const { c, statuses } = start(id);
    await until(c, 'connected');
    expect(await cmd('chat-terminate', { client: id })).to.equal(1);
    await waitUntil(
      () => statuses.includes('connected:0') && statuses.at(-1) === 'connected:0' && statuses.length >= 4,
    );
    expect(statuses.slice(0, 3)).to.deep.equal(['connecting:0', 'connected:0', 'reconnecting:1']);
    expect(await cmd('chat-sockets', { client: id })).to.equal(1);
  });

  it('sends turns queued while the server was down once, in order, when it is back', async () => {
    const id = client();
    const { c, turns } = start(id);
    await until(c, 'connected');
    await cmd('chat-stop');
    await until(c, 'reconnecting');
    expect(c.send('1', turn('one'))).to.equal('queued');
    expect(c.send('2', turn('two'))).to.equal('queued');
    await cmd('chat-start');
    await waitUntil(() => turns.length === 2, 'queued turns not sent', { timeout: 10000 });
    expect(turns).to.deep.equal(['1:sent', '2:sent']);
    expect(c.send('3', turn('three'))).to.equal('sent');
    await waitUntil(async () => (await cmd<string[]>('chat-frames', { client: id })).length >= 3);
    expect(await cmd('chat-frames', { client: id })).to.deep.equal([turn('one'), turn('two'), turn('three')]);
  });

  it('leaves no open socket at the server after 100 attach/detach cycles', async () => {
    const id = client();
    const { host, c } = start(id);
    for (let i = 0; i < 100; i++) {
      if (i % 4)
        await until(c, 'connected'); // mostly open ones, some still connecting
      else await new Promise(r => setTimeout(r));
      host.remove();
      await Promise.resolve();
      await Promise.resolve();
      document.body.append(host);
    }
    await until(c, 'connected');
    // The server counts a socket closed when the close reaches it. In Firefox the closes of sockets closed while
    // still connecting arrive later (seen: 3 open at the server right after 'connected', then 1): wait for them.
    await waitUntil(async () => (await cmd('chat-sockets', { client: id })) === 1, 'sockets left open');
    await new Promise(r => setTimeout(r, 300));
    expect(await cmd('chat-sockets', { client: id })).to.equal(1);
    host.remove();
    await waitUntil(async () => (await cmd('chat-sockets', { client: id })) === 0, 'sockets left open');
  });

  it('keeps the same socket through a DOM move', async () => {
    const id = client();
    let made = 0;
    const Counting = class extends WebSocket {
      constructor(url: string | URL) {
        super(url);
        made++;
      }
    };
    const { host, c, frames } = start(id, { WebSocket: Counting });
    await until(c, 'connected');
    const other = document.createElement('div');
    document.body.append(other);
    other.append(host);
    await new Promise(r => setTimeout(r, 50));
    expect(c.send('m', turn('still here'))).to.equal('sent');
    await waitUntil(() => frames.length === 1, 'no reply');
    expect(made).to.equal(1);
    expect(await cmd('chat-sockets', { client: id })).to.equal(1);
    other.remove();
  });

  it('asks for a fresh token after a refused upgrade; refused twice more while HTTP works: auth', async () => {
    const id = client();
    await cmd('chat-behaviour', { client: id, refuse: 2, refuseStatus: 403 });
    const a = start(id, { usesToken: () => true });
    await until(a.c, 'connected');
    expect(a.fresh).to.deep.equal([false, true, true]);
    expect(a.errors.map(e => e.code)).to.deep.equal(['socket']);
    a.c.disconnect();

    await cmd('chat-behaviour', { client: id, refuse: 3, refuseStatus: 403 });
    const b = start(id, { usesToken: () => true });
    await waitUntil(() => b.errors.some(e => e.code === 'auth'), 'no auth error');
    expect(b.c.status).to.equal('closed');
    expect(b.fresh).to.deep.equal([false, true, true]);
    b.c.connect();
    await until(b.c, 'connected');
  });

  it('a server that is down is never an auth failure, with a token source: it reconnects when back', async () => {
    const id = client();
    const a = start(id, { usesToken: () => true });
    await until(a.c, 'connected');
    await cmd('chat-stop');
    await waitUntil(() => a.statuses.filter(s => s.startsWith('reconnecting')).length >= 4, 'not retrying', {
      timeout: 8000,
    });
    expect(a.c.unreachable).to.equal(true);
    await cmd('chat-start');
    // The attempt under way may still wait for its host check (a fetch to the port that was stopped) before the
    // next one: 1 s was too short for Firefox on a loaded machine (a CI rehearsal).
    await until(a.c, 'connected', 4000);
    expect(a.errors.map(e => e.code)).to.deep.equal(['socket', 'socket']);
  });
});
