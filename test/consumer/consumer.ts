// Type-level check of the published package, compiled by `npm run check:consumer` (tsc -p test/consumer) after
// `npm run build`. 'avatar-chat' resolves like it does for an app that installed the package: through the
// package.json `exports` ("types" condition → dist/types/index.d.ts; TypeScript's self-reference of a package).
// Nothing here runs; a type error fails the check.
import 'avatar-chat';
import {
  AvatarChat,
  AvatarChatErrorEvent,
  AvatarChatEvent,
  AvatarChatMessageEvent,
  AvatarChatSendEvent,
  AvatarChatStatusEvent,
  type ChatMessage,
  type ErrorCode,
  type ErrorDetail,
  type Status,
  type Strings,
  type VoiceMode,
} from 'avatar-chat';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assert = <T extends true>(): T => true as T;

// The tag maps to the class: createElement, querySelector and the constructor agree.
const el: AvatarChat = document.createElement('avatar-chat');
const found: AvatarChat | null = document.querySelector('avatar-chat');
assert<Equals<HTMLElementTagNameMap['avatar-chat'], AvatarChat>>();
const version: string = AvatarChat.version;

// Attributes as properties, with their types.
el.url = 'wss://avatars.example.com/ws/chat';
el.avatarId = 'avatar-123';
el.voice = 'vad' satisfies VoiceMode;
el.maxRecording = 20;
el.layout = 'floating';
el.theme = 'dark';
el.open = true;
el.persist = false;
el.workletUrl = '/avatar-chat-worklet.js';
el.strings = { send: 'Senden' } satisfies Partial<Strings>;
el.getToken = async () => 'jwt';
// @ts-expect-error: not a voice mode
el.voice = 'always';
// @ts-expect-error: not a layout
el.layout = 'sidebar';
// @ts-expect-error: status is read-only
el.status = 'connected';

// Internals (`@internal`, stripped from the declarations) are not part of the API.
// @ts-expect-error: internal
el.fail('send', 'x', true);
// @ts-expect-error: internal
el.setState('open', true);

const status: Status = el.status;
const messages: readonly ChatMessage[] = el.messages;
const recording: boolean = el.recording;

// Methods.
const sent: Promise<ChatMessage | null> = el.send('Hello');
const voice: Promise<ChatMessage | null> = el.sendAudio(new Blob());
const started: Promise<void> = el.startRecording();
const stopped: Promise<void> = el.stopRecording();
el.cancelRecording();
el.connect();
el.disconnect();
el.clear();

// The event map: listeners get the typed event classes without casts.
el.addEventListener('avatar-chat-error', e => {
  assert<Equals<typeof e, AvatarChatErrorEvent>>();
  const code: ErrorCode = e.detail.code;
  const detail: ErrorDetail = e.detail;
  const recoverable: boolean = e.detail.recoverable;
  return [code, detail, recoverable];
});
el.addEventListener('avatar-chat-status', e => {
  const s: Status = e.detail.status;
  const attempt: number = e.detail.attempt;
  return [s, attempt];
});
el.addEventListener('avatar-chat-send', e => {
  assert<Equals<typeof e, AvatarChatSendEvent>>();
  const kind: 'text' | 'voice' = e.detail.kind;
  e.detail.payload.extra = 1;
  if (kind === 'voice') e.preventDefault();
});
el.addEventListener('avatar-chat-message', e => {
  const m: ChatMessage = e.detail.message;
  const role: 'user' | 'avatar' | 'system' = m.role;
  return [role, e.detail.raw];
});
el.addEventListener('avatar-chat-record-stop', e => [e.detail.durationMs, e.detail.bytes, e.detail.sent]);
el.addEventListener('avatar-chat-reply-start', e => e.detail.messageId.toUpperCase());
el.addEventListener('avatar-chat-reply-end', e => e.detail.messageId.toUpperCase());
el.addEventListener('avatar-chat-record-start', e => e.detail);
// Events bubble to the document, typed there too.
document.addEventListener('avatar-chat-status', e => e.detail.status satisfies Status);
// @ts-expect-error: detail of an error event has no `status`
el.addEventListener('avatar-chat-error', e => e.detail.status);

// The event classes are real classes (instanceof, construction for tests and re-dispatch).
const ev = new AvatarChatStatusEvent({ status: 'connected', attempt: 0 });
const base: AvatarChatEvent<unknown> = ev;
const isMessage = (e: Event): e is AvatarChatMessageEvent => e instanceof AvatarChatMessageEvent;
// @ts-expect-error: not a status
new AvatarChatStatusEvent({ status: 'online', attempt: 0 });

// The element is a regular HTMLElement subclass.
const node: HTMLElement = el;
customElements.get('avatar-chat') satisfies CustomElementConstructor | undefined;

export { base, found, version, isMessage, messages, node, recording, sent, started, status, stopped, voice };
