import type { ChatMessage } from '../chat/conversation.js';
import type { MicAction } from '../controllers/mic-controller.js';

/** What each sub-element asks of <avatar-chat>, by event type. */
export interface Actions {
  /** Transcript: send a failed turn again. */
  retry: { id: string };
  /** Transcript: play an entry's media again. */
  replay: { id: string };
  /** Transcript: stop the entry's media that plays. */
  stop: { id: string };
  /** Transcript: a conversation starter was clicked: send its text. */
  suggestion: { text: string };
  /** Stage: a reply's media started playing; `onStage`: the stage shows (else the header shows it plays). */
  'reply-start': { id: string; onStage: boolean };
  /** Stage: a reply's media ended or was stopped. */
  'reply-end': { id: string };
  /** Stage: autoplay was refused (`blocked`: the play button shows) or the media failed. */
  'playback-error': { blocked: boolean; cause: unknown };
  /** Composer: a mic gesture. */
  mic: { action: MicAction };
  /** Composer: send the typed text. The host answers in `sent` (the entry; null: cancelled by a listener). */
  'send-text': { text: string; sent?: Promise<ChatMessage | null> };
  /** Transcript: load the previous page of the service's history. */
  'load-earlier': Record<string, never>;
  /** Header: start a new conversation. */
  'new-chat': Record<string, never>;
  /** Header: mute or unmute replies' sound. */
  mute: Record<string, never>;
  /** Header: close the floating panel. */
  close: Record<string, never>;
  /** Header: the visitor picked the language later turns are sent with. */
  language: { code: string };
}

/**
 * An action from a sub-element up to <avatar-chat>: it neither bubbles nor leaves our shadow root (the host listens
 * on the sub-element in its template). State comes down through context (context.ts).
 */
export class ActionEvent<K extends keyof Actions> extends Event {
  constructor(
    type: K,
    readonly detail: Actions[K],
  ) {
    super(type);
  }
}
