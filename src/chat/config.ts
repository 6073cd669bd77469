import { parseServiceUrl } from '../service/urls.js';

/** Longest stretch of a bad `url` quoted in a configuration message. */
const QUOTE_MAX = 120;

/** `url` as it may be quoted to the site owner: without its query and fragment (they may carry a token), shortened. */
const quoted = (url: string): string => JSON.stringify(url.trim().split(/[?#]/)[0].slice(0, QUOTE_MAX));

/**
 * Why the chat cannot start, in one precise sentence for the site owner (the `config` error and console.warn), or ''
 * when `url` is a ws:/wss: URL and `avatarId` is set. Visitors never see it: they see `strings.unavailable`.
 */
export function configProblem({ url, avatarId }: { url: string; avatarId: string }): string {
  if (!url.trim())
    return '<avatar-chat>: the url attribute is missing. Set it to the Chat Mode socket (ws:// or wss://).';
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return `<avatar-chat>: url ${quoted(url)} is not an absolute URL. Set it to the Chat Mode socket (ws:// or wss://).`;
  }
  if (!/^wss?:$/.test(protocol))
    return `<avatar-chat>: url ${quoted(url)} is ${protocol}, not ws: or wss:. Set it to the Chat Mode socket (ws:// or wss://).`;
  if (!avatarId.trim())
    return '<avatar-chat>: the avatar-id attribute is missing. Set it to the id of the avatar to chat with.';
  return '';
}

/** Why service mode cannot start, in one precise sentence for the site owner ('' when it can); `url` is optional. */
export function serviceConfigProblem({ service, url }: { service: string; url: string }): string {
  const parsed = parseServiceUrl(service);
  if ('error' in parsed) return `<avatar-chat>: ${parsed.error}. Set service to the avatar service's base URL.`;
  return url ? configProblem({ url, avatarId: 'service' }) : '';
}
