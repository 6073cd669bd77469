// The reference server (demo/server) through the WTR plugin, with raw browser WebSockets and fetch.
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { base64Of, makeWav } from './helpers/audio.js';

/** A 16-bit mono PCM WAV with a 440 Hz tone, as base64. */
const wavBase64 = (rate: number, seconds: number) =>
  base64Of(makeWav(rate, seconds, i => 0.25 * Math.sin((2 * Math.PI * 440 * i) / rate)));

const cmd = <R>(command: string, payload?: unknown) => executeServerCommand<R, unknown>(command, payload);
let seq = 0;
const newClient = () => `server-test-${Date.now().toString(36)}-${seq++}`;

let origin = '';
let wsBase = '';
before(async () => {
  origin = await cmd<string>('chat-origin');
  wsBase = origin.replace('http:', 'ws:') + '/ws/chat';
});

/** Opens a socket; rejects with the close code when it closes before opening. */
function connect(client: string, query = ''): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${wsBase}?client=${client}${query}`);
    ws.onopen = () => resolve(ws);
    ws.onclose = e => reject(new Error(`closed ${e.code} before open`));
  });
}
const failsToConnect = (client: string, query = '') =>
  connect(client, query).then(
    ws => (ws.close(), false),
    () => true,
  );
const nextMessage = (ws: WebSocket) =>
  new Promise<string>(resolve => ws.addEventListener('message', e => resolve(e.data as string), { once: true }));
const closed = (ws: WebSocket) =>
  new Promise<CloseEvent>(resolve => ws.addEventListener('close', e => resolve(e), { once: true }));
async function turn(ws: WebSocket, frame: unknown) {
  const reply = nextMessage(ws);
  ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  return JSON.parse(await reply);
}

const textTurn = (request: string, extra: Record<string, unknown> = {}) => ({
  avatar_id: 'av-1',
  user_id: 'u-1',
  chat_type: 'text',
  language: 'en',
  request,
  requestType: 'text',
  source: 'server-test',
  isLive: false,
  ...extra,
});

const voiceTurn = (file_base64_data: string) => ({
  avatar_id: 'av-1',
  user_id: 'u-1',
  chat_type: 'voice',
  language: 'en',
  requestType: 'audio',
  source: 'server-test',
  isLive: false,
  isPushToTalk: true,
  file_base64_data,
});

describe('reference chat server', () => {
  it('answers a valid text turn with text, a media URL and a session, and records the exact frames', async () => {
    const client = newClient();
    const ws = await connect(client);
    const first = await turn(ws, textTurn('Hello there'));
    expect(first.type).to.equal('incoming');
    expect(first.answer).to.contain('Hello there');
    expect(first.fileUrl).to.equal(`${origin}/media/reply.wav`);
    expect(first.session).to.match(/^s-.+/);
    const second = await turn(ws, textTurn('Again', { session: 'my-session' }));
    expect(second.session).to.equal('my-session');
    expect(await cmd('chat-frames', { client })).to.deep.equal([
      JSON.stringify(textTurn('Hello there')),
      JSON.stringify(textTurn('Again', { session: 'my-session' })),
    ]);
    expect(await cmd('chat-log', { client })).to.deep.equal(['text turn ok', 'text turn ok']);
    ws.close();
  });

  it('answers invalid frames with an error frame (no status) and keeps the socket open', async () => {
    const client = newClient();
    const ws = await connect(client);
    const missing: Record<string, unknown> = textTurn('x');
    delete missing.avatar_id;
    const e1 = await turn(ws, missing);
    expect(e1).to.deep.equal({ type: 'error', error: 'missing avatar_id' });
    const { user_id, avatar_id, ...rest } = textTurn('x');
    const e2 = await turn(ws, { user_id, avatar_id, ...rest });
    expect(e2.error).to.contain('wrong key order');
    const e3 = await turn(ws, textTurn('x', { isLive: true }));
    expect(e3.error).to.contain('isLive must be false');
    const e4 = await turn(ws, 'not json');
    expect(e4).to.deep.equal({ type: 'error', error: 'frame is not JSON' });
    expect(ws.readyState).to.equal(WebSocket.OPEN);
    // Extra keys are allowed but noted.
    expect((await turn(ws, textTurn('still here', { trace: 1 }))).answer).to.contain('still here');
    const log = await cmd<string[]>('chat-log', { client });
    expect(log.slice(0, 4).every(line => line.startsWith('INVALID: '))).to.equal(true);
    expect(log[4]).to.equal('text turn ok (extra keys: trace)');
    ws.close();
  });

  it('answers a 16 kHz voice turn with a quoted transcript and rejects a 44.1 kHz WAV', async () => {
    const client = newClient();
    const ws = await connect(client);
    const ok = await turn(ws, voiceTurn(wavBase64(16000, 0.5)));
    expect(ok.type).to.equal('incoming');
    expect(ok.answer.startsWith('>(voice message, 0.5 s)\n\n')).to.equal(true);
    expect(ok.fileUrl).to.equal(`${origin}/media/reply.wav`);
    const bad = await turn(ws, voiceTurn(wavBase64(44100, 0.2)));
    expect(bad.type).to.equal('error');
    expect(bad.error).to.contain('44100');
    const dataUrl = await turn(ws, voiceTurn(`data:audio/wav;base64,${wavBase64(16000, 0.1)}`));
    expect(dataUrl.error).to.contain('data: URL');
    expect(await cmd('chat-log', { client })).to.deep.equal([
      'voice turn ok 0.50 s 16000 Hz',
      'INVALID: WAV sample rate is 44100 Hz, expected 16000',
      'INVALID: file_base64_data must be plain base64, not a data: URL',
    ]);
    ws.close();
  });

  it('refuses the next N upgrades with refuse: N, then accepts', async () => {
    const client = newClient();
    await cmd('chat-behaviour', { client, refuse: 2 });
    expect(await failsToConnect(client)).to.equal(true);
    expect(await failsToConnect(client)).to.equal(true);
    const ws = await connect(client);
    expect(await cmd('chat-sockets', { client })).to.equal(1);
    ws.close();
  });

  it('answers with a status error, sends no reply with reply: false, and drops after N frames', async () => {
    const client = newClient();
    const ws = await connect(client);
    await cmd('chat-behaviour', { client, status: 503 });
    const e = await turn(ws, textTurn('busy?'));
    expect(e).to.deep.include({ type: 'error', status: 503 });
    await cmd('chat-behaviour', { client, status: null, reply: false });
    const first = nextMessage(ws);
    ws.send(JSON.stringify(textTurn('silence')));
    await waitUntil(async () => (await cmd<string[]>('chat-frames', { client })).length === 2);
    await cmd('chat-send', { client, data: { type: 'marker' } });
    expect(JSON.parse(await first)).to.deep.equal({ type: 'marker' });
    await cmd('chat-behaviour', { client, reply: null, dropAfter: 1 });
    const gone = closed(ws);
    ws.send(JSON.stringify(textTurn('bye')));
    expect((await gone).code).to.equal(1006);
    expect(await cmd('chat-sockets', { client })).to.equal(0);
  });

  it('counts open sockets and closes them with a code and reason', async () => {
    const client = newClient();
    const a = await connect(client);
    const b = await connect(client);
    expect(await cmd('chat-sockets', { client })).to.equal(2);
    const [ca, cb] = [closed(a), closed(b)];
    expect(await cmd('chat-close', { client, code: 4001, reason: 'bye' })).to.equal(2);
    for (const e of await Promise.all([ca, cb])) expect([e.code, e.reason]).to.deep.equal([4001, 'bye']);
    expect(await cmd('chat-sockets', { client })).to.equal(0);
  });

  it('stops and starts again on the same port', async () => {
    const client = newClient();
    const port = await cmd<number>('chat-port');
    const ws = await connect(client);
    const gone = closed(ws);
    await cmd('chat-stop');
    await gone;
    expect(await failsToConnect(client)).to.equal(true);
    expect(await cmd('chat-start')).to.equal(port);
    const again = await connect(client);
    expect((await turn(again, textTurn('back'))).answer).to.contain('back');
    again.close();
  });

  it('serves /media/reply.wav as real, speech-like audio, with ranges, and the failure media', async () => {
    const res = await fetch(`${origin}/media/reply.wav`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('audio/wav');
    const bytes = await res.arrayBuffer();
    const size = bytes.byteLength; // decodeAudioData detaches the buffer
    expect(Number(res.headers.get('content-length'))).to.equal(size);
    const audio = await new OfflineAudioContext(1, 1, 24000).decodeAudioData(bytes);
    expect(audio.duration).to.be.closeTo(1.5, 0.05);
    // Syllables: count silent → loud transitions of the 20 ms RMS envelope.
    const data = audio.getChannelData(0);
    const win = Math.round(audio.sampleRate * 0.02);
    let onsets = 0;
    let loud = false;
    for (let i = 0; i + win <= data.length; i += win) {
      let sum = 0;
      for (let j = i; j < i + win; j++) sum += data[j] * data[j];
      const rms = Math.sqrt(sum / win);
      if (!loud && rms > 0.05) onsets++;
      if (rms > 0.05) loud = true;
      else if (rms < 0.01) loud = false;
    }
    expect(onsets).to.equal(5);

    const part = await fetch(`${origin}/media/reply.wav`, { headers: { Range: 'bytes=0-43' } });
    expect(part.status).to.equal(206);
    expect(part.headers.get('content-range')).to.equal(`bytes 0-43/${size}`);
    const head = new Uint8Array(await part.arrayBuffer());
    expect(String.fromCharCode(...head.subarray(0, 4))).to.equal('RIFF');
    expect(head.length).to.equal(44);

    expect((await fetch(`${origin}/media/missing.wav`)).status).to.equal(404);
    const broken = await (await fetch(`${origin}/media/broken.wav`)).arrayBuffer();
    const decoded = await new OfflineAudioContext(1, 1, 24000).decodeAudioData(broken).then(
      () => true,
      () => false,
    );
    expect(decoded).to.equal(false);
  });

  it('issues tokens at POST /auth and requires them when told to', async () => {
    const client = newClient();
    const res = await fetch(`${origin}/auth?client=${client}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user_id: 'u-1', project_id: 'p-1' }),
    });
    const body = await res.json();
    expect(body.result).to.equal('success');
    expect(body.jwt).to.be.a('string').and.not.equal('');
    expect(await cmd('chat-auth-calls', { client })).to.equal(1);
    await cmd('chat-behaviour', { client, requireToken: true });
    expect(await failsToConnect(client)).to.equal(true);
    const token = `&token=${encodeURIComponent(body.jwt)}`;
    (await connect(client, token)).close();
    await cmd('chat-behaviour', { client, expireTokens: true });
    expect(await failsToConnect(client, token)).to.equal(true);
  });

  it('serves static files with the strict CSP under /csp/ and refuses traversal', async () => {
    const plain = await fetch(`${origin}/test/server.test.ts`);
    expect(plain.status).to.equal(200);
    expect(plain.headers.get('content-security-policy')).to.equal(null);
    const strict = await fetch(`${origin}/csp/test/server.test.ts`);
    expect(strict.headers.get('content-security-policy')).to.contain("script-src 'self';");
    const blob = await fetch(`${origin}/csp-blob/test/server.test.ts`);
    expect(blob.headers.get('content-security-policy')).to.contain("script-src 'self' blob:;");
    const tt = await fetch(`${origin}/csp-tt/test/server.test.ts`);
    expect(tt.headers.get('content-security-policy')).to.contain("require-trusted-types-for 'script'");
    expect((await fetch(`${origin}/dist/..%2fpackage.json`)).status).to.equal(404);
    expect((await fetch(`${origin}/demo/server/server.mjs`)).status).to.equal(404);
  });

  it('takes the same commands over HTTP at /control/* (for the demo page)', async () => {
    const client = newClient();
    const ws = await connect(client);
    const post = (path: string, body?: unknown) =>
      fetch(`${origin}/control/${path}`, {
        method: 'POST',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const error = nextMessage(ws);
    expect(await (await post(`error?client=${client}&status=503`)).json()).to.equal(1);
    expect(JSON.parse(await error)).to.deep.include({ type: 'error', status: 503 });
    expect(await (await post(`behaviour?client=${client}`, { status: 402 })).json()).to.deep.equal({ status: 402 });
    expect((await turn(ws, textTurn('pay?'))).status).to.equal(402);
    expect((await post(`behaviour?client=${client}`, { nonsense: 1 })).status).to.equal(400);
    const gone = closed(ws);
    expect(await (await post(`drop?client=${client}`)).json()).to.equal(1);
    expect((await gone).code).to.equal(1006);
  });
});
