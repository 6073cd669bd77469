/** The one fixture for an `<avatar-chat>` on the page, alone or connected to the reference server. */
import { fixture, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { AvatarChat } from '../../src/avatar-chat.js';
import { behaviour, newClient, waitForSocket } from './chat.js';

/** Attributes: a string value, `true` (present, empty) or `false` (left out). */
export type Attrs = Record<string, string | boolean>;

const attrs = (a: Attrs) =>
  Object.entries(a)
    .filter(([, v]) => v !== false)
    .map(([k, v]) => (v === true ? k : `${k}="${String(v).replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`))
    .join(' ');

/** Mounts `<div WRAP><avatar-chat ATTRS>INNER</avatar-chat></div>` (removed after the test) and returns the element. */
export async function mount(a: Attrs, inner = '', wrap: Attrs = {}): Promise<AvatarChat> {
  const div = await fixture<HTMLElement>(`<div ${attrs(wrap)}><avatar-chat ${attrs(a)}>${inner}</avatar-chat></div>`);
  const el = div.querySelector('avatar-chat')!;
  await el.updateComplete;
  return el;
}

export interface ConnectedOptions {
  /** Attributes besides `url` (the server's) and `avatar-id` ('av-test' unless given). */
  attrs?: Attrs;
  /** The server's automatic replies (off by default: a test pushes what it wants). */
  reply?: boolean;
  /** Light-DOM children (slotted content). */
  inner?: string;
  /** Attributes of the wrapping `<div>` (e.g. `lang`, `dir`, a size). */
  wrap?: Attrs;
  /** Prefix of the server's client id (shows in the server's log). */
  prefix?: string;
}

/**
 * An `<avatar-chat>` connected to the reference server on a client id of its own: mounted, its socket open at the
 * server and its status `connected`. Returns the element with the client id, socket URL and server origin.
 */
export async function connectedChat({
  attrs = {},
  reply = false,
  inner = '',
  wrap = {},
  prefix = 'chat',
}: ConnectedOptions = {}) {
  const server = await newClient(prefix);
  if (!reply) await behaviour(server.client, { reply: false });
  const el = await mount({ url: server.url, 'avatar-id': 'av-test', ...attrs }, inner, wrap);
  await waitForSocket(server.client);
  await waitUntil(() => el.status === 'connected', 'connected');
  return { el, ...server };
}
