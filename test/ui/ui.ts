import { fixture, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { AvatarChat } from '../../src/avatar-chat.js';
import { behaviour, newClient, waitForSocket } from '../helpers/chat.js';

export type Attrs = Record<string, string | boolean>;

const attrs = (a: Attrs) =>
  Object.entries(a)
    .filter(([, v]) => v !== false)
    .map(([k, v]) => (v === true ? k : `${k}="${String(v).replace(/"/g, '&quot;')}"`))
    .join(' ');

/** Mounts `<div WRAP><avatar-chat ATTRS>INNER</avatar-chat></div>` and returns the element. */
export async function mount(a: Attrs, inner = '', wrap: Attrs = {}): Promise<AvatarChat> {
  const div = await fixture<HTMLElement>(`<div ${attrs(wrap)}><avatar-chat ${attrs(a)}>${inner}</avatar-chat></div>`);
  const el = div.querySelector('avatar-chat')!;
  await el.updateComplete;
  return el;
}

/** An inline element connected to the reference server (auto replies off unless `reply`). */
export async function connected(a: Attrs = {}, { reply = false, inner = '', wrap = {} as Attrs } = {}) {
  const c = await newClient('ui');
  if (!reply) await behaviour(c.client, { reply: false });
  const el = await mount({ url: c.url, 'avatar-id': 'av-ui', ...a }, inner, wrap);
  await waitForSocket(c.client);
  await waitUntil(() => el.status === 'connected', 'connected');
  return { el, ...c };
}

/** Every element under `node` (through open shadow roots) matching `sel`. */
export function deepAll<T extends Element = HTMLElement>(node: ParentNode, sel: string): T[] {
  const out = [...node.querySelectorAll<T>(sel)];
  for (const e of node.querySelectorAll('*')) if (e.shadowRoot) out.push(...deepAll<T>(e.shadowRoot, sel));
  return out;
}

/** The first element of `el`'s shadow tree with part `name`. */
export const part = <T extends Element = HTMLElement>(el: AvatarChat, name: string) =>
  deepAll<T>(el.shadowRoot!, `[part~="${name}"]`)[0] as T | undefined;

/** Whether `e` is rendered (has a box and is not visibility-hidden). */
export const shown = (e: Element | null | undefined) => !!e && e.checkVisibility({ visibilityProperty: true });

/** Waits for the element to render the transcript entries it holds. */
export async function settled(el: AvatarChat) {
  await el.updateComplete;
}
