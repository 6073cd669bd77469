import { waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';

/** Talks to the reference server that the chat-server WTR plugin runs (demo/server). */
export const cmd = <R>(command: string, payload?: unknown) => executeServerCommand<R, unknown>(command, payload);

let n = 0;
/** A fresh client id (the server groups sockets and frames by it) and its socket URL. */
export async function newClient(prefix = 't') {
  const client = `${prefix}-${Date.now().toString(36)}-${n++}`;
  const port = await cmd<number>('chat-port');
  return { client, url: `ws://127.0.0.1:${port}/ws/chat?client=${client}`, origin: `http://127.0.0.1:${port}` };
}

export const frames = (client: string) => cmd<string[]>('chat-frames', { client });
export const push = (client: string, data: unknown) => cmd<number>('chat-send', { client, data });
export const sockets = (client: string) => cmd<number>('chat-sockets', { client });
export const behaviour = (client: string, switches: Record<string, unknown>) =>
  cmd('chat-behaviour', { client, ...switches });

/** Waits until the server has received `count` frames from `client`, and returns them. */
export async function waitForFrames(client: string, count = 1, timeout = 5000): Promise<string[]> {
  let got: string[] = [];
  await waitUntil(async () => (got = await frames(client)).length >= count, `expected ${count} frame(s)`, { timeout });
  return got;
}

/** Waits for an open socket from `client`. */
export const waitForSocket = (client: string, count = 1) =>
  waitUntil(async () => (await sockets(client)) >= count, `expected ${count} socket(s)`, { timeout: 5000 });
