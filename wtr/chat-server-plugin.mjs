// TEMPORARY minimal plugin (to be replaced by the reference-server-backed plugin).
import { WebSocketServer } from 'ws';
export function chatServerPlugin() {
  let wss;
  const frames = new Map();
  return {
    name: 'chat-server',
    async serverStart() {
      wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
      await new Promise(r => wss.once('listening', r));
      wss.on('connection', (ws, req) => {
        const client = new URL(req.url, 'http://x').searchParams.get('client') ?? 'default';
        ws.on('message', d => (frames.get(client) ?? frames.set(client, []).get(client)).push(d.toString()));
      });
    },
    async serverStop() {
      for (const c of wss?.clients ?? []) c.terminate();
      await new Promise(r => wss.close(() => r()));
    },
    async executeCommand({ command, payload }) {
      if (command === 'chat-port') return wss.address().port;
      if (command === 'chat-frames') return frames.get(payload?.client ?? 'default') ?? [];
    },
  };
}
