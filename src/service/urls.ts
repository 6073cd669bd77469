/** URLs of service mode (element-api.md, "Service mode"). Pure: no DOM, no globals. */

/** Hosts where `http:` is allowed for `service` (a developer's own machine). */
const LOOPBACK = /^(?:localhost|[\w-]+\.localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The `service` attribute as a base URL, or a precise reason why it cannot be one: `https:`, or `http:` on the
 * loopback host only; no credentials in it.
 */
export function parseServiceUrl(service: string): { url: URL } | { error: string } {
  let url: URL;
  try {
    url = new URL(service.trim());
  } catch {
    return { error: `service "${service}" is not an absolute URL (expected e.g. https://chat.example.com)` };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname)))
    return { error: `service "${service}" must be an https: URL (http: only for localhost)` };
  if (url.username || url.password) return { error: `service "${service}" must not contain credentials` };
  url.hash = '';
  return { url };
}

/** `{service}/{path}`: the path appended to the base's path, its query kept (`https://x/api?k=1` → `https://x/api/jwt?k=1`). */
export function serviceEndpoint(base: URL, path: string, query: Record<string, string | number> = {}): URL {
  const url = new URL(base.href);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${path}`;
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
  return url;
}

/**
 * The Chat Mode socket of a service: `http`→`ws`, `https`→`wss`, `/ws/chat` appended to its path, plus `token`
 * (`https://chat.example.com` → `wss://chat.example.com/ws/chat?token=…`).
 */
export function serviceSocketUrl(base: URL, token?: string): string {
  const url = serviceEndpoint(base, 'ws/chat', token ? { token } : {});
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

/** An `http:`/`https:` URL (relative ones resolved against `base`), else undefined: icons never load anything else. */
export function httpUrl(value: unknown, base: URL): string | undefined {
  // eslint-disable-next-line no-control-regex -- control characters hide schemes (`java\tscript:`)
  if (typeof value !== 'string' || !value.trim() || /[\0-\x1f\x7f]/.test(value)) return undefined;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
