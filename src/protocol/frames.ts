import type { TextTurn, VoiceTurn } from './messages.js';

/** What a turn needs to know about the chat configuration. */
export interface TurnConfig {
  avatarId: string;
  userId: string;
  language: string;
  source: string;
  session?: string;
}

const head = (c: TurnConfig) => ({ avatar_id: c.avatarId, user_id: c.userId });
const end = (c: TurnConfig, f: Record<string, unknown>) => (c.session ? { ...f, session: c.session } : f);

/** A text turn; key order is the spec's (JSON.stringify keeps insertion order). */
export function textFrame(cfg: TurnConfig, text: string): Record<string, unknown> {
  const f: TextTurn = {
    ...head(cfg),
    chat_type: 'text',
    language: cfg.language,
    request: text,
    requestType: 'text',
    source: cfg.source,
    isLive: false,
  };
  return end(cfg, f);
}

/** A voice turn; `isPushToTalk: true` only in push-to-talk mode (left out with VAD). */
export function voiceFrame(cfg: TurnConfig, base64Wav: string, pushToTalk: boolean): Record<string, unknown> {
  const f: VoiceTurn = {
    ...head(cfg),
    chat_type: 'voice',
    language: cfg.language,
    requestType: 'audio',
    source: cfg.source,
    isLive: false,
    ...(pushToTalk ? { isPushToTalk: true as const } : {}),
    file_base64_data: base64Wav,
  };
  return end(cfg, f);
}
