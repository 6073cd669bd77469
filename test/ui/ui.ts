import type { AvatarChat } from '../../src/avatar-chat.js';
import { connectedChat, type Attrs, type ConnectedOptions } from '../helpers/widget.js';

export { mount, type Attrs } from '../helpers/widget.js';

/** An inline element connected to the reference server (auto replies off unless `reply`). */
export const connected = (a: Attrs = {}, options: Omit<ConnectedOptions, 'attrs'> = {}) =>
  connectedChat({ prefix: 'ui', ...options, attrs: { 'avatar-id': 'av-ui', ...a } });

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

/** Every non-empty text `region` (a live region) shows, in order, until stop(). */
export function recordAnnouncements(region: Element) {
  const seen: string[] = [];
  const observer = new MutationObserver(() => {
    const text = region.textContent!.trim();
    if (text) seen.push(text);
  });
  observer.observe(region, { childList: true, characterData: true, subtree: true });
  return { seen, stop: () => observer.disconnect() };
}
