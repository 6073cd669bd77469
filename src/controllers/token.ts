import { CredentialsRefusedError } from './connection-controller.js';

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

/** What a token source leaves out. */
export const DEFAULTS = {
  /** The page's fetch, read when called. */
  fetch: ((input, init) => globalThis.fetch(input, init)) as typeof fetch,
};

/** Token endpoint statuses that mean "these credentials are refused" (an `auth` error, no retry until connect()). */
const REFUSED = [400, 401, 403];

/** auth-url tokens, keyed by auth-url + project + user; replaced when a fresh one is asked for. */
const cache = new Map<string, string>();

/** True when a token source is configured (then handshake failures are treated as possible auth failures). */
export function hasToken(source: TokenSource): boolean {
  return Boolean(source.getToken || source.authUrl || source.token);
}

/** `url` with its `token` query parameter set to `token` (an existing one is replaced, the rest kept as is). */
export function withToken(url: string, token: string): string {
  const [, base, query, hash] = /^([^?#]*)\??([^#]*)(.*)$/.exec(url)!;
  const kept = query.split('&').filter(param => param && !/^token(=|$)/.test(param));
  return base + '?' + [...kept, 'token=' + encodeURIComponent(token)].join('&') + hash;
}

/** The auth-url JWT, cached per auth-url + project + user until `fresh`. */
async function fetchToken(source: TokenSource, { fresh }: { fresh: boolean }): Promise<string> {
  const key = `${source.authUrl}\n${source.projectId}\n${source.userId}`;
  const cached = cache.get(key);
  if (cached && !fresh) return cached;
  const fetch = source.fetch ?? DEFAULTS.fetch;
  const response = await fetch(source.authUrl!, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user_id: source.userId, project_id: source.projectId || undefined }),
  });
  if (!response.ok) {
    const message = `Token request failed (HTTP ${response.status})`;
    // Only a refusal stops the widget; a 5xx, a 404 or a proxy's error page during a deploy is an outage, retried.
    throw REFUSED.includes(response.status) ? new CredentialsRefusedError(message) : new Error(message);
  }
  const jwt: unknown = (await response.json().catch(() => undefined))?.jwt;
  if (!jwt || typeof jwt !== 'string') throw new Error('Token response has no jwt');
  cache.set(key, jwt);
  return jwt;
}

/** The page's getToken; what it throws with a `status` of 400/401/403 (or `code: 'auth'`) is a refusal. */
async function pageToken(getToken: () => string | Promise<string>): Promise<unknown> {
  try {
    return await getToken();
  } catch (error) {
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && REFUSED.includes(status))
      throw new CredentialsRefusedError(`getToken refused (HTTP ${status})`, { cause: error });
    throw error;
  }
}

/**
 * The socket URL for the next connect attempt, token included. `getToken` is called every time; an auth-url token
 * is fetched once and reused until `fresh` (after a failed handshake). Thrown messages never contain a token; a
 * CredentialsRefusedError means the credentials were refused, anything else that the token could not be had now.
 */
export async function socketUrl(source: TokenSource, fresh: boolean): Promise<string> {
  let token: unknown = source.token;
  if (source.getToken) token = await pageToken(source.getToken);
  else if (source.authUrl) token = await fetchToken(source, { fresh });
  if (!token && source.getToken) throw new Error('No token');
  return token ? withToken(source.url, String(token)) : source.url;
}
