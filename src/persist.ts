import type { ChatMessage } from './conversation.js';

/**
 * Storage for the `persist` attribute only: user id in localStorage, transcript + session in sessionStorage.
 * With no `v` argument it reads (undefined when absent), else writes `v` (undefined removes the key). Storage that
 * is disabled (privacy mode, sandboxed iframe) or full is skipped: reads give undefined, writes do nothing.
 */
function store(local: boolean, avatarId: string, what: string, ...v: [string?]): string | undefined {
  try {
    const s = local ? localStorage : sessionStorage,
      k = `avatar-chat:${avatarId}:${what}`;
    if (!v.length) return s.getItem(k) ?? undefined;
    if (v[0] === undefined) s.removeItem(k);
    else s.setItem(k, v[0]);
  } catch {
    /* keep working without */
  }
}

export const loadUserId = (avatarId: string) => store(true, avatarId, 'user');
export const saveUserId = (avatarId: string, id: string) => void store(true, avatarId, 'user', id);

export function loadChat(avatarId: string): { messages: ChatMessage[]; session?: string } {
  let messages: ChatMessage[] = [];
  try {
    const parsed: unknown = JSON.parse(store(false, avatarId, 'transcript') ?? '[]');
    if (Array.isArray(parsed))
      messages = parsed.filter(
        (m): m is ChatMessage =>
          m && typeof m.id === 'string' && typeof m.text === 'string' && typeof m.role === 'string',
      );
  } catch {
    /* a damaged copy is ignored */
  }
  return { messages, session: store(false, avatarId, 'session') };
}

export function saveChat(avatarId: string, messages: readonly ChatMessage[], sessionId: string) {
  // Blob URLs die with the page: keep the entry, drop its media.
  const keep = messages.map(m => (m.media?.url.startsWith('blob:') ? { ...m, media: undefined } : m));
  store(false, avatarId, 'transcript', JSON.stringify(keep));
  store(false, avatarId, 'session', sessionId || undefined);
}
