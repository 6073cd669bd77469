// Type-level check of the JSX typings the package ships (dist/frameworks/jsx.d.ts, generated from the manifest), as
// a React 19 app uses them: compiled by `npm run check:consumer` (tsc -p test/consumer/tsconfig.react.json) after
// `npm run build`. Attributes, properties and event handlers are typed; mistakes are errors. Nothing here runs.
import 'avatar-chat';
import type { ErrorCode, Status, ChatMessage } from 'avatar-chat';
import type { CustomElements } from 'avatar-chat/jsx';

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends CustomElements {}
  }
}

export function Chat({ onError }: { onError: (code: ErrorCode) => void }) {
  return (
    <avatar-chat
      url="wss://avatars.example.com/ws/chat"
      avatar-id="avatar-123"
      voice="push-to-talk"
      layout="floating"
      theme="dark"
      max-recording={20}
      open
      persist={false}
      strings={{ send: 'Senden' }}
      getToken={async () => 'jwt'}
      className="chat"
      onavatar-chat-error={e => onError(e.detail.code)}
      onavatar-chat-status={e => e.detail.status satisfies Status}
      onavatar-chat-message={e => e.detail.message satisfies ChatMessage}
      onavatar-chat-send={e => {
        if (e.detail.kind === 'voice') e.preventDefault();
      }}
    />
  );
}

export const mistakes = [
  // @ts-expect-error: not a voice mode
  <avatar-chat voice="always" />,
  // @ts-expect-error: not a layout
  <avatar-chat layout="sidebar" />,
  // @ts-expect-error: max-recording is a number
  <avatar-chat max-recording="20" />,
  // @ts-expect-error: status is read-only (a getter), not a prop
  <avatar-chat status="connected" />,
  // @ts-expect-error: the error event's detail has no `status`
  <avatar-chat onavatar-chat-error={e => e.detail.status} />,
  // @ts-expect-error: no such attribute
  <avatar-chat avatar="x" />,
];
