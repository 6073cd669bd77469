import { ContextConsumer, ContextProvider, createContext, type Context } from '@lit/context';
import type { ReactiveControllerHost } from 'lit';
import type { AwaitedTurn } from './chat/chat-session.js';
import type { ChatMessage } from './chat/conversation.js';
import type { Status, VoiceMode } from './names.js';
import type { ServiceLanguage } from './service/config.js';
import type { Strings } from './strings.js';

/** What the conversation looks like now: <avatar-chat> provides it, the sub-elements render it. */
export interface ChatSnapshot {
  messages: readonly ChatMessage[];
  /** Id of the reply whose media is playing ('' when none). */
  playingId: string;
  /** The microphone is open. */
  recording: boolean;
  /** Why the microphone cannot be used ('' when it can). */
  micProblem: string;
  /** The chat service cannot be reached: queued turns wait for it to be back. */
  unreachable?: boolean;
  /** Service mode: older history can be loaded ("Load earlier"). */
  hasEarlier?: boolean;
  /** Service mode: how many of the first entries are history (the greeting and starters come after them). */
  historyCount?: number;
  /** Hands-free: what the microphone is doing, in words ('' when not listening). */
  voiceStatus?: string;
  /** The turn waiting for its answer (the typing entry shows), if any. */
  awaited?: AwaitedTurn;
  /** Replies whose media has played (their button says "Play again"). */
  played?: ReadonlySet<string>;
  /** The connection status (the header says it in words). */
  status?: Status;
  /** A reply plays while the stage is hidden: the header shows the speaking indicator. */
  speaking?: boolean;
}

/** The attributes the sub-elements render. */
export interface ChatConfig {
  greeting: string;
  poster: string;
  placeholder: string;
  voice: VoiceMode;
  disabled: boolean;
  /** The header's name, for "… is thinking". */
  heading?: string;
  /** Conversation starters, shown under the greeting until the first turn. */
  suggestions?: readonly string[];
  /** Replies' sound is off. */
  muted?: boolean;
  /** `layout="floating"`: the header has a Close button. */
  floating?: boolean;
  /** Service mode: the languages the visitor may pick from (a picker shows when there are two or more). */
  languages?: readonly ServiceLanguage[];
  /** The language later turns are sent with. */
  language?: string;
}

export const snapshotContext = createContext<ChatSnapshot>('avatar-chat/snapshot');
export const stringsContext = createContext<Strings>('avatar-chat/strings');
export const configContext = createContext<ChatConfig>('avatar-chat/config');

/** Subscribes a sub-element to a context: `apply` gets the first value and every later one (the host re-renders). */
export function consume<T>(
  host: ReactiveControllerHost & HTMLElement,
  context: Context<unknown, T>,
  apply: (value: T) => void,
): ContextConsumer<Context<unknown, T>, ReactiveControllerHost & HTMLElement> {
  return new ContextConsumer(host, { context, subscribe: true, callback: apply });
}

/** What <avatar-chat> provides. */
export type ProvidedValues = { snapshot: ChatSnapshot; strings: Strings; config: ChatConfig };
type Host = ReactiveControllerHost & HTMLElement;

/** Gives `value` to the sub-elements when one of its fields changed (each new value renders them again). */
function offer<T extends object>(provider: ContextProvider<Context<unknown, T>, Host>, value: T): void {
  const old = provider.value as Record<string, unknown>;
  if (Object.entries(value).some(([key, field]) => field !== old[key])) provider.setValue(value);
}

/** <avatar-chat>'s side of the three contexts: `provide()` (in willUpdate) reads the current values. */
export class ChatContextProvider {
  readonly #read: () => ProvidedValues;
  readonly #snapshot: ContextProvider<typeof snapshotContext, Host>;
  readonly #strings: ContextProvider<typeof stringsContext, Host>;
  readonly #config: ContextProvider<typeof configContext, Host>;

  constructor(host: Host, read: () => ProvidedValues) {
    this.#read = read;
    const { snapshot, strings, config } = read();
    this.#snapshot = new ContextProvider(host, { context: snapshotContext, initialValue: snapshot });
    this.#strings = new ContextProvider(host, { context: stringsContext, initialValue: strings });
    this.#config = new ContextProvider(host, { context: configContext, initialValue: config });
  }

  provide(): void {
    const { snapshot, strings, config } = this.#read();
    offer(this.#snapshot, snapshot);
    this.#strings.setValue(strings);
    offer(this.#config, config);
  }
}
