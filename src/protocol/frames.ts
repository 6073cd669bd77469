/* The wire shapes are messages.ts's TextTurn/VoiceTurn; test/protocol/frames.test.ts pins the exact JSON. */

/** What a turn needs to know about the chat configuration. */
export interface TurnConfig {
  avatarId: string;
  userId: string;
  language: string;
  source: string;
  session?: string;
}

/** A turn in the spec's key order (JSON.stringify keeps insertion order): `mid` after the language, `tail` after
 *  `isLive`, then the session when one is known. */
const frame = (config: TurnConfig, chat_type: string, mid: object, tail?: object): Record<string, unknown> => ({
  avatar_id: config.avatarId,
  user_id: config.userId,
  chat_type,
  language: config.language,
  ...mid,
  source: config.source,
  isLive: false,
  ...tail,
  ...(config.session && { session: config.session }),
});

/** A text turn; key order is the spec's (JSON.stringify keeps insertion order). */
export function textFrame(config: TurnConfig, text: string): Record<string, unknown> {
  return frame(config, 'text', { request: text, requestType: 'text' });
}

/** A voice turn; `isPushToTalk: true` only in push-to-talk mode (left out with VAD). */
export function voiceFrame(config: TurnConfig, base64Wav: string, pushToTalk: boolean): Record<string, unknown> {
  return frame(
    config,
    'voice',
    { requestType: 'audio' },
    {
      ...(pushToTalk && { isPushToTalk: true }),
      file_base64_data: base64Wav,
    },
  );
}
