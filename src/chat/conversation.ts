/** The transcript as data: pure, no DOM. ChatSession changes it; the element renders it. */
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

/** An entry to add: the id is made here, the time defaults to now. */
export type NewEntry = Omit<ChatMessage, 'id' | 'time'> & { time?: number };

/** Older entries are dropped past this many (their Blob URLs revoked); see the README. */
export const MAX_MESSAGES = 200;

/** A v4 UUID, also on insecure (http:) pages where crypto.randomUUID is missing: each 0/1 of the template becomes a
 *  random hex digit, the 8 a variant digit (8–b); the 4 is the version. */
export function uuid(): string {
  const random = crypto.getRandomValues(new Uint8Array(31));
  let i = 0;
  return '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, c => {
    const digit = Number(c);
    return (digit ^ (random[i++] & (15 >> (digit / 4)))).toString(16);
  });
}

export interface ConversationOptions {
  /** Called for every entry that leaves the transcript (dropped past `cap`, cleared, replaced). */
  onDrop?: (message: ChatMessage) => void;
  /** At most this many entries [MAX_MESSAGES]. */
  cap?: number;
}

/** The entries of one conversation, oldest first. Every change makes a new `messages` array. */
export class Conversation {
  messages: readonly ChatMessage[] = [];
  readonly #onDrop: (message: ChatMessage) => void;
  readonly #cap: number;

  constructor({ onDrop = () => {}, cap = MAX_MESSAGES }: ConversationOptions = {}) {
    this.#onDrop = onDrop;
    this.#cap = cap;
  }

  add(entry: NewEntry): ChatMessage {
    const message: ChatMessage = { id: uuid(), time: Date.now(), ...entry };
    const all = [...this.messages, message];
    const kept = all.splice(-this.#cap); // `all` keeps the dropped ones (cap ≥ 1)
    all.forEach(this.#onDrop);
    this.messages = kept;
    return message;
  }

  get(id: string): ChatMessage | undefined {
    return this.messages.find(m => m.id === id);
  }

  update(id: string, patch: Partial<ChatMessage>): ChatMessage | undefined {
    let found: ChatMessage | undefined;
    this.messages = this.messages.map(m => {
      if (m.id !== id) return m;
      found = { ...m, ...patch };
      return found;
    });
    return found;
  }

  /** The latest user turn is a voice turn still waiting for its transcript (a reply's `>` quote is then its text). */
  get voicePending(): boolean {
    const latest = this.messages.findLast(m => m.role === 'user');
    return latest?.kind === 'voice' && !latest.text;
  }

  /** Puts a recognised question on the latest user voice turn that has none yet; undefined when none waits. */
  attachTranscript(text: string): ChatMessage | undefined {
    const waiting = this.messages.findLast(m => m.role === 'user' && m.kind === 'voice' && !m.text);
    return waiting && this.update(waiting.id, { text });
  }

  /** Puts older entries above the others (history); past the cap, the oldest are left out. */
  prepend(older: ChatMessage[]): void {
    const all = [...older, ...this.messages];
    this.messages = all.slice(-this.#cap);
    all.slice(0, -this.#cap).forEach(this.#onDrop);
  }

  replace(messages: ChatMessage[]): void {
    this.clear();
    this.messages = messages.slice(-this.#cap);
  }

  clear(): void {
    this.messages.forEach(this.#onDrop);
    this.messages = [];
  }
}
