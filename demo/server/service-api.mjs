// The REST side of service mode for the reference server (a DEVELOPMENT TOOL): POST /jwt, GET /connection,
// GET /chat (history), as element-api.md's "Service mode" describes them. Tokens are shared with /auth and the
// socket; history is what the socket answered, per client group and user_id. Switches come from the client's
// behaviour (see README.md): statuses, delays and malformed answers per endpoint, the token's lifetime, the
// configuration served.
import { randomBytes } from 'node:crypto';

export const DAY_MS = 24 * 60 * 60 * 1000;
export const ENDPOINTS = ['jwt', 'connection', 'chat'];
/** Kinds of malformed answer the `<endpoint>Malformed` switches serve (`javascript-icon`: /connection only). */
export const MALFORMED = ['not-json', 'wrong-types', 'huge', 'proto', 'javascript-icon'];
const HUGE = 2 * 1024 * 1024;
const rand = n => randomBytes(n).toString('base64url');

/** The configuration served by default; the `config` switch replaces top-level fields. */
export function defaultConfig(origin) {
  const icon = `${origin}/media/ava.svg`;
  return {
    avatars_info: [
      {
        _id: 'ava',
        name: 'Ava',
        greetingText: "Hi, I'm Ava. Ask me anything, by text or by voice.",
        previewIcons: { small: icon, medium: icon, large: icon },
      },
    ],
    languages: [
      { name: 'English', language_code: 'en' },
      { name: 'Deutsch', language_code: 'de' },
      { name: 'Français', language_code: 'fr' },
    ],
    vadEnabled: false,
  };
}

/** Checks a switch of the service API; throws with a precise message when its value is unusable. */
export function checkServiceSwitch(name, value) {
  if (value === null || value === undefined) return;
  const endpoint = ENDPOINTS.find(e => name.startsWith(e));
  if (name.endsWith('Status')) {
    const list = Array.isArray(value) ? value : [value];
    if (!list.length || !list.every(s => Number.isInteger(s) && s >= 100 && s <= 599))
      throw new Error(`${name} must be an HTTP status or a list of them`);
  } else if (name.endsWith('Malformed')) {
    if (!MALFORMED.includes(value)) throw new Error(`${name} must be one of ${MALFORMED.join(', ')}`);
    if (value === 'javascript-icon' && endpoint !== 'connection')
      throw new Error('javascript-icon is for connectionMalformed only');
  } else if (name.endsWith('DelayMs') || name === 'tokenTtlMs') {
    if (!(typeof value === 'number' && value >= 0)) throw new Error(`${name} must be a number of ms`);
  } else if (name === 'jwtField') {
    if (value !== 'jwt' && value !== 'token') throw new Error('jwtField must be "jwt" or "token"');
  } else if (name === 'config') {
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error('config must be an object');
  }
}

/** Switch names this module reads. */
export const SERVICE_SWITCHES = [
  ...ENDPOINTS.flatMap(e => [`${e}Status`, `${e}DelayMs`, `${e}Malformed`]),
  'jwtField',
  'tokenTtlMs',
  'config',
];

/**
 * @param {object} ctx
 * @param {(client: string) => object} ctx.state the client's state (behaviour, restCalls, history)
 * @param {Map<string, {expiresAt: number, userId: string}>} ctx.tokens every issued token
 * @param {(client: string, line: string, record?: boolean) => void} ctx.say
 * @param {number} ctx.tokenTtlMs default lifetime of a token
 * @param {(req) => Promise<string>} ctx.readBody
 * @param {(res, status, value, headers?) => void} ctx.sendJson
 * @param {(res, status, type, text) => void} ctx.sendRaw
 */
export function createServiceApi(ctx) {
  /** Issues a token for `userId` that expires after the client's `tokenTtlMs` (else the server's). */
  function issueToken(client, userId) {
    const ttl = ctx.state(client).behaviour.tokenTtlMs ?? ctx.tokenTtlMs;
    const b64 = o => Buffer.from(JSON.stringify(o)).toString('base64url');
    const exp = Math.floor((Date.now() + ttl) / 1000);
    const jwt = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: userId, exp })}.${rand(24)}`;
    ctx.tokens.set(jwt, { expiresAt: Date.now() + ttl, userId });
    return jwt;
  }

  /** 'valid', 'expired' or 'unknown'. */
  function tokenState(token) {
    const t = token && ctx.tokens.get(token);
    if (!t) return 'unknown';
    return t.expiresAt > Date.now() ? 'valid' : 'expired';
  }

  /** Keeps a turn and its answer as history of (client, user). */
  function recordTurn(client, { userId, request, answer, chatType, fileUrl }) {
    const history = ctx.state(client).history;
    const list = history.get(userId) ?? history.set(userId, []).get(userId);
    list.push({
      _id: `h-${rand(9)}`,
      direction: 'incoming',
      request,
      answer,
      date: Date.now(),
      chat_type: chatType,
      fileUrl,
    });
  }

  /** Handles /jwt, /connection and /chat (true), or says it is not one of them (false). */
  async function handle(req, res, { path, client, origin }) {
    const endpoint = path.slice(1);
    if (!ENDPOINTS.includes(endpoint)) return false;
    const st = ctx.state(client);
    const b = st.behaviour;
    const method = endpoint === 'jwt' ? 'POST' : 'GET';
    const answer = (status, value, headers) => {
      st.restCalls.push(`${req.method} /${endpoint} ${status}`);
      ctx.sendJson(res, status, value, headers);
    };
    if (req.method !== method) {
      answer(405, { result: 'error', error: `${method} only` });
      return true;
    }
    const delay = b[`${endpoint}DelayMs`];
    if (delay > 0) await new Promise(resolve => setTimeout(resolve, delay));

    const forced = nextStatus(b, `${endpoint}Status`);
    if (forced) {
      ctx.say(client, `${method} /${endpoint}: HTTP ${forced} (switch)`);
      answer(forced, { result: 'error', error: `HTTP ${forced} by the ${endpoint}Status switch` });
      return true;
    }
    if (endpoint === 'jwt') await jwt(req, client, answer);
    else {
      const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const auth = tokenState(token);
      if (auth !== 'valid') {
        const [status, error] = !token
          ? [401, 'Authorization: Bearer <token> required']
          : auth === 'expired'
            ? [403, 'token expired']
            : [401, 'unknown token'];
        ctx.say(client, `${method} /${endpoint}: HTTP ${status} (${error})`, true);
        answer(status, { result: 'error', error });
        return true;
      }
      if (endpoint === 'connection') connection(client, origin, answer);
      else chat(new URL(req.url, 'http://x').searchParams, client, answer);
    }
    return true;

    function malformed(kind, bodies) {
      st.restCalls.push(`${req.method} /${endpoint} 200 (${kind})`);
      if (kind === 'not-json')
        return ctx.sendRaw(res, 200, 'text/html; charset=utf-8', '<html><body>Bad gateway</body></html>');
      return ctx.sendRaw(res, 200, 'application/json; charset=utf-8', bodies[kind]);
    }

    async function jwt(req, client, answer) {
      let body;
      try {
        body = JSON.parse(await ctx.readBody(req));
      } catch {
        return answer(400, { result: 'error', error: 'body is not JSON' });
      }
      if (!body || typeof body.user_id !== 'string' || !body.user_id)
        return answer(400, { result: 'error', error: 'user_id must be a non-empty string' });
      if (b.jwtMalformed)
        return malformed(b.jwtMalformed, {
          'wrong-types': JSON.stringify({ result: 'success', jwt: 42 }),
          huge: JSON.stringify({ result: 'success', jwt: 'x'.repeat(HUGE) }),
          proto: '{"__proto__":{"jwt":"polluted"},"result":"success"}',
        });
      ctx.say(client, `POST /jwt ok${body.project_id ? ` project ${body.project_id}` : ''}`, true);
      answer(200, { result: 'success', [b.jwtField ?? 'jwt']: issueToken(client, body.user_id) });
    }

    function connection(client, origin, answer) {
      const config = { session: `s-${rand(9)}`, ...defaultConfig(origin), ...(b.config ?? {}) };
      if (b.connectionMalformed) {
        const evil = 'javascript:alert(document.domain)';
        return malformed(b.connectionMalformed, {
          'wrong-types': JSON.stringify({
            session: 42,
            avatars_info: { name: 'Ava' },
            languages: 'en',
            vadEnabled: 'yes',
          }),
          huge: JSON.stringify({
            ...config,
            avatars_info: [{ ...config.avatars_info[0], greetingText: 'x'.repeat(HUGE) }],
          }),
          proto:
            '{"__proto__":{"polluted":true},"session":"s-proto","avatars_info":[{"_id":"ava","name":"Ava",' +
            '"__proto__":{"greetingText":"polluted"}}],"languages":[{"__proto__":{"language_code":"xx"}},' +
            '{"name":"English","language_code":"en"}],"vadEnabled":false}',
          'javascript-icon': JSON.stringify({
            ...config,
            avatars_info: [{ ...config.avatars_info[0], previewIcons: { small: evil, medium: evil, large: evil } }],
          }),
        });
      }
      ctx.say(client, 'GET /connection ok', true);
      answer(200, config);
    }

    function chat(query, client, answer) {
      const userId = query.get('user_id');
      const perPage = Number(query.get('per_page') ?? 50);
      const page = Number(query.get('page') ?? 1);
      if (!userId) return answer(400, { result: 'error', error: 'user_id is required' });
      if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100)
        return answer(400, { result: 'error', error: 'per_page must be an integer from 1 to 100' });
      if (!Number.isInteger(page) || page < 1)
        return answer(400, { result: 'error', error: 'page must be an integer ≥ 1' });
      if (b.chatMalformed)
        return malformed(b.chatMalformed, {
          'wrong-types': JSON.stringify({ payload: 'none', has_more_messages: 'yes' }),
          huge: JSON.stringify({ payload: [{ _id: 'h', request: 'Q', answer: 'x'.repeat(HUGE), date: Date.now() }] }),
          proto:
            '{"__proto__":{"has_more_messages":true},"payload":[{"__proto__":{"request":"polluted"},' +
            `"_id":"p1","answer":"A","date":${Date.now()},"chat_type":"text"}],"has_more_messages":false}`,
        });
      // newest first, as a database query sorted by date would give them
      const all = [...(ctx.state(client).history.get(userId) ?? [])].reverse();
      const payload = all.slice((page - 1) * perPage, page * perPage);
      ctx.say(client, `GET /chat ok: page ${page}, ${payload.length} of ${all.length}`, true);
      answer(200, { payload, has_more_messages: page * perPage < all.length });
    }
  }

  return { handle, issueToken, tokenState, recordTurn };
}

/** The status a `<endpoint>Status` switch forces now: a number always, a list one per request (then cleared). */
function nextStatus(b, name) {
  const v = b[name];
  if (!Array.isArray(v)) return v;
  const status = v.shift();
  if (!v.length) delete b[name];
  return status;
}
