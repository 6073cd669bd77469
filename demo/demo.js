// The demo page (index.html). A classic script that runs before dist/avatar-chat.js, so both widgets are configured
// before they are defined. No inline scripts or styles anywhere, so the page also works under /csp/.
// Server text only ever reaches the page through textContent.
(() => {
  const $ = id => document.getElementById(id);
  const widgets = [...document.querySelectorAll('avatar-chat')];
  const root = document.documentElement;

  // ---------------------------------------------------------------- connection
  // Service mode (default): the inline widget sets itself up from the reference server's REST side (token,
  // configuration, history); the server's history for the demo user is in the "default" socket group.
  // ?mode=url: the plain url mode, one socket group per tab, set up by attributes.
  const serviceMode = new URLSearchParams(location.search).get('mode') !== 'url';
  const client = serviceMode ? 'default' : `demo-${Math.random().toString(36).slice(2, 8)}`;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const underCsp = /^\/csp(-tt)?\//.test(location.pathname); // blob: scripts are refused there
  const inline = $('inline');
  if (serviceMode) {
    inline.setAttribute('service', location.origin);
    inline.setAttribute('project-id', 'demo');
    inline.setAttribute('user-id', 'demo-visitor'); // the reference server keeps some history for this user
  } else {
    inline.setAttribute('avatar-id', 'ava');
    inline.setAttribute('heading', 'Ava');
    inline.setAttribute('greeting', "Hi, I'm Ava! Type a message, or hold the microphone button and talk.");
    inline.setAttribute('poster', 'avatar.svg');
    $('mode-link').textContent = 'Service mode';
    $('mode-link').href = location.pathname;
  }
  for (const el of widgets) {
    if (!el.hasAttribute('service')) el.setAttribute('url', `${scheme}://${location.host}/ws/chat?client=${client}`);
    if (underCsp) el.setAttribute('worklet-url', new URL('../dist/avatar-chat-worklet.js', location.href).href);
  }
  if (/^\/csp(-blob|-tt)?\//.test(location.pathname)) {
    $('csp-banner').hidden = !underCsp;
    $('csp-link').textContent = 'Run without CSP';
    $('csp-link').href = '/demo/index.html';
  }

  // ---------------------------------------------------------------- floating launcher
  // Narrow screens have no free gutter for the launcher (demo.css): show it only while the dock card is in view.
  new IntersectionObserver(([entry]) => document.body.classList.toggle('launcher-away', !entry.isIntersecting)).observe(
    $('dock'),
  );

  // ---------------------------------------------------------------- event log
  const EVENTS = [
    'status',
    'send',
    'message',
    'record-start',
    'record-stop',
    'reply-start',
    'reply-end',
    'error',
    'config',
  ];
  const MAX_ENTRIES = 300;
  const MAX_DETAIL = 240;
  const log = $('log');
  let count = 0;
  const json = detail => {
    const s = JSON.stringify(detail, (key, v) => {
      if (v instanceof Error) return `${v.name}: ${v.message}`;
      if (v instanceof Event) return `[${v.type} event]`;
      if (key === 'file_base64_data' && typeof v === 'string') return `<${v.length} base64 chars>`;
      return v;
    });
    return s && s.length > MAX_DETAIL ? `${s.slice(0, MAX_DETAIL - 1)}…` : (s ?? '');
  };
  const span = (cls, text, tag = 'span') => {
    const n = document.createElement(tag);
    n.className = cls;
    n.textContent = text;
    return n;
  };
  const time = () =>
    new Date().toLocaleTimeString([], { hour12: false }) + `.${String(Date.now() % 1000).padStart(3, '0')}`;
  for (const el of widgets) {
    for (const name of EVENTS) {
      el.addEventListener(`avatar-chat-${name}`, e => {
        const li = document.createElement('li');
        li.className = `entry entry--${name}`;
        li.append(
          span('time', time()),
          span('source', el.id),
          span('type', e.type, 'code'),
          span('detail', json(e.detail), 'code'),
        );
        log.prepend(li);
        while (log.childElementCount > MAX_ENTRIES) log.lastElementChild.remove();
        $('log-count').textContent = String(++count);
      });
    }
  }
  $('log-clear').addEventListener('click', () => {
    log.replaceChildren();
    $('log-count').textContent = String((count = 0));
  });

  // ---------------------------------------------------------------- server controls
  const result = $('server-result');
  for (const button of document.querySelectorAll('button[data-control]')) {
    button.addEventListener('click', async () => {
      const { control, status } = button.dataset;
      const query = new URLSearchParams({ client, ...(status ? { status } : {}) });
      try {
        const res = await fetch(`/control/${control}?${query}`, { method: 'POST' });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const n = await res.json();
        result.textContent = n
          ? `${button.textContent}: sent to ${n} connection${n === 1 ? '' : 's'}.`
          : 'No open connection yet (the floating widget connects when opened).';
      } catch (err) {
        result.textContent = `The server did not answer (${err.message}).`;
      }
    });
  }

  // ---------------------------------------------------------------- theme
  const form = $('theme');
  const props = new Map(); // custom properties the user changed
  // The widget's own palette (avatar-chat.styles.ts): untouched colour swatches show the one in use.
  const PALETTE = {
    light: {
      '--avatar-chat-accent': '#1d4ed8',
      '--avatar-chat-background': '#ffffff',
      '--avatar-chat-color': '#111827',
    },
    dark: {
      '--avatar-chat-accent': '#60a5fa',
      '--avatar-chat-background': '#111827',
      '--avatar-chat-color': '#f3f4f6',
    },
  };
  const darkQuery = matchMedia('(prefers-color-scheme: dark)');
  const showPalette = () => {
    const theme = form.elements.theme.value;
    const scheme = theme === 'auto' ? (darkQuery.matches ? 'dark' : 'light') : theme;
    for (const [name, value] of Object.entries(PALETTE[scheme]))
      if (!props.has(name)) form.elements[name].value = value;
  };
  darkQuery.addEventListener('change', showPalette);
  const applyTheme = () => {
    const theme = form.elements.theme.value;
    const voice = form.elements.voice.value;
    for (const el of widgets) {
      el.setAttribute('theme', theme);
      el.setAttribute('voice', voice);
    }
    document.body.classList.toggle('custom-parts', form.elements.parts.checked);
    showPalette();
    updateSnippet();
  };
  form.addEventListener('input', e => {
    const input = e.target;
    if (!input.name.startsWith('--')) return applyTheme();
    const value = input.value ? input.value + (input.dataset.unit ?? '') : '';
    const out = form.elements[`${input.name}-out`];
    if (out) out.value = value;
    if (value) props.set(input.name, value);
    else props.delete(input.name);
    if (value) root.style.setProperty(input.name, value);
    else root.style.removeProperty(input.name);
    updateSnippet();
  });
  form.addEventListener('change', applyTheme);
  $('theme-reset').addEventListener('click', () => {
    for (const name of props.keys()) root.style.removeProperty(name);
    props.clear();
    form.reset();
    for (const out of form.querySelectorAll('output')) out.value = out.defaultValue;
    showPalette();
    applyTheme();
  });

  // ---------------------------------------------------------------- embed snippet
  const ATTRS = [
    'service',
    'project-id',
    'url',
    'avatar-id',
    'heading',
    'greeting',
    'poster',
    'voice',
    'theme',
    'layout',
    'worklet-url',
  ];
  const quote = s => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  function updateSnippet() {
    const el = $('inline');
    const defaults = { theme: 'auto', layout: 'inline', voice: 'push-to-talk' };
    const attrs = ATTRS.filter(a => el.hasAttribute(a) && el.getAttribute(a) !== defaults[a]).map(a => {
      const v = el.getAttribute(a);
      return `  ${a}="${quote(a === 'poster' || a === 'worklet-url' ? new URL(v, location.href).href : v)}"`;
    });
    const lines = [
      `<script src="${new URL('../dist/avatar-chat.js', location.href).href}"></script>`,
      `<avatar-chat\n${attrs.join('\n')}\n></avatar-chat>`,
    ];
    if (props.size) {
      const decls = [...props].map(([k, v]) => `    ${k}: ${v};`).join('\n');
      lines.push(`<style>\n  avatar-chat {\n${decls}\n  }\n</style>`);
    }
    $('snippet').textContent = lines.join('\n');
  }
  $('copy').addEventListener('click', async () => {
    const button = $('copy');
    try {
      await navigator.clipboard.writeText($('snippet').textContent);
      button.textContent = 'Copied';
    } catch {
      getSelection().selectAllChildren($('snippet'));
      button.textContent = 'Press Ctrl+C';
    }
    setTimeout(() => (button.textContent = 'Copy'), 1500);
  });
  showPalette();
  updateSnippet();
})();
