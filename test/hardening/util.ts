/** Helpers for the hardening tests: mounting widgets on the reference server, walking shadow trees, tiny WAVs. */
import type { AvatarChat } from '../../src/avatar-chat.js';
import { encodeWav } from '../../src/audio/wav.js';
import { connectedChat } from '../helpers/widget.js';

const mounted: AvatarChat[] = [];

/** A connected <avatar-chat> on its own client id (server auto-replies off unless `reply`). Removed by `unmountAll`. */
export async function mount(options: { reply?: boolean; prefix?: string; attrs?: Record<string, string> } = {}) {
  const c = await connectedChat({
    reply: options.reply,
    prefix: options.prefix ?? 'h',
    attrs: { 'avatar-id': 'av-h', ...options.attrs },
  });
  mounted.push(c.el);
  return c;
}

export function unmountAll(): void {
  for (const el of mounted.splice(0)) el.remove();
}

/** Every element under `root`, descending into every open shadow root (the host's own tree included). */
export function allElements(root: Element | ShadowRoot): Element[] {
  const out: Element[] = [];
  const visit = (n: Element | ShadowRoot) => {
    for (const e of n.querySelectorAll('*')) {
      out.push(e);
      if (e.shadowRoot) visit(e.shadowRoot);
    }
  };
  if (root instanceof Element) {
    out.push(root);
    if (root.shadowRoot) visit(root.shadowRoot);
  }
  visit(root);
  return out;
}

/** The element with part `name` in the element's shadow tree, sub-elements included. */
const partOf = (el: AvatarChat, name: string) => allElements(el.shadowRoot!).find(e => e.part.contains(name))!;
export const transcriptRoot = (el: AvatarChat) => partOf(el, 'transcript');
export const playerRoot = (el: AvatarChat) => partOf(el, 'player');

/** The rendered entry of a transcript message. */
export const entryOf = (el: AvatarChat, id: string) => transcriptRoot(el).querySelector(`[data-id="${id}"]`);

/** A bubble's visible text without the screen-reader prefix ("You: ", "Avatar: "). */
export function bubbleText(entry: Element | null): string {
  const b = entry?.querySelector('[part~="bubble"]');
  if (!b) return '';
  const c = b.cloneNode(true) as Element;
  c.querySelectorAll('.sr-only').forEach(s => s.remove());
  return c.textContent ?? '';
}

/** Whitespace-insensitive form for comparisons. */
export const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** A 16 kHz mono 16-bit WAV of a 440 Hz tone. */
export function tinyWav(ms = 200): Uint8Array {
  const x = new Float32Array((16000 * ms) / 1000);
  for (let i = 0; i < x.length; i++) x[i] = 0.3 * Math.sin((2 * Math.PI * 440 * i) / 16000);
  return encodeWav(x, 16000);
}

/** base64 of bytes (for inline `audio_base64` replies). */
export const b64 = (u8: Uint8Array) => btoa(Array.from(u8, b => String.fromCharCode(b)).join(''));

/** Resolves after two animation frames and `ms` more: lets async handlers (onerror, media events) run. */
export const settle = (ms = 50) =>
  new Promise<void>(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, ms))));

/** Only these URLs may reach a media element (protocol.md): http(s), blob: of an http(s) origin, data:audio|video. */
export function loadableMediaUrl(u: string): boolean {
  try {
    const p = new URL(u);
    if (p.protocol === 'http:' || p.protocol === 'https:') return true;
    if (p.protocol === 'blob:') return /^https?:$/.test(new URL(p.pathname).protocol);
    return p.protocol === 'data:' && /^(audio|video)\//i.test(p.pathname);
  } catch {
    return false;
  }
}

/** Collects uncaught errors and unhandled rejections in the page until `stop()`: the widget must never throw into it. */
export function pageErrors() {
  const errors: string[] = [];
  const onError = (e: ErrorEvent) => errors.push(String(e.error?.stack ?? e.message));
  const onRejection = (e: PromiseRejectionEvent) => errors.push(String(e.reason?.stack ?? e.reason));
  addEventListener('error', onError);
  addEventListener('unhandledrejection', onRejection);
  return {
    errors,
    stop() {
      removeEventListener('error', onError);
      removeEventListener('unhandledrejection', onRejection);
    },
  };
}
