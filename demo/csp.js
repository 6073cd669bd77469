// The strict-CSP demo page (csp.html): configures <avatar-chat> for this server and counts CSP violations.
// Query: ?client=ID (socket group on the reference server, default "csp-demo"), ?worklet=0 (no worklet-url: the
// recorder falls back to a blob: URL, which /csp/ refuses), ?test=1 (answers the browser tests, see below).
(() => {
  const params = new URLSearchParams(location.search);
  const client = params.get('client') || 'csp-demo';
  const el = document.querySelector('avatar-chat');
  const report = document.getElementById('csp-report');
  const violations = [];
  const events = [];

  // Only /csp/ and /csp-blob/ serve this page with the Content-Security-Policy header; a plain copy must not claim it.
  if (!/^\/csp(-blob|-tt)?\//.test(location.pathname)) {
    report.textContent = 'This copy is served without a Content-Security-Policy: open /csp/demo/csp.html.';
    report.classList.add('bad');
  }

  document.addEventListener('securitypolicyviolation', e => {
    violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, sample: e.sample });
    report.textContent = `Content-Security-Policy violations: ${violations.length} (latest: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'})`;
    report.classList.add('bad');
  });

  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  el.setAttribute('url', `${scheme}://${location.host}/ws/chat?client=${encodeURIComponent(client)}`);
  if (params.get('worklet') !== '0')
    el.setAttribute('worklet-url', new URL('../dist/avatar-chat-worklet.js', location.href).href);

  const TYPES = ['status', 'send', 'message', 'record-start', 'record-stop', 'reply-start', 'reply-end', 'error'];
  const plain = (_k, v) =>
    v instanceof Error ? `${v.name}: ${v.message}` : v instanceof Event ? `[${v.type} event]` : v;
  for (const t of TYPES) {
    el.addEventListener(`avatar-chat-${t}`, e =>
      events.push({ type: e.type, detail: JSON.parse(JSON.stringify(e.detail ?? null, plain) ?? 'null') }),
    );
  }

  // Test hooks, only with ?test=1 and only for the embedding page (the browser tests run on another origin and
  // drive this page through postMessage): { id, cmd: 'report' | 'send' | 'record', ... } → { id, ok, result | error }.
  if (params.get('test') !== '1' || window.parent === window) return;
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  /** The element with part `name` under `root`, through the sub-elements' shadow roots. */
  const part = (root, name) => {
    for (const e of root?.querySelectorAll('*') ?? []) {
      if (e.part.contains(name)) return e;
      const inner = part(e.shadowRoot, name);
      if (inner) return inner;
    }
    return null;
  };
  const commands = {
    async send({ text }) {
      const m = await el.send(text);
      return m && { id: m.id, state: m.state };
    },
    async record({ ms = 800 }) {
      await el.startRecording();
      await sleep(ms);
      await el.stopRecording();
      return { recording: el.recording };
    },
    report() {
      if (customElements.get('avatar-chat') !== el.constructor) return { defined: false };
      const root = el.shadowRoot;
      const base = part(root, 'base');
      const send = part(root, 'send-button');
      return {
        defined: true,
        status: el.status,
        violations,
        events,
        messages: el.messages.map(m => ({ role: m.role, kind: m.kind, text: m.text, state: m.state })),
        styles: {
          sheets: root?.adoptedStyleSheets.length ?? -1,
          baseDisplay: base && getComputedStyle(base).display,
          baseRadius: base && getComputedStyle(base).borderTopLeftRadius,
          pageRadius: getComputedStyle(el).getPropertyValue('--avatar-chat-radius').trim(),
          sendBackground: send && getComputedStyle(send).backgroundColor,
        },
      };
    },
  };
  window.addEventListener('message', async e => {
    if (e.source !== window.parent || !e.data || typeof e.data.id !== 'number' || !(e.data.cmd in commands)) return;
    let answer;
    try {
      answer = { id: e.data.id, ok: true, result: await commands[e.data.cmd](e.data) };
    } catch (err) {
      answer = { id: e.data.id, ok: false, error: String(err?.message ?? err) };
    }
    e.source.postMessage(answer, e.origin);
  });
  window.parent.postMessage({ ready: true }, '*');
})();
