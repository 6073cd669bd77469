import type { Strings } from '../strings.js';

/** The recorder's failure reasons that have their own message; the others say `micFailed`. */
const MESSAGE_BY_REASON: Record<string, keyof Strings> = {
  denied: 'micDenied',
  'no-device': 'micNoDevice',
  busy: 'micBusy',
  insecure: 'micInsecure',
  'no-worklet': 'micNoWorklet',
};

/** The message (a strings key) for a recorder error: a blocked worklet, or the reason the microphone failed. */
export function micErrorMessage(code: string, reason: string): keyof Strings {
  if (code === 'worklet') return 'workletBlocked';
  return MESSAGE_BY_REASON[reason] ?? 'micFailed';
}
