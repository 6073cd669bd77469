import type { ChatMessage } from './conversation.js';

/** Storage for the `persist` attribute only: user id in localStorage, transcript + session in sessionStorage. */
const key = (avatarId: string, what: string) => `avatar-chat:${avatarId}:${what}`;

function get(store: () => Storage, k: string): string | null {
  try {
    return store().getItem(k);
  } catch {
    return null; // storage disabled (privacy mode, sandboxed iframe)
  }
}
function set(store: () => Storage, k: string, v: string | undefined) {
  try {
    if (v === undefined) store().removeItem(k);
    else store().setItem(k, v);
  } catch {
    /* quota or disabled: keep working without */
  }
}
const local = () => localStorage;
const session = () => sessionStorage;

export const loadUserId = (avatarId: string) => get(local, key(avatarId, 'user')) ?? undefined;
export const saveUserId = (avatarId: string, id: string) => set(local, key(avatarId, 'user'), id);

export function loadChat(avatarId: string): { messages: ChatMessage[]; session?: string } {
  let messages: ChatMessage[] = [];
  try {
    const parsed: unknown = JSON.parse(get(session, key(avatarId, 'transcript')) ?? '[]');
    if (Array.isArray(parsed))
      messages = parsed.filter(
        (m): m is ChatMessage =>
          m && typeof m.id === 'string' && typeof m.text === 'string' && typeof m.role === 'string',
      );
  } catch {
    /* a damaged copy is ignored */
  }
  return { messages, session: get(session, key(avatarId, 'session')) ?? undefined };
}

export function saveChat(avatarId: string, messages: readonly ChatMessage[], sessionId: string) {
  // Blob URLs die with the page: keep the entry, drop its media.
  const keep = messages.map(m => (m.media?.url.startsWith('blob:') ? { ...m, media: undefined } : m));
  set(session, key(avatarId, 'transcript'), JSON.stringify(keep));
  set(session, key(avatarId, 'session'), sessionId || undefined);
}
