// Placeholder demo script: points <avatar-chat> at this server's socket and wires the server controls.
const client = 'demo';
const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
// Under /csp/ and /csp-tt/ the page's CSP forbids blob: scripts, so the worklet comes from its file.
const noBlob = /^\/csp(-tt)?\//.test(location.pathname);
for (const el of document.querySelectorAll('avatar-chat')) {
  el.setAttribute('url', `${scheme}://${location.host}/ws/chat?client=${client}`);
  if (noBlob) el.setAttribute('worklet-url', new URL('../dist/avatar-chat-worklet.js', location.href).href);
}
for (const button of document.querySelectorAll('button[data-control]')) {
  button.addEventListener('click', () => {
    const status = button.dataset.status ? `&status=${button.dataset.status}` : '';
    fetch(`/control/${button.dataset.control}?client=${client}${status}`, { method: 'POST' }).catch(console.error);
  });
}
