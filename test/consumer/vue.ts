// Type-level check of the Vue typings the package ships (dist/frameworks/vue.d.ts, generated from the manifest):
// they register <avatar-chat> in Vue's GlobalComponents, which types templates (vue-tsc, Volar) and render functions.
// Compiled by `npm run check:consumer` (tsc -p test/consumer/tsconfig.vue.json) after `npm run build`. Nothing runs.
import 'avatar-chat';
import type { ChatMessage, ErrorCode, Status } from 'avatar-chat';
import type {} from 'avatar-chat/vue';
import { h, type GlobalComponents } from 'vue';

/** The props a template may give <avatar-chat>. */
type Props = InstanceType<GlobalComponents['avatar-chat']>['$props'];

export const props: Props = {
  url: 'wss://avatars.example.com/ws/chat',
  'avatar-id': 'avatar-123',
  voice: 'vad',
  layout: 'inline',
  theme: 'auto',
  'max-recording': 20,
  persist: true,
  strings: { send: 'Senden' },
  getToken: () => 'jwt',
  'onavatar-chat-error': e => e.detail.code satisfies ErrorCode,
  'onavatar-chat-status': e => e.detail.status satisfies Status,
  'onavatar-chat-message': e => e.detail.message satisfies ChatMessage,
};

export const render = () => h('avatar-chat', props);

export const mistakes: Props[] = [
  // @ts-expect-error: not a voice mode
  { voice: 'always' },
  // @ts-expect-error: max-recording is a number
  { 'max-recording': '20' },
  // @ts-expect-error: the error event's detail has no `status`
  { 'onavatar-chat-error': e => e.detail.status },
];
