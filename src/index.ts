/** Entry point: defines <avatar-chat> and its sub-elements (the only module with side effects). */
import { AvatarChat } from './avatar-chat.js';
import { AvatarChatComposer } from './components/avatar-chat-composer.js';
import { AvatarChatHeader } from './components/avatar-chat-header.js';
import { AvatarChatStage } from './components/avatar-chat-stage.js';
import { AvatarChatTranscript } from './components/avatar-chat-transcript.js';
import { defineOnce } from './define.js';

defineOnce('avatar-chat-header', AvatarChatHeader);
defineOnce('avatar-chat-stage', AvatarChatStage);
defineOnce('avatar-chat-transcript', AvatarChatTranscript);
defineOnce('avatar-chat-composer', AvatarChatComposer);
defineOnce('avatar-chat', AvatarChat);

export { AvatarChat };
export * from './events.js';
export type { ChatMessage } from './chat/conversation.js';
export type { Strings } from './strings.js';
export type { ErrorCode, Status, VoiceMode } from './names.js';
