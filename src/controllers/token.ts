/** Where the socket token comes from. Precedence: `getToken` > `authUrl` > `token`. */
export interface TokenSource {
  url: string;
  token?: string;
  getToken?: () => string | Promise<string>;
  authUrl?: string;
  projectId?: string;
  userId: string;
  fetch?: typeof fetch;
}

/** auth-url tokens, keyed by auth-url + project + user; replaced when a fresh one is asked for. */
const cache = new Map<string, string>();

/** True when a token source is configured (then handshake failures are treated as possible auth failures). */
export const hasToken = (s: TokenSource): boolean => !!(s.getToken || s.authUrl || s.token);

/** `url` with its `token` query parameter set to `token` (an existing one is replaced, the rest kept as is). */
export function withToken(url: string, token: string): string {
  const [, base, query, hash] = /^([^?#]*)\??([^#]*)(.*)$/.exec(url)!;
  const kept = query.split('&').filter(p => p && !/^token(=|$)/.test(p));
  return base + '?' + [...kept, 'token=' + encodeURIComponent(token)].join('&') + hash;
}

/** The auth-url JWT, cached per auth-url + project + user until `fresh`. */
async function fetchToken(s: TokenSource, fresh: boolean): Promise<string> {
  const key = `${s.authUrl}\n${s.projectId}\n${s.userId}`;
  let jwt = !fresh && cache.get(key);
  if (jwt) return jwt;
  const res = await (s.fetch ?? fetch)(s.authUrl!, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user_id: s.userId, project_id: s.projectId || undefined }),
  });
  if (!res.ok) throw Error(`Token request failed (HTTP ${res.status})`);
  jwt = (await res.json().catch(() => {}))?.jwt;
  if (!jwt || typeof jwt != 'string') throw Error('Token response has no jwt');
  cache.set(key, jwt);
  return jwt;
}

/**
 * The socket URL for the next connect attempt, token included. `getToken` is called every time; an auth-url token
 * is fetched once and reused until `fresh` (after an auth failure). Thrown messages never contain a token.
 */
export async function socketUrl(s: TokenSource, fresh: boolean): Promise<string> {
  const token = s.getToken ? await s.getToken() : s.authUrl ? await fetchToken(s, fresh) : s.token;
  if (!token && s.getToken) throw Error('No token');
  return token ? withToken(s.url, String(token)) : s.url;
}
