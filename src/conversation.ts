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

const hex = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), b => b.toString(16).padStart(2, '0'));

/** A v4 UUID, also on insecure (http:) pages where crypto.randomUUID is missing. */
export function uuid(): string {
  const h = hex(16);
  h[6] = '4' + h[6][1];
  h[8] = ((parseInt(h[8], 16) & 0x3f) | 0x80).toString(16);
  return `${h.slice(0, 4).join('')}-${h.slice(4, 6).join('')}-${h.slice(6, 8).join('')}-${h.slice(8, 10).join('')}-${h.slice(10).join('')}`;
}

export class Conversation {
  messages: readonly ChatMessage[] = [];

  constructor(
    private readonly onDrop: (m: ChatMessage) => void = () => {},
    private readonly cap = MAX_MESSAGES,
  ) {}

  add(entry: Omit<ChatMessage, 'id' | 'time'> & { time?: number }): ChatMessage {
    const m: ChatMessage = { id: uuid(), time: Date.now(), ...entry };
    const all = [...this.messages, m];
    all.slice(0, Math.max(0, all.length - this.cap)).forEach(this.onDrop);
    this.messages = all.slice(-this.cap);
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
    const m = [...this.messages].reverse().find(m => m.role === 'user' && m.kind === 'voice' && !m.text);
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
