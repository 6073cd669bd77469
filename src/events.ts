import { EVENT, type ErrorCode, type Status } from './names.js';
import type { ChatMessage } from './chat/conversation.js';

/** Base of every public event: bubbles and crosses shadow roots, with a typed `detail`. */
export class AvatarChatEvent<D> extends Event {
  constructor(
    type: string,
    readonly detail: D,
    cancelable = false,
  ) {
    super(type, { bubbles: true, composed: true, cancelable });
  }
}

export interface StatusDetail {
  status: Status;
  attempt: number;
}
export interface SendDetail {
  kind: 'text' | 'voice';
  /** The exact object that will be sent (listeners may add fields). */
  payload: Record<string, unknown>;
}
export interface MessageDetail {
  message: ChatMessage;
  raw: unknown;
}
export interface RecordStopDetail {
  durationMs: number;
  bytes: number;
  sent: boolean;
}
export interface ReplyDetail {
  messageId: string;
}
export interface ConfigDetail {
  /** The service's configuration JSON, without the token. */
  config: Record<string, unknown>;
}
export interface ErrorDetail {
  code: ErrorCode;
  message: string;
  recoverable: boolean;
  cause?: unknown;
}

export class AvatarChatStatusEvent extends AvatarChatEvent<StatusDetail> {
  constructor(d: StatusDetail) {
    super(EVENT.status, d);
  }
}
export class AvatarChatSendEvent extends AvatarChatEvent<SendDetail> {
  constructor(d: SendDetail) {
    super(EVENT.send, d, true);
  }
}
export class AvatarChatMessageEvent extends AvatarChatEvent<MessageDetail> {
  constructor(d: MessageDetail) {
    super(EVENT.message, d);
  }
}
export class AvatarChatRecordStartEvent extends AvatarChatEvent<Record<string, never>> {
  constructor() {
    super(EVENT.recordStart, {});
  }
}
export class AvatarChatRecordStopEvent extends AvatarChatEvent<RecordStopDetail> {
  constructor(d: RecordStopDetail) {
    super(EVENT.recordStop, d);
  }
}
export class AvatarChatReplyStartEvent extends AvatarChatEvent<ReplyDetail> {
  constructor(d: ReplyDetail) {
    super(EVENT.replyStart, d);
  }
}
export class AvatarChatReplyEndEvent extends AvatarChatEvent<ReplyDetail> {
  constructor(d: ReplyDetail) {
    super(EVENT.replyEnd, d);
  }
}
export class AvatarChatErrorEvent extends AvatarChatEvent<ErrorDetail> {
  constructor(d: ErrorDetail) {
    super(EVENT.error, d);
  }
}
export class AvatarChatConfigEvent extends AvatarChatEvent<ConfigDetail> {
  constructor(d: ConfigDetail) {
    super(EVENT.config, d);
  }
}

/** Every public event by short name: <avatar-chat>'s `emit` builds them all. */
export const EVENTS = {
  status: AvatarChatStatusEvent,
  send: AvatarChatSendEvent,
  message: AvatarChatMessageEvent,
  recordStart: AvatarChatRecordStartEvent,
  recordStop: AvatarChatRecordStopEvent,
  replyStart: AvatarChatReplyStartEvent,
  replyEnd: AvatarChatReplyEndEvent,
  error: AvatarChatErrorEvent,
  config: AvatarChatConfigEvent,
};
/** Each public event's `detail`, by short name. */
export type EventDetails = { [K in keyof typeof EVENTS]: InstanceType<(typeof EVENTS)[K]>['detail'] };
/** Fires a public event by short name; false when a listener cancelled it. <avatar-chat>'s one `#emit`, passed on. */
export type Emit = <K extends keyof EventDetails>(name: K, detail: EventDetails[K]) => boolean;

declare global {
  interface GlobalEventHandlersEventMap {
    'avatar-chat-status': AvatarChatStatusEvent;
    'avatar-chat-send': AvatarChatSendEvent;
    'avatar-chat-message': AvatarChatMessageEvent;
    'avatar-chat-record-start': AvatarChatRecordStartEvent;
    'avatar-chat-record-stop': AvatarChatRecordStopEvent;
    'avatar-chat-reply-start': AvatarChatReplyStartEvent;
    'avatar-chat-reply-end': AvatarChatReplyEndEvent;
    'avatar-chat-error': AvatarChatErrorEvent;
    'avatar-chat-config': AvatarChatConfigEvent;
  }
}
