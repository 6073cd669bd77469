// ServiceClient with a fake fetch: every status, network failure, timeout, expired token and bad answer.
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import {
  ServiceClient,
  type ServiceClientOptions,
  type ServiceFailure,
  type ServiceResult,
} from '../../src/service/service-client.js';

interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}
type Handler = (call: Call) => Response | Promise<Response>;

const json = (value: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(typeof value === 'string' ? value : JSON.stringify(value), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
const CONFIG = {
  session: 's-1',
  avatars_info: [
    {
      _id: 'ava-1',
      name: 'Ava',
      greetingText: 'Hi, I am Ava.',
      previewIcons: { small: '/icons/s.png', medium: 'https://cdn.example/m.png', large: 'https://cdn.example/l.png' },
    },
  ],
  languages: [
    { name: 'English', language_code: 'en' },
    { name: 'Deutsch', code: 'de' },
  ],
  vadEnabled: true,
};

/** A fake service: handlers per endpoint (`jwt`, `connection`, `chat`), each a queue (the last one repeats). */
function fakeService(handlers: Partial<Record<string, Handler | Handler[]>> = {}) {
  const calls: Call[] = [];
  let issued = 0;
  const defaults: Record<string, Handler> = {
    jwt: () => json({ result: 'success', jwt: `jwt-${++issued}` }),
    connection: () => json(CONFIG),
    chat: () => json({ payload: [], has_more_messages: false }),
  };
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    const call: Call = {
      method: init.method ?? 'GET',
      url,
      headers: { ...(init.headers as Record<string, string>) },
      body: init.body as string | undefined,
      signal: init.signal!,
    };
    calls.push(call);
    const endpoint = new URL(url).pathname.split('/').pop()!;
    const h = handlers[endpoint];
    const handler = Array.isArray(h) ? (h.length > 1 ? h.shift()! : h[0]) : (h ?? defaults[endpoint]);
    return handler(call);
  }) as typeof globalThis.fetch;
  const of = (endpoint: string) => calls.filter(c => new URL(c.url).pathname.endsWith(`/${endpoint}`));
  return { fetch, calls, of };
}

const client = (fetch: typeof globalThis.fetch, options: Partial<ServiceClientOptions> = {}) =>
  new ServiceClient({
    service: 'https://chat.example.com',
    userId: 'u-1',
    projectId: 'p-1',
    fetch,
    random: () => 0.5,
    ...options,
  });

async function failure<T>(p: Promise<{ ok: true; value: T } | { ok: false; failure: ServiceFailure }>) {
  const r = await p;
  expect(r.ok, 'the call should fail').to.equal(false);
  return (r as { ok: false; failure: ServiceFailure }).failure;
}
async function value<T>(p: Promise<{ ok: true; value: T } | { ok: false; failure: ServiceFailure }>) {
  const r = await p;
  if (!r.ok) expect.fail(`the call failed: ${r.failure.message}`);
  return r.value;
}
const never = (call: Call) =>
  new Promise<Response>((_, reject) =>
    call.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
  );

describe('ServiceClient: token', () => {
  it('POSTs {"user_id","project_id"} as JSON to {service}/jwt and keeps the jwt', async () => {
    const s = fakeService();
    const c = client(s.fetch);
    expect(await value(c.token())).to.equal('jwt-1');
    expect(await value(c.token())).to.equal('jwt-1');
    expect(s.calls).to.have.length(1);
    const [call] = s.calls;
    expect([call.method, call.url, call.headers, call.body]).to.deep.equal([
      'POST',
      'https://chat.example.com/jwt',
      { 'Content-Type': 'application/json' },
      '{"user_id":"u-1","project_id":"p-1"}',
    ]);
  });

  it('leaves project_id out when not set, and takes `token` when there is no `jwt`', async () => {
    const s = fakeService({ jwt: () => json({ token: 'tok-9' }) });
    const c = client(s.fetch, { projectId: undefined });
    expect(await value(c.token())).to.equal('tok-9');
    expect(s.calls[0].body).to.equal('{"user_id":"u-1"}');
  });

  it('fetches a new token before the old one is 24 h old, and when asked for a fresh one', async () => {
    let now = 1_000_000;
    const s = fakeService();
    const c = client(s.fetch, { now: () => now });
    expect(await value(c.token())).to.equal('jwt-1');
    now += 23 * 3600_000 - 1;
    expect(await value(c.token())).to.equal('jwt-1');
    now += 1;
    expect(await value(c.token())).to.equal('jwt-2');
    expect(c.tokenFetchedAt).to.equal(now);
    expect(await value(c.token({ fresh: true }))).to.equal('jwt-3');
    c.invalidateToken();
    expect(await value(c.token())).to.equal('jwt-4');
  });

  it('shares one token request between concurrent calls', async () => {
    const s = fakeService();
    const c = client(s.fetch);
    const [a, b] = await Promise.all([c.configuration(), c.history()]);
    expect([a.ok, b.ok]).to.deep.equal([true, true]);
    expect(s.of('jwt')).to.have.length(1);
  });

  for (const status of [400, 401, 403])
    it(`a ${status} from /jwt is an auth failure (not retried)`, async () => {
      const s = fakeService({ jwt: () => json({ result: 'error' }, status) });
      const f = await failure(client(s.fetch).token());
      expect(f).to.deep.include({ code: 'auth', reason: 'refused', endpoint: 'jwt', status, recoverable: false });
      expect(f.message).to.contain(`POST https://chat.example.com/jwt: HTTP ${status}`).and.contain('project-id');
      expect(s.calls).to.have.length(1);
    });

  for (const status of [500, 502])
    it(`a ${status} from /jwt is "service unreachable", never auth`, async () => {
      const s = fakeService({ jwt: () => json({}, status) });
      const f = await failure(client(s.fetch).token());
      expect(f).to.deep.include({ code: 'socket', reason: 'unreachable', status, recoverable: true });
    });

  it('a network failure at /jwt is "service unreachable", never auth', async () => {
    const s = fakeService({ jwt: () => Promise.reject(new TypeError('Failed to fetch')) });
    const f = await failure(client(s.fetch).socketUrl());
    expect(f).to.deep.include({ code: 'socket', reason: 'unreachable', endpoint: 'jwt', recoverable: true });
    expect(f.message).to.contain('cannot be reached');
    expect(f.cause).to.be.instanceOf(TypeError);
  });

  for (const [name, body] of [
    ['not JSON', '<html>Bad gateway</html>'],
    ['a number as jwt', { jwt: 42 }],
    ['an empty jwt', { jwt: '' }],
    ['a jwt with spaces', { jwt: 'a b' }],
    ['an array', [{ jwt: 'x' }]],
    ['a jwt only under __proto__', '{"__proto__":{"jwt":"x"}}'],
  ] as const)
    it(`a /jwt answer that is ${name} is a protocol failure`, async () => {
      const s = fakeService({ jwt: () => json(body) });
      const f = await failure(client(s.fetch).token());
      expect(f).to.deep.include({ code: 'protocol', reason: 'malformed', endpoint: 'jwt', recoverable: false });
      expect(f.message).to.contain('POST /jwt of https://chat.example.com/');
    });
});

describe('ServiceClient: URLs', () => {
  const cases: [string, string][] = [
    ['https://chat.example.com', 'wss://chat.example.com/ws/chat?token=t%2B1'],
    ['https://chat.example.com/', 'wss://chat.example.com/ws/chat?token=t%2B1'],
    ['http://127.0.0.1:8080/api', 'ws://127.0.0.1:8080/api/ws/chat?token=t%2B1'],
    ['http://localhost:8080/api/?k=v#frag', 'ws://localhost:8080/api/ws/chat?k=v&token=t%2B1'],
  ];
  for (const [service, socket] of cases)
    it(`${service} → ${socket}`, async () => {
      const s = fakeService({ jwt: () => json({ jwt: 't+1' }) });
      const c = client(s.fetch, { service });
      expect(await value(c.socketUrl())).to.equal(socket);
      expect(new URL(s.calls[0].url).pathname).to.match(/\/jwt$/);
    });

  it('sends the endpoints under the base path, with the query kept', async () => {
    const s = fakeService();
    const c = client(s.fetch, { service: 'https://chat.example.com/api/?k=v' });
    await value(c.configuration());
    await value(c.history({ page: 3 }));
    expect(s.calls.map(call => call.url)).to.deep.equal([
      'https://chat.example.com/api/jwt?k=v',
      'https://chat.example.com/api/connection?k=v',
      'https://chat.example.com/api/chat?k=v&user_id=u-1&per_page=50&page=3',
    ]);
  });

  for (const service of [
    'http://chat.example.com',
    'javascript:alert(1)',
    'chat.example.com',
    'ftp://x.example',
    'https://u:p@x.example',
  ])
    it(`refuses service="${service}" with a config failure, without fetching`, async () => {
      const s = fakeService();
      const c = client(s.fetch, { service });
      expect(c.baseUrl).to.equal(undefined);
      for (const p of [c.token(), c.configuration(), c.history(), c.socketUrl()]) {
        const f = await failure<unknown>(p);
        expect(f).to.deep.include({ code: 'config', reason: 'config', recoverable: false });
        expect(f.message).to.contain(service);
      }
      expect(s.calls).to.have.length(0);
    });
});

describe('ServiceClient: configuration', () => {
  it('GETs {service}/connection with the Bearer token and reads every field', async () => {
    const s = fakeService();
    const config = await value(client(s.fetch).configuration());
    const call = s.of('connection')[0];
    expect([call.method, call.headers]).to.deep.equal(['GET', { Authorization: 'Bearer jwt-1' }]);
    expect(config).to.deep.equal({
      session: 's-1',
      avatars: [
        {
          id: 'ava-1',
          name: 'Ava',
          greetingText: 'Hi, I am Ava.',
          previewIcons: {
            small: 'https://chat.example.com/icons/s.png',
            medium: 'https://cdn.example/m.png',
            large: 'https://cdn.example/l.png',
          },
        },
      ],
      languages: [
        { code: 'en', name: 'English' },
        { code: 'de', name: 'Deutsch' },
      ],
      vadEnabled: true,
      json: CONFIG,
      problems: [],
    });
  });

  it('takes `id` for an avatar, skips duplicate languages, names a language by its code', async () => {
    const s = fakeService({
      connection: () =>
        json({
          avatars_info: [{ id: 7 }],
          languages: [{ code: 'fr' }, { language_code: 'FR', name: 'x' }, { code: 'de-DE' }],
        }),
    });
    const config = await value(client(s.fetch).configuration());
    expect(config.avatars).to.deep.equal([{ id: '7', previewIcons: {} }]);
    expect(config.languages).to.deep.equal([
      { code: 'fr', name: 'fr' },
      { code: 'de-DE', name: 'de-DE' },
    ]);
    expect([config.session, config.vadEnabled, config.problems]).to.deep.equal([undefined, undefined, []]);
  });

  it('leaves out every field of the wrong type and names each one', async () => {
    const s = fakeService({
      connection: () =>
        json({
          session: 42,
          avatars_info: [null, { name: 'No id' }, { _id: 'a', name: 5, greetingText: ['x'], previewIcons: 'x.png' }],
          languages: [{ name: 'Klingon' }, 'en', { code: '<script>' }],
          vadEnabled: 'yes',
        }),
    });
    const config = await value(client(s.fetch).configuration());
    expect(config.avatars).to.deep.equal([{ id: 'a', previewIcons: {} }]);
    expect([config.session, config.languages, config.vadEnabled]).to.deep.equal([undefined, [], undefined]);
    expect(config.problems).to.deep.equal([
      'session is not a non-empty string: ignored',
      'avatars_info[0] is not an object: ignored',
      'avatars_info[1] has no _id or id: ignored',
      'avatars_info[2].name is not text: ignored',
      'avatars_info[2].greetingText is not text: ignored',
      'avatars_info[2].previewIcons is not an object: ignored',
      'languages[0] has no language_code or code that is a language tag: ignored',
      'languages[1] is not an object: ignored',
      'languages[2] has no language_code or code that is a language tag: ignored',
      'vadEnabled is not true or false: ignored',
    ]);
  });

  it('lists that are not lists are named too', async () => {
    const s = fakeService({ connection: () => json({ avatars_info: { name: 'Ava' }, languages: 'en' }) });
    const config = await value(client(s.fetch).configuration());
    expect(config.problems).to.deep.equal([
      'avatars_info is not a list: no avatar from the service',
      'languages is not a list: no language list from the service',
    ]);
  });

  it('drops javascript: and other non-http(s) icon URLs', async () => {
    const icons = {
      small: 'javascript:alert(1)',
      medium: 'data:image/svg+xml,<svg onload=alert(1)>',
      large: ' java\tscript:x',
    };
    const s = fakeService({ connection: () => json({ avatars_info: [{ _id: 'a', previewIcons: icons }] }) });
    const config = await value(client(s.fetch).configuration());
    expect(config.avatars[0].previewIcons).to.deep.equal({});
    expect(config.problems).to.deep.equal(
      ['small', 'medium', 'large'].map(size => `avatars_info[0].previewIcons.${size} is not an http(s) URL: ignored`),
    );
  });

  it('__proto__ keys pollute nothing and are not copied', async () => {
    const body =
      '{"__proto__":{"polluted":1},"session":"s","avatars_info":[{"_id":"a","__proto__":{"name":"Evil","polluted":2},' +
      '"previewIcons":{"__proto__":{"large":"https://evil.example/x.png"}}}],"languages":[{"__proto__":{"code":"xx"}}]}';
    const s = fakeService({ connection: () => json(body) });
    const config = await value(client(s.fetch).configuration());
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(config.avatars).to.deep.equal([{ id: 'a', previewIcons: {} }]);
    expect(config.languages).to.deep.equal([]);
    expect(Object.getPrototypeOf(config.json)).to.equal(Object.prototype);
    expect(Object.hasOwn(config.json, '__proto__')).to.equal(false);
    expect(Object.hasOwn(config.json.avatars_info as object[][0], '__proto__')).to.equal(false);
    expect((config.json as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('leaves any token out of the copy of the JSON', async () => {
    const s = fakeService({ connection: () => json({ session: 's', jwt: 'secret', nested: { Token: 'secret' } }) });
    const config = await value(client(s.fetch).configuration());
    expect(config.json).to.deep.equal({ session: 's', nested: {} });
  });

  for (const [name, body, message] of [
    ['not JSON', '<html>502</html>', 'the answer is not JSON (it starts "<html>502</html>")'],
    ['an array', '[]', 'the configuration is not a JSON object'],
    ['null', 'null', 'the configuration is not a JSON object'],
    ['a string', '"ok"', 'the configuration is not a JSON object'],
  ] as const)
    it(`an answer that is ${name} is a protocol failure`, async () => {
      const s = fakeService({ connection: () => json(body) });
      const f = await failure(client(s.fetch).configuration());
      expect(f).to.deep.include({ code: 'protocol', reason: 'malformed', endpoint: 'connection' });
      expect(f.message).to.equal(`GET /connection of https://chat.example.com/: ${message}`);
    });

  it('a 2 MB answer is not read: protocol failure, with or without Content-Length', async () => {
    const big = JSON.stringify({ session: 's', avatars_info: [{ _id: 'a', name: 'x'.repeat(2 * 1024 * 1024) }] });
    for (const withLength of [true, false]) {
      const s = fakeService({
        connection: () => {
          if (withLength) return json(big, 200, { 'Content-Length': String(big.length) });
          const bytes = new TextEncoder().encode(big);
          let sent = 0;
          const stream = new ReadableStream<Uint8Array>({
            pull(controller) {
              controller.enqueue(bytes.subarray(sent, sent + 65536));
              sent += 65536;
              if (sent >= bytes.length) controller.close();
            },
          });
          return new Response(stream, { headers: { 'Content-Type': 'application/json' } });
        },
      });
      const f = await failure(client(s.fetch).configuration());
      expect(f, `Content-Length: ${withLength}`).to.deep.include({
        code: 'protocol',
        reason: 'too-large',
        status: 200,
      });
      expect(f.message).to.equal(
        'GET https://chat.example.com/connection: the answer is larger than 1048576 bytes; not read',
      );
    }
  });

  it('reads an answer just under the cap', async () => {
    const pad = 'x'.repeat(1024 * 1024 - 40);
    const body = JSON.stringify({ session: 's', pad });
    expect(body.length).to.be.below(1024 * 1024);
    const s = fakeService({ connection: () => json(body) });
    expect((await value(client(s.fetch).configuration())).session).to.equal('s');
  });
});

describe('ServiceClient: statuses', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => clock.restore());

  /** Runs the call while the fake clock moves on, so backoff and timeouts elapse. */
  async function settle<T>(p: Promise<T>, ms = 120_000): Promise<T> {
    let done = false;
    void p.then(
      () => (done = true),
      () => (done = true),
    );
    for (let t = 0; t < ms && !done; t += 250) await clock.tickAsync(250);
    return p;
  }

  for (const endpoint of ['connection', 'chat'] as const) {
    const call = (c: ServiceClient): Promise<ServiceResult<unknown>> =>
      endpoint === 'connection' ? c.configuration() : c.history();

    it(`/${endpoint}: 402 is a server failure "payment required", not retried`, async () => {
      const s = fakeService({ [endpoint]: () => json({ error: 'pay' }, 402) });
      const f = await failure<unknown>(call(client(s.fetch)));
      expect(f).to.deep.include({ code: 'server', reason: 'payment', endpoint, status: 402, recoverable: false });
      expect(f.message).to.contain(`GET https://chat.example.com/${endpoint}: HTTP 402 (payment required)`);
      expect(f.message).not.to.contain('u-1');
      expect(s.of(endpoint)).to.have.length(1);
    });

    for (const status of [503, 504]) {
      it(`/${endpoint}: ${status} is retried with backoff, then succeeds`, async () => {
        const ok = () => json({ payload: [], ...CONFIG });
        const s = fakeService({ [endpoint]: [() => json({}, status), () => json({}, status), ok] });
        await value(settle(call(client(s.fetch))));
        expect(s.of(endpoint)).to.have.length(3);
      });

      it(`/${endpoint}: ${status} after 3 retries is a recoverable server failure; delays grow`, async () => {
        const times: number[] = [];
        const s = fakeService({
          [endpoint]: () => {
            times.push(clock.now);
            return json({}, status);
          },
        });
        const f = await failure<unknown>(settle(call(client(s.fetch))));
        expect(f).to.deep.include({ code: 'server', reason: 'busy', endpoint, status, recoverable: true });
        expect(f.message).to.contain(`HTTP ${status}`).and.contain('still after 3 retries');
        const gaps = times.slice(1).map((t, i) => t - times[i]);
        // random() = 0.5: three quarters of 500, 1000, 2000 ms
        expect(gaps).to.deep.equal([375, 750, 1500]);
      });
    }

    it(`/${endpoint}: a Retry-After header sets the delay (capped at 8 s)`, async () => {
      const times: number[] = [];
      const stamped = (response: Response) => () => {
        times.push(clock.now);
        return response;
      };
      const s = fakeService({
        [endpoint]: [
          stamped(json({}, 503, { 'Retry-After': '2' })),
          stamped(json({}, 503, { 'Retry-After': '3600' })),
          stamped(json({ payload: [], ...CONFIG })),
        ],
      });
      await value<unknown>(settle(call(client(s.fetch))));
      expect([times[1] - times[0], times[2] - times[1]]).to.deep.equal([2000, 8000]);
    });

    for (const status of [404, 405])
      it(`/${endpoint}: ${status} is a config failure (the service URL is wrong)`, async () => {
        const s = fakeService({ [endpoint]: () => json({}, status) });
        const f = await failure(call(client(s.fetch)));
        expect(f).to.deep.include({ code: 'config', status, recoverable: false });
        expect(f.message).to.contain("is service the API's base URL?");
      });

    for (const [status, recoverable] of [
      [500, true],
      [429, true],
      [418, false],
    ] as const)
      it(`/${endpoint}: ${status} is a server failure (recoverable: ${recoverable})`, async () => {
        const s = fakeService({ [endpoint]: () => json({}, status) });
        const f = await failure<unknown>(call(client(s.fetch)));
        expect(f).to.deep.include({ code: 'server', reason: 'status', status, recoverable });
        expect(s.of(endpoint)).to.have.length(1);
      });

    for (const status of [401, 403]) {
      it(`/${endpoint}: ${status} with an older token fetches a fresh one and retries once`, async () => {
        const s = fakeService({ [endpoint]: [() => json({}, status), () => json({ payload: [], ...CONFIG })] });
        const c = client(s.fetch);
        await value(c.token());
        await value<unknown>(call(c));
        expect(
          s.calls.map(x => `${x.method} ${new URL(x.url).pathname} ${x.headers.Authorization ?? ''}`.trim()),
        ).to.deep.equal(['POST /jwt', `GET /${endpoint} Bearer jwt-1`, 'POST /jwt', `GET /${endpoint} Bearer jwt-2`]);
      });

      it(`/${endpoint}: ${status} again with the fresh token is an auth failure`, async () => {
        const s = fakeService({ [endpoint]: () => json({}, status) });
        const c = client(s.fetch);
        await value(c.token());
        const f = await failure<unknown>(call(c));
        expect(f).to.deep.include({ code: 'auth', reason: 'refused', status, recoverable: false });
        expect(f.message).to.contain('token fetched moments ago').and.not.contain('jwt-');
        expect(s.of('jwt')).to.have.length(2);
        expect(s.of(endpoint)).to.have.length(2);
      });

      it(`/${endpoint}: ${status} with a token fetched for this call is auth at once`, async () => {
        const s = fakeService({ [endpoint]: () => json({}, status) });
        const f = await failure<unknown>(call(client(s.fetch)));
        expect(f.code).to.equal('auth');
        expect([s.of('jwt').length, s.of(endpoint).length]).to.deep.equal([1, 1]);
      });
    }

    it(`/${endpoint}: an expired token (401 after 24 h of use) is replaced without an error`, async () => {
      let now = 0;
      const s = fakeService({ [endpoint]: [() => json({}, 401), () => json({ payload: [], ...CONFIG })] });
      const c = client(s.fetch, { now: () => now, tokenMaxAgeMs: Infinity });
      await value(c.token());
      now += 25 * 3600_000;
      await value<unknown>(call(c));
      expect(s.of('jwt')).to.have.length(2);
    });

    it(`/${endpoint}: a network failure is "service unreachable", never auth`, async () => {
      const s = fakeService({ [endpoint]: () => Promise.reject(new TypeError('Failed to fetch')) });
      const f = await failure<unknown>(call(client(s.fetch)));
      expect(f).to.deep.include({ code: 'socket', reason: 'unreachable', endpoint, recoverable: true });
    });

    it(`/${endpoint}: no answer within 10 s is a timeout (service unreachable)`, async () => {
      const s = fakeService({ [endpoint]: never });
      const c = client(s.fetch);
      await value(c.token()); // the token first: its body is read in a task of its own (Firefox), not on the clock
      const p = call(c);
      await clock.tickAsync(9_999);
      expect(s.of(endpoint)[0].signal.aborted).to.equal(false);
      await clock.tickAsync(1);
      const f = await failure<unknown>(p);
      expect(f).to.deep.include({ code: 'socket', reason: 'timeout', endpoint, recoverable: true });
      expect(f.message).to.contain('no answer within 10 s');
    });

    it(`/${endpoint}: a body that stalls counts against the same 10 s`, async () => {
      const s = fakeService({
        [endpoint]: () =>
          new Response(
            new ReadableStream({
              start(controller) {
                controller.enqueue(new TextEncoder().encode('{"payload":['));
              },
            }),
          ),
      });
      const c = client(s.fetch);
      await value(c.token()); // as above: the 10 s run out on this endpoint's call, not on the token's
      const p = call(c);
      await clock.tickAsync(10_000);
      expect(await failure<unknown>(p)).to.deep.include({ reason: 'timeout', endpoint });
    });
  }

  it("the caller's signal aborts a call and a backoff wait", async () => {
    const s = fakeService({ connection: never });
    const c = client(s.fetch);
    const controller = new AbortController();
    const p = c.configuration({ signal: controller.signal });
    await clock.tickAsync(100);
    controller.abort();
    expect(await failure(p)).to.deep.include({ code: 'socket', reason: 'aborted' });

    const busy = fakeService({ connection: () => json({}, 503) });
    const waiting = new AbortController();
    const q = client(busy.fetch).configuration({ signal: waiting.signal });
    await clock.tickAsync(100);
    waiting.abort();
    expect(await failure(q)).to.deep.include({ reason: 'aborted' });
    expect(busy.of('connection')).to.have.length(1);
  });

  it("a caller's abort while the shared token request runs stops only that caller", async () => {
    let release = (_: Response) => {};
    const s = fakeService({ jwt: () => new Promise<Response>(resolve => (release = resolve)) });
    const c = client(s.fetch);
    const controller = new AbortController();
    const first = c.configuration({ signal: controller.signal });
    const second = c.configuration();
    await clock.tickAsync(10);
    controller.abort();
    expect(await failure(first)).to.deep.include({ code: 'socket', reason: 'aborted', endpoint: 'jwt' });
    release(json({ jwt: 'shared' }));
    expect((await value(second)).session).to.equal('s-1');
    expect(s.of('jwt')).to.have.length(1);
    expect(s.of('connection').map(x => x.headers.Authorization)).to.deep.equal(['Bearer shared']);
  });

  it('a /jwt that is slow or busy delays /connection the same way', async () => {
    const s = fakeService({ jwt: [() => json({}, 504), () => json({ jwt: 'late' })] });
    const config = await value(settle(client(s.fetch).configuration()));
    expect(config.session).to.equal('s-1');
    expect(s.of('connection')[0].headers.Authorization).to.equal('Bearer late');
  });
});

describe('ServiceClient: history', () => {
  const record = (i: number, extra: Record<string, unknown> = {}) => ({
    _id: `r${i}`,
    direction: 'incoming',
    request: `Q${i}`,
    answer: `A${i}`,
    date: 1_700_000_000_000 + i * 1000,
    chat_type: 'text',
    ...extra,
  });

  it('GETs /chat with user_id, per_page=50 and the page, with the Bearer token', async () => {
    const s = fakeService();
    const page = await value(client(s.fetch).history({ page: 2 }));
    const call = s.of('chat')[0];
    expect(call.url).to.equal('https://chat.example.com/chat?user_id=u-1&per_page=50&page=2');
    expect(call.headers).to.deep.equal({ Authorization: 'Bearer jwt-1' });
    expect(page).to.deep.equal({ page: 2, records: [], entries: [], hasMore: false, problems: [] });
  });

  it("turns records into entries, oldest first: the user's request, then the avatar's answer", async () => {
    const s = fakeService({
      chat: () =>
        json({
          payload: [
            record(3, { chat_type: 'voice', fileUrl: 'https://cdn.example/a3.mp3' }),
            record(2, { answer: undefined, fileUrl: '/media/v2.mp4' }),
            record(1, { chat_type: 'video', fileUrl: 'https://cdn.example/a1' }),
          ],
          has_more_messages: true,
        }),
    });
    const page = await value(client(s.fetch).history());
    expect(page.hasMore).to.equal(true);
    expect(page.records.map(r => r.id)).to.deep.equal(['r1', 'r2', 'r3']);
    const t = (i: number) => 1_700_000_000_000 + i * 1000;
    expect(page.entries).to.deep.equal([
      { id: 'r1:request', role: 'user', kind: 'text', text: 'Q1', time: t(1) },
      {
        id: 'r1:answer',
        role: 'avatar',
        kind: 'text',
        text: 'A1',
        time: t(1),
        media: { url: 'https://cdn.example/a1', type: 'video' },
      },
      {
        id: 'r2:request',
        role: 'user',
        kind: 'text',
        text: 'Q2',
        time: t(2),
        media: { url: 'https://chat.example.com/media/v2.mp4', type: 'video' },
      },
      { id: 'r3:request', role: 'user', kind: 'voice', text: 'Q3', time: t(3) },
      {
        id: 'r3:answer',
        role: 'avatar',
        kind: 'text',
        text: 'A3',
        time: t(3),
        media: { url: 'https://cdn.example/a3.mp3', type: 'audio' },
      },
    ]);
  });

  it('keeps an oldest-first page in order, and names every bad record', async () => {
    const s = fakeService({
      chat: () =>
        json({
          payload: [
            record(1),
            'x',
            { _id: 'empty', request: ' ', answer: null, date: 1 },
            record(2, { date: 'soon' }),
            record(3, { fileUrl: 'javascript:alert(1)', date: 1_700_000_010 }),
            { __proto__: { request: 'evil' }, _id: 'p', date: 5 },
          ],
          has_more_messages: 'yes',
        }),
    });
    const page = await value(client(s.fetch, { now: () => 1_800_000_000_000 }).history());
    expect(page.records.map(r => [r.id, r.date])).to.deep.equal([
      ['r1', 1_700_000_001_000],
      ['r3', 1_700_000_010_000],
      ['r2', 1_800_000_000_000],
    ]);
    expect(page.records[1].fileUrl).to.equal(undefined);
    expect(page.hasMore).to.equal(false);
    expect(page.problems).to.deep.equal([
      'payload[1] is not an object: ignored',
      'payload[2] has neither request nor answer text: ignored',
      'payload[3].date is not a time in ms: shown as now',
      'payload[4].fileUrl is not an http(s) URL: ignored',
      'payload[5] has neither request nor answer text: ignored',
      'has_more_messages is not true or false: read as false',
    ]);
    expect(({} as Record<string, unknown>).request).to.equal(undefined);
  });

  for (const [name, body] of [
    ['no payload', { has_more_messages: false }],
    ['a payload that is not a list', { payload: { _id: 'x' } }],
    ['a list', [record(1)]],
  ] as const)
    it(`an answer with ${name} is a protocol failure`, async () => {
      const s = fakeService({ chat: () => json(body) });
      const f = await failure(client(s.fetch).history());
      expect(f).to.deep.include({ code: 'protocol', reason: 'malformed', endpoint: 'chat' });
      expect(f.message).to.contain('not an object with a payload list');
    });
});
