// `npm start`: the reference Chat Mode server for the demo page (a development tool).
// Usage: node demo/server/cli.mjs [--port N] [--host H]   (env PORT, HOST; default 127.0.0.1:8080;
// when the port is busy the next few ports are tried).
import { startChatServer } from './server.mjs';

const args = process.argv.slice(2);
const arg = name => {
  const i = args.findIndex(a => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return args[i].includes('=') ? args[i].slice(args[i].indexOf('=') + 1) : args[i + 1];
};
if (args.includes('--help') || args.includes('-h')) {
  console.log('usage: node demo/server/cli.mjs [--port N] [--host H]  (env PORT, HOST; default 127.0.0.1:8080)');
  process.exit(0);
}
const host = arg('host') ?? process.env.HOST ?? '127.0.0.1';
const first = Number(arg('port') ?? process.env.PORT ?? 8080);
if (!Number.isInteger(first) || first < 0 || first > 65535) {
  console.error(`avatar-chat demo: bad port ${arg('port') ?? process.env.PORT}`);
  process.exit(2);
}

let server;
for (let port = first; !server; port++) {
  try {
    server = await startChatServer({ host, port });
  } catch (err) {
    if (err?.code !== 'EADDRINUSE' || port === 0 || port >= first + 9) {
      console.error(`avatar-chat demo: cannot listen on ${host}:${port}: ${err?.message ?? err}`);
      process.exit(1);
    }
    console.log(`port ${port} is busy, trying ${port + 1}`);
  }
}

// The demo page's service-mode widget (user-id "demo-visitor") shows some history from the start.
const hour = 60 * 60 * 1000;
await server.command('chat-history', {
  client: 'default',
  user_id: 'demo-visitor',
  records: [
    ['Hello! Who are you?', "I'm Ava, the demo avatar. You can type to me or talk to me."],
    ['Which languages do you speak?', 'English, Deutsch and Français: pick one in the header.'],
  ].map(([request, answer], i) => ({
    _id: `demo-${i}`,
    direction: 'incoming',
    request,
    answer,
    date: Date.now() - 24 * hour + i * 60_000,
    chat_type: 'text',
  })),
});

console.log(`avatar-chat demo: ${server.origin}/demo/index.html  (plain url mode: ?mode=url)`);
console.log(`socket: ${server.wsUrl().replace(/\?.*$/, '')}`);
console.log(`service (REST: /jwt, /connection, /chat): ${server.origin}`);
console.log(`strict-CSP demo: ${server.origin}/csp/demo/index.html`);

let stopping = false;
const shutdown = async signal => {
  if (stopping) process.exit(130);
  stopping = true;
  console.log(`\n${signal}: stopping`);
  await server.close();
  process.exit(0);
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
