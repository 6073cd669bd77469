/**
 * The URL as parsed (use its `href`) when it may be loaded as media: `http:`, `https:`, `blob:` (of an http(s)
 * origin) or `data:audio/*`/`data:video/*`; otherwise undefined. Relative URLs resolve against `base` and are
 * dropped without one (an unusable base drops every URL: fail closed). Any control character rejects the URL
 * outright (`java\tscript:` tricks), and the scheme is read from the parsed result, so case, surrounding spaces
 * and entity- or percent-encoding cannot sneak one past.
 */
export function safeUrl(s: string, base?: string): URL | undefined {
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  if (/[\0-\x1f\x7f]/.test(s)) return;
  let u: URL;
  try {
    u = new URL(s, base);
  } catch {
    return;
  }
  const p = u.protocol;
  return /^https?:$/.test(p) ||
    (p === 'blob:' && u.origin !== 'null') ||
    (p === 'data:' && /^(audio|video)\//i.test(u.pathname))
    ? u
    : undefined;
}
