// Web Test Runner plugin: runs the reference Chat Mode server (demo/server/server.mjs) for browser tests.
// From the browser: executeServerCommand<R, unknown>(command, payload) with the commands of the server's
// control API: chat-port, chat-origin, chat-frames, chat-log, chat-auth-calls, chat-sockets, chat-send,
// chat-error, chat-close, chat-terminate, chat-behaviour, chat-reset, chat-stop, chat-start (see
// demo/server/README.md). Other commands return undefined so other plugins can answer them.
import { startChatServer } from '../demo/server/server.mjs';

export function chatServerPlugin(options = {}) {
  let server;
  return {
    name: 'chat-server',
    async serverStart() {
      server = await startChatServer({ quiet: true, ...options });
    },
    async serverStop() {
      await server?.close();
    },
    async executeCommand({ command, payload }) {
      if (!server || !command.startsWith('chat-')) return undefined;
      return server.command(command, payload ?? {});
    },
  };
}
