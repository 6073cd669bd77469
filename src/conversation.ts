/** The transcript as data: pure, no DOM. The element renders it and persists it. */
export interface ChatMessage {
  id: string;
  role: 'user' | 'avatar' | 'system';
  kind: 'text' | 'voice';
  text: string;
  media?: { url: string; type: 'audio' | 'video' | 'auto' };
  /** ms since epoch */
  time: number;
  state?: 'queued' | 'sent' | 'failed';
  /** voice turns: length of the recording */
  durationMs?: number;
}

/** Older entries are dropped past this many (their Blob URLs revoked); see the README. */
export const MAX_MESSAGES = 200;

/** A v4 UUID, also on insecure (http:) pages where crypto.randomUUID is missing: each 0/1 of the template becomes a
 *  random hex digit, the 8 a variant digit (8–b); the 4 is the version. */
export function uuid(): string {
  const r = crypto.getRandomValues(new Uint8Array(31));
  let i = 0;
  return '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, c => (+c ^ (r[i++] & (15 >> (+c / 4)))).toString(16));
}

export class Conversation {
  messages: readonly ChatMessage[] = [];

  constructor(
    private readonly onDrop: (m: ChatMessage) => void = () => {},
    private readonly cap = MAX_MESSAGES,
  ) {}

  add(entry: Omit<ChatMessage, 'id' | 'time'> & { time?: number }): ChatMessage {
    const m: ChatMessage = { id: uuid(), time: Date.now(), ...entry };
    const all = [...this.messages, m],
      keep = all.splice(-this.cap); // `all` keeps the dropped ones (cap ≥ 1)
    all.forEach(this.onDrop);
    this.messages = keep;
    return m;
  }

  get(id: string): ChatMessage | undefined {
    return this.messages.find(m => m.id === id);
  }

  update(id: string, patch: Partial<ChatMessage>): ChatMessage | undefined {
    let found: ChatMessage | undefined;
    this.messages = this.messages.map(m => (m.id === id ? (found = { ...m, ...patch }) : m));
    return found;
  }

  /** Puts a recognised question on the latest user voice turn that has none yet; false when none waits. */
  attachTranscript(text: string): ChatMessage | undefined {
    const m = this.messages.findLast(m => m.role === 'user' && m.kind === 'voice' && !m.text);
    return m && this.update(m.id, { text });
  }

  replace(messages: ChatMessage[]): void {
    this.clear();
    this.messages = messages.slice(-this.cap);
  }

  clear(): void {
    this.messages.forEach(this.onDrop);
    this.messages = [];
  }
}
