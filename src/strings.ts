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
  close: 'Close chat',
  micHold: 'Hold to talk',
  micRecording: 'Recording… release to send',
  micListen: 'Start listening',
  micListening: 'Listening… click to stop',
  micTooShort: 'Hold the button while you talk',
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
  configUrl: 'This chat is not set up yet: its url must be a ws:// or wss:// address.',
  configAvatar: 'This chat is not set up yet: it needs an avatar-id.',
  micDenied: 'Microphone access is blocked. Allow it in the site settings to talk, or type instead.',
  micNoDevice: 'No microphone was found. You can still type.',
  micBusy: 'The microphone is in use by another app. You can still type.',
  micInsecure: 'Voice needs a secure (https) page. You can still type.',
  micNoWorklet: 'This browser cannot record audio here. You can still type.',
  micFailed: 'The microphone could not be started. You can still type.',
  workletBlocked:
    "The recorder could not load: this page's Content-Security-Policy must allow blob: in script-src, or set worklet-url.",
  audioUnreadable: 'That audio could not be read.',
  emptyText: 'Type a message first.',
  outboxFull: 'Too many messages are waiting to be sent. Please wait for the connection to come back.',
  socketLost: 'Connection lost. Trying to reconnect…',
  authFailed: 'Could not sign in to the chat service. Please try again later.',
  server402: 'This chat is not available right now (payment required). Please tell the site owner.',
  server403: 'The chat session expired. Reconnecting…',
  server503: 'All avatars are busy right now. Please try again in a moment.',
  server504: 'The avatar took too long to answer. Please try again.',
  serverError: 'The chat service reported a problem: {message}',
  serverStatus: 'The chat service reported an error ({status}).',
  protocolError: 'A reply could not be understood and was skipped.',
  playbackBlocked: 'Your browser blocked the reply from playing. Tap to play.',
  mediaFailed: 'The reply’s audio could not be played.',
};

export type Strings = typeof defaultStrings;

/** Fills `{name}` placeholders. */
export const format = (s: string, vars: Record<string, string | number>): string =>
  s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
