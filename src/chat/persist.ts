import type { ChatMessage } from './conversation.js';

/**
 * Storage for the `persist` attribute: the user id in localStorage, the transcript and session in sessionStorage,
 * keyed by avatar id. Storage that is disabled (privacy mode, sandboxed iframe) or full is skipped: reads give
 * undefined, writes do nothing.
 */
type Area = 'localStorage' | 'sessionStorage';

/** The stored copy of a conversation. */
export interface StoredChat {
  messages: ChatMessage[];
  session?: string;
}

/** What ChatSession keeps across reloads; the element gives it `browserStore(avatarId)`, tests a fake. */
export interface ChatStore {
  loadUserId(): string | undefined;
  saveUserId(id: string): void;
  loadChat(): StoredChat;
  saveChat(messages: readonly ChatMessage[], session: string): void;
}

const key = (avatarId: string, what: string) => `avatar-chat:${avatarId}:${what}`;

/** The value stored under `name`, or undefined (absent, or storage unavailable). */
export function readItem(area: Area, name: string): string | undefined {
  try {
    return window[area].getItem(name) ?? undefined;
  } catch {
    return undefined;
  }
}

export function writeItem(area: Area, name: string, value: string): void {
  try {
    window[area].setItem(name, value);
  } catch {
    /* keep working without */
  }
}

export function removeItem(area: Area, name: string): void {
  try {
    window[area].removeItem(name);
  } catch {
    /* keep working without */
  }
}

const isMessage = (m: unknown): m is ChatMessage => {
  const entry = m as Partial<ChatMessage> | null;
  return !!entry && typeof entry.id === 'string' && typeof entry.text === 'string' && typeof entry.role === 'string';
};

export function loadUserId(avatarId: string): string | undefined {
  return readItem('localStorage', key(avatarId, 'user'));
}

export function saveUserId(avatarId: string, id: string): void {
  writeItem('localStorage', key(avatarId, 'user'), id);
}

/** The stored transcript (entries that do not look like entries are skipped; a damaged copy reads as empty). */
export function loadChat(avatarId: string): StoredChat {
  let messages: ChatMessage[] = [];
  try {
    const parsed: unknown = JSON.parse(readItem('sessionStorage', key(avatarId, 'transcript')) ?? '[]');
    if (Array.isArray(parsed)) messages = parsed.filter(isMessage);
  } catch {
    /* a damaged copy is ignored */
  }
  return { messages, session: readItem('sessionStorage', key(avatarId, 'session')) };
}

export function saveChat(avatarId: string, messages: readonly ChatMessage[], session: string): void {
  // Blob URLs die with the page: keep the entry, drop its media.
  const kept = messages.map(m => (m.media?.url.startsWith('blob:') ? { ...m, media: undefined } : m));
  writeItem('sessionStorage', key(avatarId, 'transcript'), JSON.stringify(kept));
  if (session) writeItem('sessionStorage', key(avatarId, 'session'), session);
  else removeItem('sessionStorage', key(avatarId, 'session'));
}

/** The browser's storage for one avatar. */
export function browserStore(avatarId: string): ChatStore {
  return {
    loadUserId: () => loadUserId(avatarId),
    saveUserId: id => saveUserId(avatarId, id),
    loadChat: () => loadChat(avatarId),
    saveChat: (messages, session) => saveChat(avatarId, messages, session),
  };
}
