/** Entry point: defines <avatar-chat> and the elements of its shadow tree (the only module with side effects). */
import { AvatarChat } from './avatar-chat.js';
import { AvatarChatMic } from './components/avatar-chat-mic.js';
import { AvatarChatPlayer } from './components/avatar-chat-player.js';
import { AvatarChatTranscript } from './components/avatar-chat-transcript.js';
import { defineOnce } from './define.js';

// Children first, so the panel renders complete on first paint.
defineOnce('avatar-chat-transcript', AvatarChatTranscript);
defineOnce('avatar-chat-player', AvatarChatPlayer);
defineOnce('avatar-chat-mic', AvatarChatMic);
defineOnce('avatar-chat', AvatarChat);

export { AvatarChat, AvatarChatMic, AvatarChatPlayer, AvatarChatTranscript };
export * from './events.js';
export type { ChatMessage } from './conversation.js';
export type { Strings } from './strings.js';
export type { ErrorCode, Status, VoiceMode } from './names.js';

declare global {
  interface HTMLElementTagNameMap {
    'avatar-chat-transcript': AvatarChatTranscript;
    'avatar-chat-player': AvatarChatPlayer;
    'avatar-chat-mic': AvatarChatMic;
  }
}
