/** Entry point: defines <avatar-chat> (the only module with side effects). */
import { AvatarChat } from './avatar-chat.js';
import { defineOnce } from './define.js';

defineOnce('avatar-chat', AvatarChat);

export { AvatarChat };
export * from './events.js';
export type { ChatMessage } from './conversation.js';
export type { Strings } from './strings.js';
export type { ErrorCode, Status, VoiceMode } from './names.js';
