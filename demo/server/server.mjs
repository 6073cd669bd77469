// Reference Chat Mode server: a DEVELOPMENT TOOL for the demo and the tests, not a product.
// One http.Server: static files (dist/, demo/, test/), generated media, POST /auth, /control/* and the
// WebSocket at /ws/chat (ws, noServer, so upgrades can be refused with a real HTTP status).
// Connections are grouped by the `client` query parameter (default 'default').
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { avatarSvg, brokenAudio, speechLikeWav } from './media.mjs';
import { DAY_MS, SERVICE_SWITCHES, checkServiceSwitch, createServiceApi } from './service-api.mjs';
import { validateFrame } from './validate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Strict CSP for pages under /csp/ (no inline script or style; worklets count as scripts). */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; " +
  "media-src 'self' blob: data:; img-src 'self' data:";
/** The same, but allowing blob: scripts (the inline worklet), for pages under /csp-blob/. */
export const CSP_BLOB = CSP.replace("script-src 'self'", "script-src 'self' blob:");
/** The strict CSP plus Trusted Types (no string reaches an HTML/script sink unchecked), for /csp-tt/. */
export const CSP_TT = `${CSP}; require-trusted-types-for 'script'`;
const CSPS = { csp: CSP, 'csp-blob': CSP_BLOB, 'csp-tt': CSP_TT };

/** Error texts for the `status` switch (the service's documented statuses). */
export const STATUS_TEXT = {
  401: 'unauthorized',
  402: 'payment required',
  403: 'token expired',
  503: 'all avatars are busy, try later',
  504: 'timeout',
};

const SWITCHES = [
  'refuse',
  'refuseStatus',
  'delayMs',
  'reply',
  'status',
  'dropAfter',
  'requireToken',
  'expireTokens',
  'authStatus',
  ...SERVICE_SWITCHES,
];
const STATIC_DIRS = ['dist', 'demo', 'test'];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.webm': 'video/webm',
  '.mp4': 'video/mp4',
  '.woff2': 'font/woff2',
};
const rand = n => randomBytes(n).toString('base64url');

/**
 * Starts the reference server.
 * @returns the server: `port`, `origin`, `wsUrl(client)`, `start()`, `stop()`, `close()`,
 *   `command(name, payload)` (the test/control API, see README.md) and shortcuts for it.
 */
export async function startChatServer({
  host = '127.0.0.1',
  port = 0,
  root = ROOT,
  log = console.log,
  quiet = false,
  tokenTtlMs = DAY_MS,
} = {}) {
  root = path.resolve(root);
  /**
   * client id -> { sockets: Set<WebSocket>, frames: string[], log: string[], behaviour: {}, authCalls,
   *   restCalls: string[], history: Map<user_id, record[]> }
   */
  const clients = new Map();
  /** every token issued by /auth or /jwt -> { expiresAt, userId } */
  const tokens = new Map();
  const media = {
    '/media/reply.wav': { type: 'audio/wav', body: speechLikeWav() },
    '/media/broken.wav': { type: 'audio/wav', body: brokenAudio },
    '/media/ava.svg': { type: 'image/svg+xml', body: avatarSvg },
  };
  let nextId = 1;

  const state = client =>
    clients.get(client) ??
    clients
      .set(client, {
        sockets: new Set(),
        frames: [],
        log: [],
        behaviour: {},
        authCalls: 0,
        restCalls: [],
        history: new Map(),
      })
      .get(client);
  const openSockets = client => [...state(client).sockets].filter(ws => ws.readyState === ws.OPEN);
  /** Logs a line (unless quiet); `record` also keeps it for chat-log. */
  const say = (client, line, record = false) => {
    if (record) state(client).log.push(line);
    if (!quiet) log(`[chat] ${client} ${line}`);
  };

  const serviceApi = createServiceApi({ state, tokens, say, tokenTtlMs, readBody, sendJson, sendRaw });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 32 << 20 });
  const server = http.createServer((req, res) =>
    handleHttp(req, res).catch(err => {
      if (!quiet) log(`[chat] http error: ${err?.stack ?? err}`);
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    }),
  );
  server.on('upgrade', onUpgrade);

  // ---- WebSocket ------------------------------------------------------------------------------------------

  function onUpgrade(req, socket, head) {
    socket.on('error', () => {});
    const url = new URL(req.url, 'http://x');
    const group = clientGroup(url);
    const client = group.client;
    const refuse = (status, why) => {
      say(client, `upgrade refused: HTTP ${status} (${why})`);
      socket.once('finish', () => socket.destroy()); // as ws does: do not wait for the client's FIN
      socket.end(
        `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\n` +
          `Content-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(why)}\r\n\r\n${why}`,
      );
    };
    if (group.path !== '/ws/chat') return refuse(404, 'the socket is at /ws/chat');
    const b = state(client).behaviour;
    if (b.refuse > 0) {
      b.refuse--;
      return refuse(b.refuseStatus ?? 503, 'refused by the refuse switch');
    }
    const token = url.searchParams.get('token');
    if (b.requireToken && serviceApi.tokenState(token) !== 'valid')
      return refuse(401, token ? `${serviceApi.tokenState(token)} token` : 'token required');
    wss.handleUpgrade(req, socket, head, ws => onConnection(ws, req, client, !!token));
  }

  function onConnection(ws, req, client, withToken) {
    const st = state(client);
    const conn = { id: nextId++, session: null, origin: requestOrigin(req) };
    st.sockets.add(ws);
    say(client, `#${conn.id} connected${withToken ? ' with a token' : ''}`);
    ws.on('error', () => {});
    ws.on('close', (code, reason) => {
      st.sockets.delete(ws);
      say(client, `#${conn.id} closed ${code}${reason.length ? ` ${reason}` : ''}`);
    });
    ws.on('message', (data, isBinary) => onFrame(ws, conn, client, data, isBinary));
  }

  function onFrame(ws, conn, client, data, isBinary) {
    const st = state(client);
    const b = st.behaviour;
    const text = isBinary ? `<binary ${data.length}>` : data.toString('utf8');
    st.frames.push(text);
    let answer;
    if (isBinary) {
      say(client, `#${conn.id} INVALID: binary frame (${data.length} bytes)`);
      st.log.push(`INVALID: binary frame (${data.length} bytes)`);
      answer = { type: 'error', error: 'binary frames are not part of Chat Mode' };
    } else {
      const v = validateFrame(text);
      const extra = v.extra.length ? ` (extra keys: ${v.extra.join(', ')})` : '';
      if (!v.ok) {
        st.log.push(`INVALID: ${v.errors.join('; ')}${extra}`);
        say(client, `#${conn.id} INVALID: ${v.errors.join('; ')}${extra}`);
        answer = { type: 'error', error: v.errors.join('; ') };
      } else {
        const line =
          v.kind === 'text' ? 'text turn ok' : `voice turn ok ${v.wav.seconds.toFixed(2)} s ${v.wav.rate} Hz`;
        st.log.push(line + extra);
        say(client, `#${conn.id} ${line}${extra}`);
        answer = replyTo(conn, v, b);
        if (answer?.type === 'incoming') recordHistory(client, v, answer);
      }
    }
    if (b.dropAfter > 0 && --b.dropAfter === 0) {
      delete b.dropAfter;
      say(client, `#${conn.id} terminated by the dropAfter switch`);
      return ws.terminate();
    }
    if (!answer) return;
    const send = () => ws.readyState === ws.OPEN && ws.send(JSON.stringify(answer));
    if (b.delayMs > 0) setTimeout(send, b.delayMs);
    else send();
  }

  function replyTo(conn, { kind, turn, wav }, b) {
    if (b.status) return { type: 'error', status: b.status, error: STATUS_TEXT[b.status] ?? `error ${b.status}` };
    if (b.reply === false) return null;
    conn.session = turn.session ?? conn.session ?? `s-${rand(9)}`;
    const seconds = wav?.seconds.toFixed(1);
    const answer =
      kind === 'text'
        ? `You said: ${turn.request}`
        : `>(voice message, ${seconds} s)\n\nI heard ${seconds} s of audio.`;
    return { type: 'incoming', answer, fileUrl: `${conn.origin}/media/reply.wav`, session: conn.session };
  }

  /** The turn and its answer become history of the turn's user_id (what GET /chat pages through). */
  function recordHistory(client, { kind, turn, wav }, answer) {
    const quote = /^>([^\n]*)\n\n/.exec(answer.answer);
    serviceApi.recordTurn(client, {
      userId: turn.user_id,
      request: kind === 'text' ? turn.request : (quote?.[1] ?? `(voice message, ${wav.seconds.toFixed(1)} s)`),
      answer: quote ? answer.answer.slice(quote[0].length) : answer.answer,
      chatType: turn.chat_type,
      fileUrl: answer.fileUrl,
    });
  }

  /** `http://` + the Host the request came with (so localhost pages get localhost media, for CSP 'self'). */
  function requestOrigin(req) {
    const host = req.headers.host ?? '';
    return /^(?:[\w.-]+|\[[\da-f:.]+\])(?::\d+)?$/i.test(host) ? `http://${host}` : self.origin;
  }

  // ---- HTTP -----------------------------------------------------------------------------------------------

  async function handleHttp(req, res) {
    let url;
    try {
      url = new URL(req.url, 'http://x');
    } catch {
      return sendText(res, 400, 'bad request');
    }
    const group = clientGroup(url);
    const client = group.client;
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader(
      'Access-Control-Expose-Headers',
      'Content-Length, Content-Range, Accept-Ranges, Content-Security-Policy, Retry-After',
    );
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, HEAD, POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Content-Type, Range, Authorization',
        'Access-Control-Max-Age': '600',
      });
      return res.end();
    }
    let p = group.path;
    if (await serviceApi.handle(req, res, { path: p, client, origin: requestOrigin(req) })) return;
    if (p === '/auth') return auth(req, res, client);
    if (p.startsWith('/control/')) return control(req, res, url, client);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed');

    const m = /^\/(csp|csp-blob|csp-tt)(\/.*)?$/.exec(p);
    if (m) {
      res.setHeader('Content-Security-Policy', CSPS[m[1]]);
      p = m[2] ?? '/';
    }
    if (p === '/' || p === '/demo' || p === '/demo/') return redirect(res, `${m ? `/${m[1]}` : ''}/demo/index.html`);
    if (p === '/media/missing.wav') return sendText(res, 404, 'no such media (on purpose)');
    if (media[p]) return sendBody(req, res, media[p].type, media[p].body);
    return serveStatic(req, res, p);
  }

  async function serveStatic(req, res, p) {
    const dir = p.split('/')[1];
    if (!STATIC_DIRS.includes(dir)) return sendText(res, 404, 'not found');
    let rel;
    try {
      rel = decodeURIComponent(p);
    } catch {
      return sendText(res, 400, 'bad path');
    }
    const base = path.join(root, dir);
    let file = path.resolve(root, `.${rel}`);
    const inside = f => f === base || f.startsWith(base + path.sep);
    const hidden = file.startsWith(path.join(root, 'demo', 'server') + path.sep) || /[\\/]\./.test(rel);
    if (rel.includes('\0') || !inside(file) || hidden) return sendText(res, 404, 'not found');
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
      return sendBody(req, res, TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream', body);
    } catch {
      return sendText(res, 404, 'not found');
    }
  }

  async function auth(req, res, client) {
    if (req.method !== 'POST') return sendText(res, 405, 'POST only');
    const st = state(client);
    st.authCalls++;
    const fail = (status, error) => {
      say(client, `auth INVALID: ${error}`, true);
      sendJson(res, status, { result: 'error', error });
    };
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return fail(415, 'Content-Type must be application/json');
    }
    let body;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return fail(400, 'body is not JSON');
    }
    if (!body || typeof body.user_id !== 'string' || !body.user_id)
      return fail(400, 'user_id must be a non-empty string');
    if ('project_id' in body && (typeof body.project_id !== 'string' || !body.project_id)) {
      return fail(400, 'project_id must be a non-empty string when present');
    }
    const extra = Object.keys(body).filter(k => k !== 'user_id' && k !== 'project_id');
    if (st.behaviour.authStatus) {
      say(client, `auth refused: HTTP ${st.behaviour.authStatus} (authStatus switch)`);
      return sendJson(res, st.behaviour.authStatus, { result: 'error', error: 'refused by the authStatus switch' });
    }
    const jwt = serviceApi.issueToken(client, body.user_id);
    say(
      client,
      `auth ok${'project_id' in body ? ' with project_id' : ''}${extra.length ? ` (extra keys: ${extra})` : ''}`,
      true,
    );
    sendJson(res, 200, { result: 'success', jwt });
  }

  /** /control/<name>?client=… → the command chat-<name> (drop = terminate); JSON body merged into the payload. */
  async function control(req, res, url, client) {
    const name = url.pathname.slice('/control/'.length);
    const reads = ['frames', 'log', 'sockets', 'auth-calls', 'rest-calls', 'history', 'port', 'origin'];
    const writes = ['drop', 'error', 'behaviour', 'send', 'close', 'terminate', 'reset'];
    if (!reads.includes(name) && !writes.includes(name)) return sendText(res, 404, 'unknown control');
    if (writes.includes(name) && req.method !== 'POST') return sendText(res, 405, 'POST only');
    if (name === 'history' && req.method === 'POST') return sendText(res, 405, 'history is seeded through command()');
    const payload = { client };
    for (const [k, v] of url.searchParams) if (k !== 'client') payload[k] = /^\d+$/.test(v) ? Number(v) : v;
    const text = await readBody(req);
    if (name === 'send') payload.data = text;
    else if (text.trim()) {
      try {
        Object.assign(payload, JSON.parse(text), { client });
      } catch {
        return sendText(res, 400, 'body is not JSON');
      }
    }
    try {
      sendJson(res, 200, (await command(name === 'drop' ? 'chat-terminate' : `chat-${name}`, payload)) ?? null);
    } catch (err) {
      sendText(res, 400, String(err?.message ?? err));
    }
  }

  // ---- the control API (shared by the WTR plugin and /control) -------------------------------------------

  function setBehaviour(client, switches) {
    const b = state(client).behaviour;
    for (const [k, v] of Object.entries(switches)) {
      if (!SWITCHES.includes(k)) throw new Error(`unknown behaviour switch ${k} (known: ${SWITCHES.join(', ')})`);
      checkServiceSwitch(k, v);
      if (k === 'expireTokens') {
        if (v) tokens.clear();
      } else if (v === null || v === undefined) delete b[k];
      else b[k] = Array.isArray(v) ? [...v] : v;
    }
    say(client, `behaviour ${JSON.stringify(b)}`);
    return { ...b };
  }

  function reset(client) {
    for (const [c, st] of clients) {
      if (client !== undefined && c !== client) continue;
      st.frames = [];
      st.log = [];
      st.behaviour = {};
      st.authCalls = 0;
      st.restCalls = [];
      st.history = new Map();
    }
    if (client === undefined) tokens.clear();
  }

  /** Runs one command of the test/control API; `undefined` for names that are not ours. */
  async function command(name, payload = {}) {
    const client = payload?.client ?? 'default';
    const each = fn => openSockets(client).map(fn).length;
    switch (name) {
      case 'chat-port':
        return self.port;
      case 'chat-origin':
        return self.origin;
      case 'chat-frames':
        return [...state(client).frames];
      case 'chat-log':
        return [...state(client).log];
      case 'chat-auth-calls':
        return state(client).authCalls;
      case 'chat-rest-calls':
        return [...state(client).restCalls];
      case 'chat-history': {
        const history = state(client).history;
        const user = String(payload.user_id ?? '');
        if (Array.isArray(payload.records))
          history.set(
            user,
            payload.records.map(r => ({ ...r })),
          );
        return [...(history.get(user) ?? [])];
      }
      case 'chat-sockets':
        return openSockets(client).length;
      case 'chat-send': {
        const text = typeof payload.data === 'string' ? payload.data : JSON.stringify(payload.data);
        return each(ws => ws.send(text));
      }
      case 'chat-error': {
        const status = Number(payload.status) || undefined;
        const error = payload.error ?? (status ? (STATUS_TEXT[status] ?? `error ${status}`) : 'something went wrong');
        return each(ws => ws.send(JSON.stringify({ type: 'error', ...(status ? { status } : {}), error })));
      }
      case 'chat-close':
        return each(ws => ws.close(payload.code ?? 1000, payload.reason ?? ''));
      case 'chat-terminate':
        return each(ws => ws.terminate());
      case 'chat-behaviour': {
        const switches = { ...payload };
        delete switches.client;
        return setBehaviour(client, switches);
      }
      case 'chat-reset':
        reset(payload?.client);
        return true;
      case 'chat-stop':
        await stop();
        return true;
      case 'chat-start':
        await start();
        return self.port;
      default:
        return undefined;
    }
  }

  // ---- lifecycle ------------------------------------------------------------------------------------------

  const listen = p =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(port);
  port = server.address().port;
  const originHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  /** Listens again on the same port (no-op when listening). */
  async function start() {
    if (!server.listening) await listen(port);
    if (!quiet) log(`[chat] listening on ${self.origin}`);
  }
  /** Closes every socket and stops listening (no-op when stopped). */
  async function stop() {
    if (!server.listening) return;
    const closed = new Promise(resolve => server.close(() => resolve()));
    for (const st of clients.values()) for (const ws of st.sockets) ws.terminate();
    server.closeAllConnections();
    await closed;
    if (!quiet) log('[chat] stopped');
  }

  const self = {
    get port() {
      return port;
    },
    get origin() {
      return `http://${originHost}:${port}`;
    },
    /** The socket URL for a client group. */
    wsUrl: (client = 'default') => `ws://${originHost}:${port}/ws/chat?client=${encodeURIComponent(client)}`,
    get listening() {
      return server.listening;
    },
    start,
    stop,
    /** Stops for good. */
    async close() {
      await stop();
      wss.close();
    },
    command,
    frames: client => command('chat-frames', { client }),
    log: client => command('chat-log', { client }),
    send: (client, data) => command('chat-send', { client, data }),
    sockets: client => command('chat-sockets', { client }),
    behaviour: (client, switches) => command('chat-behaviour', { ...switches, client }),
    reset: client => command('chat-reset', { client }),
  };
  return self;
}

// ---- helpers ----------------------------------------------------------------------------------------------

/**
 * The client group of a request and its path without the group: `/c/<client>/…` (so a service base URL such as
 * `http://127.0.0.1:8080/c/my-test` keeps one test's switches and history apart), else `?client=`, else `default`.
 */
function clientGroup(url) {
  const m = /^\/c\/([\w.-]{1,100})(\/.*)?$/.exec(url.pathname);
  if (m) return { client: m[1], path: m[2] ?? '/' };
  return { client: url.searchParams.get('client') ?? 'default', path: url.pathname };
}

function readBody(req, limit = 1 << 20) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', c => {
      size += c.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendText(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendJson(res, status, value, headers = {}) {
  sendRaw(res, status, 'application/json; charset=utf-8', JSON.stringify(value), headers);
}

function sendRaw(res, status, type, text, headers = {}) {
  res.writeHead(status, { ...headers, 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function redirect(res, location) {
  res.writeHead(302, { Location: location, 'Content-Length': 0 });
  res.end();
}

/** 200 with the whole body, or 206/416 for a single `Range: bytes=…` (other range forms get the whole body). */
function sendBody(req, res, type, body) {
  const len = body.length;
  const headers = { 'Content-Type': type, 'Accept-Ranges': 'bytes' };
  let status = 200;
  let part = body;
  const m = /^bytes=(\d*)-(\d*)$/.exec((req.headers.range ?? '').trim());
  if (m && (m[1] || m[2]) && !(m[1] && m[2] && +m[2] < +m[1])) {
    const start = m[1] ? +m[1] : Math.max(0, len - +m[2]);
    const end = m[1] && m[2] ? Math.min(+m[2], len - 1) : len - 1;
    if (start >= len || (!m[1] && +m[2] === 0)) {
      res.writeHead(416, { 'Content-Range': `bytes */${len}`, 'Content-Length': 0 });
      return res.end();
    }
    status = 206;
    headers['Content-Range'] = `bytes ${start}-${end}/${len}`;
    part = body.subarray(start, end + 1);
  }
  headers['Content-Length'] = part.length;
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : part);
}
