// ServiceClient against the real reference server (demo/server through the WTR plugin), cross-origin like a page.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import {
  ServiceClient,
  type ServiceClientOptions,
  type ServiceFailure,
  type ServiceResult,
} from '../../src/service/service-client.js';

const cmd = <R>(command: string, payload?: unknown) => executeServerCommand<R, unknown>(command, payload);
let seq = 0;
const newClient = () => `svc-${Date.now().toString(36)}-${seq++}`;
let origin = '';
before(async () => {
  origin = await cmd<string>('chat-origin');
});

const serviceFor = (client: string, options: Partial<ServiceClientOptions> = {}) =>
  new ServiceClient({
    service: `${origin}/c/${client}`,
    userId: 'u-1',
    projectId: 'demo',
    retryDelayMs: 20,
    ...options,
  });
async function value<T>(p: Promise<ServiceResult<T>>) {
  const r = await p;
  if (!r.ok) expect.fail(`the call failed: ${r.failure.message}`);
  return r.value;
}
async function failure<T>(p: Promise<ServiceResult<T>>): Promise<ServiceFailure> {
  const r = await p;
  expect(r.ok, 'the call should fail').to.equal(false);
  return (r as { ok: false; failure: ServiceFailure }).failure;
}
const restCalls = (client: string) => cmd<string[]>('chat-rest-calls', { client });
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function connect(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.onopen = () => resolve(ws);
    ws.onclose = e => reject(new Error(`closed ${e.code} before open`));
  });
}

describe('ServiceClient against the reference server', () => {
  it('sets itself up: token, configuration, socket, a turn, then that turn in the history', async () => {
    const client = newClient();
    await cmd('chat-behaviour', { client, requireToken: true });
    const service = serviceFor(client);
    const config = await value(service.configuration());
    expect(config.session).to.match(/^s-/);
    expect(config.avatars).to.deep.equal([
      {
        id: 'ava',
        name: 'Ava',
        greetingText: "Hi, I'm Ava. Ask me anything, by text or by voice.",
        previewIcons: {
          small: `${origin}/media/ava.svg`,
          medium: `${origin}/media/ava.svg`,
          large: `${origin}/media/ava.svg`,
        },
      },
    ]);
    expect(config.languages.map(l => l.code)).to.deep.equal(['en', 'de', 'fr']);
    expect([config.vadEnabled, config.problems]).to.deep.equal([false, []]);

    const url = await value(service.socketUrl());
    expect(url).to.match(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/c/${client}/ws/chat\\?token=[\\w.%-]+$`));
    const ws = await connect(url);
    const reply = new Promise<string>(resolve => ws.addEventListener('message', e => resolve(e.data), { once: true }));
    const turn = {
      avatar_id: config.avatars[0].id,
      user_id: 'u-1',
      chat_type: 'text',
      language: 'de',
      request: 'Wie spät ist es?',
      requestType: 'text',
      source: 'test',
      isLive: false,
      session: config.session,
    };
    ws.send(JSON.stringify(turn));
    expect(JSON.parse(await reply).answer).to.equal('You said: Wie spät ist es?');
    ws.close();

    const history = await value(service.history());
    expect(history.hasMore).to.equal(false);
    expect(history.entries.map(e => [e.role, e.kind, e.text, e.media])).to.deep.equal([
      ['user', 'text', 'Wie spät ist es?', undefined],
      ['avatar', 'text', 'You said: Wie spät ist es?', { url: `${origin}/media/reply.wav`, type: 'audio' }],
    ]);
    // one token for all of it
    expect(await restCalls(client)).to.deep.equal(['POST /jwt 200', 'GET /connection 200', 'GET /chat 200']);
  });

  it('pages through 120 records: 50, 50, 20, oldest first within each page', async () => {
    const client = newClient();
    const records = Array.from({ length: 120 }, (_, i) => ({
      _id: `r${i}`,
      direction: 'incoming',
      request: `Q${i}`,
      answer: `A${i}`,
      date: 1_700_000_000_000 + i * 60_000,
      chat_type: 'text',
    }));
    await cmd('chat-history', { client, user_id: 'u-1', records });
    const service = serviceFor(client);
    const pages = [];
    for (const page of [1, 2, 3]) pages.push(await value(service.history({ page })));
    expect(pages.map(p => [p.records.length, p.hasMore])).to.deep.equal([
      [50, true],
      [50, true],
      [20, false],
    ]);
    expect(pages.map(p => [p.records[0].id, p.records.at(-1)!.id])).to.deep.equal([
      ['r70', 'r119'],
      ['r20', 'r69'],
      ['r0', 'r19'],
    ]);
    expect(pages[2].entries.slice(0, 2)).to.deep.equal([
      { id: 'r0:request', role: 'user', kind: 'text', text: 'Q0', time: 1_700_000_000_000 },
      { id: 'r0:answer', role: 'avatar', kind: 'text', text: 'A0', time: 1_700_000_000_000 },
    ]);
  });

  for (const endpoint of ['jwt', 'connection', 'chat'] as const) {
    const call = (s: ServiceClient): Promise<ServiceResult<unknown>> =>
      endpoint === 'jwt' ? s.token() : endpoint === 'connection' ? s.configuration() : s.history();

    it(`/${endpoint}: 402 → server "payment required", once`, async () => {
      const client = newClient();
      await cmd('chat-behaviour', { client, [`${endpoint}Status`]: 402 });
      const f = await failure(call(serviceFor(client)));
      expect(f).to.deep.include({ code: 'server', reason: 'payment', status: 402, endpoint, recoverable: false });
      expect((await restCalls(client)).filter(c => c.includes(`/${endpoint} `))).to.deep.equal([
        `${endpoint === 'jwt' ? 'POST' : 'GET'} /${endpoint} 402`,
      ]);
    });

    for (const status of [503, 504]) {
      it(`/${endpoint}: ${status} twice, then an answer: retried, no error`, async () => {
        const client = newClient();
        await cmd('chat-behaviour', { client, [`${endpoint}Status`]: [status, status] });
        await value(call(serviceFor(client)));
        expect(
          (await restCalls(client)).filter(c => c.includes(`/${endpoint} `)).map(c => c.split(' ')[2]),
        ).to.deep.equal([String(status), String(status), '200']);
      });

      it(`/${endpoint}: ${status} for good → server, recoverable, after 3 retries`, async () => {
        const client = newClient();
        await cmd('chat-behaviour', { client, [`${endpoint}Status`]: status });
        const f = await failure(call(serviceFor(client)));
        expect(f).to.deep.include({ code: 'server', reason: 'busy', status, recoverable: true });
        expect((await restCalls(client)).filter(c => c.includes(`/${endpoint} `))).to.have.length(4);
      });
    }

    it(`/${endpoint}: 403 → ${endpoint === 'jwt' ? 'auth' : 'a fresh token and one retry, then auth'}`, async () => {
      const client = newClient();
      const service = serviceFor(client);
      if (endpoint !== 'jwt') await value(service.token());
      await cmd('chat-behaviour', { client, [`${endpoint}Status`]: 403 });
      const f = await failure(call(service));
      expect(f).to.deep.include({ code: 'auth', reason: 'refused', status: 403, recoverable: false });
      const calls = await restCalls(client);
      if (endpoint === 'jwt') expect(calls).to.deep.equal(['POST /jwt 403']);
      else
        expect(calls).to.deep.equal(['POST /jwt 200', `GET /${endpoint} 403`, 'POST /jwt 200', `GET /${endpoint} 403`]);
    });

    it(`/${endpoint}: a slow answer past the timeout is "service unreachable" (timeout), never auth`, async () => {
      const client = newClient();
      await cmd('chat-behaviour', { client, [`${endpoint}DelayMs`]: 800 });
      const f = await failure(call(serviceFor(client, { timeoutMs: 300 })));
      expect(f).to.deep.include({ code: 'socket', reason: 'timeout', recoverable: true });
      // and a slow answer within the timeout is fine
      expect((await call(serviceFor(client, { timeoutMs: 3000 }))).ok).to.equal(true);
    });

    it(`/${endpoint}: malformed answers are protocol failures with a clear message`, async () => {
      const client = newClient();
      for (const [kind, reason, message] of [
        ['not-json', 'malformed', 'is not JSON (it starts "<html><body>Bad gateway'],
        ['huge', 'too-large', 'larger than 1048576 bytes'],
      ] as const) {
        await cmd('chat-behaviour', { client, [`${endpoint}Malformed`]: kind });
        const f = await failure(call(serviceFor(client)));
        expect(f, kind).to.deep.include({ code: 'protocol', reason });
        expect(f.message, kind).to.contain(message).and.contain(`/${endpoint}`);
      }
    });
  }

  it('an expired token is replaced without an error (403 → fresh token → retry)', async () => {
    const client = newClient();
    await cmd('chat-behaviour', { client, tokenTtlMs: 150 });
    const service = serviceFor(client);
    await value(service.configuration());
    await sleep(200);
    await cmd('chat-behaviour', { client, tokenTtlMs: null });
    await value(service.configuration());
    expect(await restCalls(client)).to.deep.equal([
      'POST /jwt 200',
      'GET /connection 200',
      'GET /connection 403',
      'POST /jwt 200',
      'GET /connection 200',
    ]);
  });

  it('a token is fetched again before it is 24 h old (here: tokenMaxAgeMs)', async () => {
    const client = newClient();
    let now = Date.now();
    const service = serviceFor(client, { now: () => now, tokenMaxAgeMs: 60_000 });
    await value(service.configuration());
    now += 60_000;
    await value(service.configuration());
    expect(await restCalls(client)).to.deep.equal([
      'POST /jwt 200',
      'GET /connection 200',
      'POST /jwt 200',
      'GET /connection 200',
    ]);
  });

  it('a service that cannot be reached is "unreachable", never auth', async () => {
    const service = new ServiceClient({ service: 'http://127.0.0.1:9', userId: 'u-1' });
    for (const p of [service.token(), service.configuration(), service.history()]) {
      const f = await failure<unknown>(p);
      expect(f).to.deep.include({ code: 'socket', reason: 'unreachable', recoverable: true });
    }
  });

  it('a wrong service URL (404/405 from the reference server) is a config failure that says so', async () => {
    const service = new ServiceClient({ service: `${origin}/no-such-api`, userId: 'u-1' });
    const f = await failure(service.configuration());
    expect(f).to.deep.include({ code: 'config', status: 405 });
    expect(f.message).to.equal(
      `POST ${origin}/no-such-api/jwt: HTTP 405 (method not allowed): is service the API's base URL?`,
    );
  });

  it('wrong types, __proto__ keys and a javascript: icon leave the configuration usable, with each problem named', async () => {
    const client = newClient();
    const service = serviceFor(client);
    await cmd('chat-behaviour', { client, connectionMalformed: 'wrong-types' });
    const wrong = await value(service.configuration());
    expect([wrong.session, wrong.avatars, wrong.languages, wrong.vadEnabled]).to.deep.equal([
      undefined,
      [],
      [],
      undefined,
    ]);
    expect(wrong.problems).to.have.length(4);

    await cmd('chat-behaviour', { client, connectionMalformed: 'proto' });
    const proto = await value(service.configuration());
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(proto.avatars).to.deep.equal([{ id: 'ava', name: 'Ava', previewIcons: {} }]);
    expect(proto.languages).to.deep.equal([{ code: 'en', name: 'English' }]);
    expect(Object.hasOwn(proto.json, '__proto__')).to.equal(false);

    await cmd('chat-behaviour', { client, connectionMalformed: 'javascript-icon' });
    const js = await value(service.configuration());
    expect(js.avatars[0].previewIcons).to.deep.equal({});
    expect(js.avatars[0].name).to.equal('Ava');
    expect(js.problems).to.have.length(3);

    await cmd('chat-behaviour', { client, jwtMalformed: 'wrong-types' });
    expect(await failure(serviceFor(client).token())).to.deep.include({ code: 'protocol', reason: 'malformed' });
    await cmd('chat-behaviour', { client, jwtMalformed: 'proto' });
    expect(await failure(serviceFor(client).token())).to.deep.include({ code: 'protocol', reason: 'malformed' });
    await cmd('chat-behaviour', { client, jwtMalformed: null, chatMalformed: 'wrong-types' });
    expect(await failure(serviceFor(client).history())).to.deep.include({ code: 'protocol', reason: 'malformed' });
    await cmd('chat-behaviour', { client, chatMalformed: 'proto' });
    const history = await value(serviceFor(client).history());
    expect([history.records.map(r => r.id), history.hasMore]).to.deep.equal([['p1'], false]);
    expect(history.records[0].request).to.equal(undefined);
  });

  it('uses the global fetch and the defaults for options passed as undefined', async () => {
    const client = newClient();
    const service = new ServiceClient({
      service: `${origin}/c/${client}`,
      userId: 'u-1',
      projectId: undefined,
      fetch: undefined,
      timeoutMs: undefined,
      now: undefined,
    });
    expect((await value(service.configuration())).avatars[0].name).to.equal('Ava');
    expect((await value(service.history({ page: NaN, perPage: -3 }))).page).to.equal(1);
    expect((await restCalls(client)).at(-1)).to.equal('GET /chat 200');
  });

  it('takes the token as `token` when the service names it so', async () => {
    const client = newClient();
    await cmd('chat-behaviour', { client, jwtField: 'token' });
    expect(await value(serviceFor(client).socketUrl())).to.contain('?token=');
  });
});
