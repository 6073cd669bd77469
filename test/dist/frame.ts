import { expect, waitUntil } from '@open-wc/testing';
import { waitForFrames } from '../helpers/chat.js';

/** What the tests in test/dist/ need of the element (they load the build, not the sources). */
export type Chat = HTMLElement & { status: string; send(text: string): Promise<unknown> };
export type FrameWindow = Window & typeof globalThis & { warnings: string[]; errors: string[] };

/**
 * An iframe whose document is `html` (same origin as the test page, so `/dist/…` resolves here). console.warn
 * calls and uncaught errors are recorded (`warnings`, `errors`) before anything else runs. Resolves on `load`,
 * after every script (classic, defer, async, module) has run.
 */
export async function frame(html: string): Promise<FrameWindow> {
  const iframe = document.createElement('iframe');
  const loaded = new Promise(r => iframe.addEventListener('load', r, { once: true }));
  iframe.srcdoc = `<!doctype html><script>
    window.warnings = []; window.errors = [];
    const warn = console.warn;
    console.warn = (...a) => { warnings.push(a.map(String).join(' ')); warn.apply(console, a); };
    addEventListener('error', e => errors.push(e.message));
  </script>${html}`;
  document.body.append(iframe);
  await loaded;
  return iframe.contentWindow as FrameWindow;
}

/** A text turn end to end: the server gets the frame, the reply shows in the transcript. */
export async function textTurn(el: Chat, client: string, text: string) {
  await waitUntil(() => el.status === 'connected', 'not connected', { timeout: 5000 });
  await el.send(text);
  const [frame] = await waitForFrames(client);
  expect(JSON.parse(frame)).to.include({ request: text, chat_type: 'text' });
  const transcript = () => deepPart(el, 'transcript')?.textContent ?? '';
  await waitUntil(() => transcript().includes(`You said: ${text}`), 'no reply in the transcript', { timeout: 5000 });
}

/** The element with part `name` in `host`'s shadow tree, through the sub-elements' shadow roots. */
export function deepPart(host: Element, name: string): Element | undefined {
  for (const e of host.shadowRoot?.querySelectorAll('*') ?? []) {
    if (e.part.contains(name)) return e;
    const inner = deepPart(e, name);
    if (inner) return inner;
  }
  return undefined;
}

/** Adds a classic script to `doc` and waits for it to run. */
export function load(doc: Document, src: string) {
  return new Promise<void>((resolve, reject) => {
    const s = doc.createElement('script');
    s.src = src;
    s.onload = () => resolve();
    s.onerror = () => reject(new Error(`${src} did not load: run npm run build`));
    doc.head.append(s);
  });
}
