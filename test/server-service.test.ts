// The reference server's REST side of service mode (/jwt, /connection, /chat), through the WTR plugin, with the
// browser's own fetch (cross-origin: the test page is served from another port, so CORS is real).
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { base64Of, makeWav } from './helpers/audio.js';

const cmd = <R>(command: string, payload?: unknown) => executeServerCommand<R, unknown>(command, payload);
let seq = 0;
const newClient = () => `rest-${Date.now().toString(36)}-${seq++}`;

let origin = '';
before(async () => {
  origin = await cmd<string>('chat-origin');
});

const base = (client: string) => `${origin}/c/${client}`;
const post = (client: string, body: unknown = { user_id: 'u-1', project_id: 'demo' }) =>
  fetch(`${base(client)}/jwt`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
async function token(client: string, userId = 'u-1') {
  const res = await post(client, { user_id: userId, project_id: 'demo' });
  expect(res.status).to.equal(200);
  return (await res.json()).jwt as string;
}
const get = (client: string, path: string, jwt?: string) =>
  fetch(`${base(client)}/${path}`, { headers: jwt ? { Authorization: `Bearer ${jwt}` } : {} });
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function connect(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.onopen = () => resolve(ws);
    ws.onclose = e => reject(new Error(`closed ${e.code} before open`));
  });
}
async function turn(ws: WebSocket, frame: unknown) {
  const reply = new Promise<string>(resolve =>
    ws.addEventListener('message', e => resolve(e.data as string), { once: true }),
  );
  ws.send(JSON.stringify(frame));
  return JSON.parse(await reply);
}
const textTurn = (request: string, userId = 'u-1') => ({
  avatar_id: 'ava',
  user_id: userId,
  chat_type: 'text',
  language: 'en',
  request,
  requestType: 'text',
  source: 'server-test',
  isLive: false,
});

describe('reference server: service mode REST', () => {
  it('POST /jwt issues a token for {"user_id","project_id"} (as `token` when told to), and checks the body', async () => {
    const client = newClient();
    const res = await post(client);
    const body = await res.json();
    expect(body.result).to.equal('success');
    expect(body.jwt).to.match(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await cmd('chat-behaviour', { client, jwtField: 'token' });
    expect(Object.keys(await (await post(client)).json())).to.deep.equal(['result', 'token']);
    expect((await post(client, 'nope')).status).to.equal(400);
    expect((await post(client, { project_id: 'demo' })).status).to.equal(400);
    expect((await fetch(`${base(client)}/jwt`)).status).to.equal(405);
    expect(await cmd('chat-rest-calls', { client })).to.deep.equal([
      'POST /jwt 200',
      'POST /jwt 200',
      'POST /jwt 400',
      'POST /jwt 400',
      'GET /jwt 405',
    ]);
  });

  it('GET /connection serves the configuration with a Bearer token, through a CORS preflight', async () => {
    const client = newClient();
    const jwt = await token(client);
    // the test page is on another port: Chromium sends a preflight for the Authorization header, and refuses the
    // answer unless the server allows that header and any origin
    const res = await get(client, 'connection', jwt);
    expect(res.status).to.equal(200);
    const config = await res.json();
    expect(config.session).to.match(/^s-/);
    expect(config).to.deep.equal({
      session: config.session,
      avatars_info: [
        {
          _id: 'ava',
          name: 'Ava',
          greetingText: "Hi, I'm Ava. Ask me anything, by text or by voice.",
          previewIcons: {
            small: `${origin}/media/ava.svg`,
            medium: `${origin}/media/ava.svg`,
            large: `${origin}/media/ava.svg`,
          },
        },
      ],
      languages: [
        { name: 'English', language_code: 'en' },
        { name: 'Deutsch', language_code: 'de' },
        { name: 'Français', language_code: 'fr' },
      ],
      vadEnabled: false,
    });
    const again = await (await get(client, 'connection', jwt)).json();
    expect(again.session).not.to.equal(config.session);
    const icon = await fetch(config.avatars_info[0].previewIcons.large);
    expect(icon.headers.get('content-type')).to.equal('image/svg+xml');
    const img = new Image();
    img.src = URL.createObjectURL(await icon.blob());
    await img.decode();
    expect([img.naturalWidth, img.naturalHeight]).to.deep.equal([128, 128]);
  });

  it('the configuration is settable through the `config` switch', async () => {
    const client = newClient();
    const jwt = await token(client);
    const languages = [{ name: 'English', code: 'en' }];
    await cmd('chat-behaviour', { client, config: { vadEnabled: true, languages, session: 'fixed' } });
    const config = await (await get(client, 'connection', jwt)).json();
    expect([config.vadEnabled, config.languages, config.session]).to.deep.equal([true, languages, 'fixed']);
    expect(config.avatars_info[0].name).to.equal('Ava');
    await cmd('chat-behaviour', { client, config: null });
    expect((await (await get(client, 'connection', jwt)).json()).vadEnabled).to.equal(false);
  });

  it('checks the Bearer token: none or unknown → 401, expired → 403, on /connection and /chat', async () => {
    const client = newClient();
    for (const path of ['connection', 'chat?user_id=u-1']) {
      expect((await get(client, path)).status, path).to.equal(401);
      expect((await get(client, path, 'made-up')).status, path).to.equal(401);
    }
    await cmd('chat-behaviour', { client, tokenTtlMs: 150 });
    const jwt = await token(client);
    expect((await get(client, 'connection', jwt)).status).to.equal(200);
    await sleep(200);
    for (const path of ['connection', 'chat?user_id=u-1']) {
      const res = await get(client, path, jwt);
      expect([res.status, (await res.json()).error], path).to.deep.equal([403, 'token expired']);
    }
    const fresh = await token(client);
    expect((await get(client, 'connection', fresh)).status).to.equal(200);
    await cmd('chat-behaviour', { client, expireTokens: true });
    expect((await get(client, 'connection', fresh)).status).to.equal(401);
  });

  it('the socket at /c/<client>/ws/chat takes only valid tokens when requireToken is set', async () => {
    const client = newClient();
    // a TTL that outlasts Firefox's delay before it reconnects to a host that just refused a socket (200 ms and up)
    await cmd('chat-behaviour', { client, requireToken: true, tokenTtlMs: 1500 });
    const ws = `${base(client).replace('http:', 'ws:')}/ws/chat`;
    let refused = await connect(ws).then(
      s => (s.close(), false),
      () => true,
    );
    expect(refused, 'no token').to.equal(true);
    const jwt = await token(client);
    const socket = await connect(`${ws}?token=${encodeURIComponent(jwt)}`);
    expect((await turn(socket, textTurn('hi'))).answer).to.equal('You said: hi');
    socket.close();
    await sleep(1550);
    refused = await connect(`${ws}?token=${encodeURIComponent(jwt)}`).then(
      s => (s.close(), false),
      () => true,
    );
    expect(refused, 'expired token').to.equal(true);
  });

  it('GET /chat pages through the turns the socket answered, per user_id, newest first', async () => {
    const client = newClient();
    const socket = await connect(`${base(client).replace('http:', 'ws:')}/ws/chat`);
    const before = Date.now();
    for (const q of ['one', 'two', 'three']) await turn(socket, textTurn(q));
    await turn(socket, textTurn('other user', 'u-2'));
    socket.close();
    const jwt = await token(client);
    const page = async (n: number) => (await get(client, `chat?user_id=u-1&per_page=2&page=${n}`, jwt)).json();
    const first = await page(1);
    expect(first.has_more_messages).to.equal(true);
    expect(first.payload.map((r: { request: string }) => r.request)).to.deep.equal(['three', 'two']);
    const r = first.payload[0];
    expect(Object.keys(r).sort()).to.deep.equal([
      '_id',
      'answer',
      'chat_type',
      'date',
      'direction',
      'fileUrl',
      'request',
    ]);
    expect([r.direction, r.answer, r.chat_type, r.fileUrl]).to.deep.equal([
      'incoming',
      'You said: three',
      'text',
      `${origin}/media/reply.wav`,
    ]);
    expect(r.date).to.be.within(before, Date.now());
    const second = await page(2);
    expect([second.payload.map((x: { request: string }) => x.request), second.has_more_messages]).to.deep.equal([
      ['one'],
      false,
    ]);
    expect((await page(3)).payload).to.deep.equal([]);
    const other = await (await get(client, 'chat?user_id=u-2', jwt)).json();
    expect(other.payload.map((x: { request: string }) => x.request)).to.deep.equal(['other user']);
    for (const bad of [
      'chat',
      'chat?user_id=u-1&per_page=0',
      'chat?user_id=u-1&per_page=101',
      'chat?user_id=u-1&page=0',
    ])
      expect((await get(client, bad, jwt)).status, bad).to.equal(400);
  });

  it('a voice turn becomes history as its placeholder transcript and the answer after the quote', async () => {
    const client = newClient();
    const socket = await connect(`${base(client).replace('http:', 'ws:')}/ws/chat`);
    const reply = await turn(socket, {
      avatar_id: 'ava',
      user_id: 'u-1',
      chat_type: 'voice',
      language: 'en',
      requestType: 'audio',
      source: 'server-test',
      isLive: false,
      isPushToTalk: true,
      file_base64_data: base64Of(makeWav(16000, 0.5)),
    });
    socket.close();
    expect(reply.answer).to.equal('>(voice message, 0.5 s)\n\nI heard 0.5 s of audio.');
    const [record] = await cmd<Record<string, unknown>[]>('chat-history', { client, user_id: 'u-1' });
    expect([record.request, record.answer, record.chat_type]).to.deep.equal([
      '(voice message, 0.5 s)',
      'I heard 0.5 s of audio.',
      'voice',
    ]);
  });

  it('history can be seeded and read through the control API', async () => {
    const client = newClient();
    const records = [{ _id: 'r1', direction: 'incoming', request: 'Q', answer: 'A', date: 1, chat_type: 'text' }];
    expect(await cmd('chat-history', { client, user_id: 'u-9', records })).to.deep.equal(records);
    const jwt = await token(client);
    expect(await (await get(client, 'chat?user_id=u-9', jwt)).json()).to.deep.equal({
      payload: records,
      has_more_messages: false,
    });
    await cmd('chat-reset', { client });
    expect(await cmd('chat-history', { client, user_id: 'u-9' })).to.deep.equal([]);
  });

  for (const endpoint of ['jwt', 'connection', 'chat'])
    it(`/${endpoint}: status switches (402, 403, 503, 504; a list is used up one request at a time) and slow answers`, async () => {
      const client = newClient();
      const jwt = await token(client);
      const call = () => (endpoint === 'jwt' ? post(client) : get(client, `${endpoint}?user_id=u-1`, jwt));
      for (const status of [402, 403, 503, 504]) {
        await cmd('chat-behaviour', { client, [`${endpoint}Status`]: status });
        const res = await call();
        expect([res.status, (await res.json()).result]).to.deep.equal([status, 'error']);
      }
      await cmd('chat-behaviour', { client, [`${endpoint}Status`]: [503, 504] });
      expect([(await call()).status, (await call()).status, (await call()).status]).to.deep.equal([503, 504, 200]);
      await cmd('chat-behaviour', { client, [`${endpoint}DelayMs`]: 400 });
      const t = performance.now();
      expect((await call()).status).to.equal(200);
      expect(performance.now() - t).to.be.at.least(390);
    });

  it('serves malformed answers when told to', async () => {
    const client = newClient();
    const jwt = await token(client);
    const body = async (endpoint: string, kind: string) => {
      await cmd('chat-behaviour', { client, [`${endpoint}Malformed`]: kind });
      const res = endpoint === 'jwt' ? await post(client) : await get(client, `${endpoint}?user_id=u-1`, jwt);
      await cmd('chat-behaviour', { client, [`${endpoint}Malformed`]: null });
      expect(res.status).to.equal(200);
      return { type: res.headers.get('content-type'), text: await res.text() };
    };
    for (const endpoint of ['jwt', 'connection', 'chat']) {
      const html = await body(endpoint, 'not-json');
      expect([html.type, html.text]).to.deep.equal([
        'text/html; charset=utf-8',
        '<html><body>Bad gateway</body></html>',
      ]);
      expect((await body(endpoint, 'huge')).text.length).to.be.above(2 * 1024 * 1024);
      expect((await body(endpoint, 'proto')).text).to.match(/^\{"__proto__":/);
    }
    expect(JSON.parse((await body('jwt', 'wrong-types')).text).jwt).to.equal(42);
    expect(JSON.parse((await body('connection', 'wrong-types')).text)).to.deep.equal({
      session: 42,
      avatars_info: { name: 'Ava' },
      languages: 'en',
      vadEnabled: 'yes',
    });
    expect(JSON.parse((await body('chat', 'wrong-types')).text)).to.deep.equal({
      payload: 'none',
      has_more_messages: 'yes',
    });
    const icons = JSON.parse((await body('connection', 'javascript-icon')).text).avatars_info[0].previewIcons;
    expect(Object.values(icons).every(u => String(u).startsWith('javascript:'))).to.equal(true);
  });

  it('refuses unusable switch values with a precise message', async () => {
    const client = newClient();
    for (const [switches, message] of [
      [{ connectionMalformed: 'nope' }, 'connectionMalformed must be one of'],
      [{ jwtMalformed: 'javascript-icon' }, 'for connectionMalformed only'],
      [{ chatStatus: 'busy' }, 'chatStatus must be an HTTP status'],
      [{ jwtField: 'key' }, 'jwtField must be'],
    ] as const) {
      const res = await fetch(`${origin}/control/behaviour?client=${client}`, {
        method: 'POST',
        body: JSON.stringify(switches),
      });
      expect([res.status, await res.text()]).to.satisfy(
        ([status, text]: [number, string]) => status === 400 && text.includes(message),
      );
    }
  });
});
