import { ContextConsumer, createContext, type Context } from '@lit/context';
import type { ReactiveControllerHost } from 'lit';
import type { ChatMessage } from './chat/conversation.js';
import type { VoiceMode } from './names.js';
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
}

/** The attributes the sub-elements render. */
export interface ChatConfig {
  greeting: string;
  poster: string;
  placeholder: string;
  voice: VoiceMode;
  disabled: boolean;
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
