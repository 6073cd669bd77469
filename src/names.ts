/** Every public name in one place: tags, events, error codes, statuses (the contract is element-api.md). */
export const VERSION = '0.1.0';

export const EVENT = {
  status: 'avatar-chat-status',
  send: 'avatar-chat-send',
  message: 'avatar-chat-message',
  recordStart: 'avatar-chat-record-start',
  recordStop: 'avatar-chat-record-stop',
  replyStart: 'avatar-chat-reply-start',
  replyEnd: 'avatar-chat-reply-end',
  error: 'avatar-chat-error',
  config: 'avatar-chat-config',
} as const;

export type ErrorCode =
  | 'config'
  | 'socket'
  | 'auth'
  | 'server'
  | 'protocol'
  | 'mic-permission'
  | 'mic-unavailable'
  | 'worklet'
  | 'playback'
  | 'send';

export type Status = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** The custom states (`avatar-chat:state(name)`). */
export type CustomState =
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'recording'
  | 'playing'
  | 'open'
  | 'error'
  | 'unreachable'
  | 'listening'
  | 'thinking'
  | 'muted';
export type VoiceMode = 'push-to-talk' | 'vad' | 'off';

/** Falls back to the first (default) value when `value` is not one of `allowed`. */
export const oneOf = <T extends string>(value: unknown, allowed: readonly T[]): T =>
  allowed.includes(value as T) ? (value as T) : allowed[0];
