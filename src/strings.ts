/**
 * Every user-visible string. Override any of them with the `strings` property, e.g.
 * `el.strings = { send: 'Senden' }`. `{name}` placeholders are filled in by `format()`.
 */
export const defaultStrings = {
  heading: 'Chat',
  placeholder: 'Type a message…',
  inputLabel: 'Message',
  send: 'Send',
  transcriptLabel: 'Conversation',
  you: 'You',
  avatar: 'Avatar',
  open: 'Open chat',
  /** The closed launcher's name while replies wait unread. */
  openUnread: 'Open chat ({count} unread)',
  close: 'Close chat',
  micHold: 'Hold to talk',
  micRecording: 'Recording… release to send',
  micListen: 'Start listening',
  micListening: 'Listening… click to stop',
  micTooShort: 'Hold the button while you talk',
  micCancelled: 'Recording cancelled',
  micUnavailable: 'Microphone unavailable',
  voiceMessage: 'Voice message ({duration})',
  statusIdle: 'Not connected',
  statusConnecting: 'Connecting…',
  statusConnected: 'Online',
  statusReconnecting: 'Offline, reconnecting…',
  statusClosed: 'Offline',
  queued: 'Waiting to send',
  sent: 'Sent',
  failed: 'Not sent',
  retry: 'Retry',
  replay: 'Play again',
  tapToPlay: 'Tap to play',
  newMessages: 'New messages',
  playing: 'Speaking…',
  configUrl: 'Chat not set up: its url must be a ws:// or wss:// address.',
  configAvatar: 'Chat not set up: it needs an avatar-id.',
  micDenied: 'Microphone blocked. Allow it in site settings, or type instead.',
  micNoDevice: 'No microphone found. You can still type.',
  micBusy: 'Microphone in use by another app. You can still type.',
  micInsecure: 'Voice needs a secure (https) page. You can still type.',
  micNoWorklet: 'This browser cannot record here. You can still type.',
  micFailed: 'Microphone failed to start. You can still type.',
  workletBlocked: "Recorder blocked: the page's CSP must allow blob: in script-src, or set worklet-url.",
  audioUnreadable: 'That audio could not be read.',
  emptyText: 'Type a message first.',
  outboxFull: 'Too many messages waiting. Wait for the connection to return.',
  socketLost: 'Connection lost. Reconnecting…',
  authFailed: 'Could not sign in to the chat. Try again later.',
  server402: 'Chat unavailable (payment required). Please tell the site owner.',
  server403: 'Session expired. Reconnecting…',
  server503: 'All avatars are busy. Try again in a moment.',
  server504: 'The avatar took too long. Try again.',
  serverError: 'Chat error: {message}',
  serverStatus: 'Chat error ({status}).',
  protocolError: 'A reply could not be read and was skipped.',
  playbackBlocked: 'The browser blocked playback. Tap to play.',
  mediaFailed: 'The reply could not be played.',
};

export type Strings = typeof defaultStrings;

/** Fills `{name}` placeholders. */
export const format = (s: string, vars: Record<string, string | number>): string =>
  s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
