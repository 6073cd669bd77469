import { expect, waitUntil } from '@open-wc/testing';
import { xssPayloads } from '../fixtures/xss-payloads.js';
import { newClient, push, waitForFrames } from '../helpers/chat.js';

// demo/csp.html (dist/avatar-chat.js) under /csp-tt/: the strict CSP plus `require-trusted-types-for 'script'`, in an
// iframe on the reference server's origin, driven over postMessage by demo/csp.js (?test=1). Any string reaching an
// HTML or script sink unchecked, or any script/style/media the policy refuses, shows up as a securitypolicyviolation.

interface Report {
  defined: boolean;
  status: string;
  violations: { directive: string; blocked: string; sample: string }[];
  events: { type: string; detail: Record<string, unknown> }[];
  messages: { role: string; kind: string; text: string }[];
}

describe('hardening: strict CSP with Trusted Types (/csp-tt/)', function () {
  this.timeout(20000);
  let iframe: HTMLIFrameElement | undefined;
  afterEach(() => iframe?.remove());

  it('text turn, voice turn (worklet-url) and the hostile-text corpus: no violation, text shown verbatim', async () => {
    const { client, origin } = await newClient('tt');
    const csp = (await fetch(`${origin}/csp-tt/demo/csp.html`)).headers.get('Content-Security-Policy') ?? '';
    expect(csp).to.contain("require-trusted-types-for 'script'").and.to.contain("script-src 'self'");
    iframe = document.createElement('iframe');
    iframe.allow = 'microphone; autoplay';
    iframe.style.cssText = 'width: 480px; height: 640px';
    const win = () => iframe!.contentWindow!;
    const ready = new Promise<void>(resolve => {
      const on = (e: MessageEvent) =>
        e.source === win() && e.data?.ready && (removeEventListener('message', on), resolve());
      addEventListener('message', on);
    });
    iframe.src = `${origin}/csp-tt/demo/csp.html?${new URLSearchParams({ client, test: '1' })}`;
    document.body.append(iframe);
    await ready;
    let seq = 0;
    const call = <R>(cmd: string, args: Record<string, unknown> = {}) =>
      new Promise<R>((resolve, reject) => {
        const id = ++seq;
        const on = (e: MessageEvent) => {
          if (e.source !== win() || e.data?.id !== id) return;
          removeEventListener('message', on);
          if (e.data.ok) resolve(e.data.result);
          else reject(new Error(e.data.error));
        };
        addEventListener('message', on);
        win().postMessage({ id, cmd, ...args }, origin);
      });
    let r!: Report;
    await waitUntil(async () => (r = await call<Report>('report')).defined && r.status === 'connected', 'connected', {
      timeout: 5000,
    });

    await call('send', { text: 'hello under Trusted Types' });
    await call('record', { ms: 400 });
    const sent = (await waitForFrames(client, 2)).map(f => JSON.parse(f));
    expect(sent.map(f => f.chat_type)).to.deep.equal(['text', 'voice']);

    const texts = xssPayloads.filter(p => p.hint === 'text').map(p => p.payload);
    for (const t of texts) await push(client, { type: 'incoming', answer: t });
    const shown = (x: Report) => x.messages.filter(m => m.role === 'avatar').map(m => m.text);
    await waitUntil(async () => shown((r = await call<Report>('report'))).length >= texts.length + 2, 'replies', {
      timeout: 5000,
    });
    expect(shown(r).slice(-texts.length)).to.deep.equal(texts.map(t => t.trim()));
    expect(r.events.filter(e => e.type === 'avatar-chat-error')).to.deep.equal([]);
    expect(r.violations, JSON.stringify(r.violations)).to.deep.equal([]);
  });
});
