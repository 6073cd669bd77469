/**
 * What <avatar-chat>'s attributes mean once the avatar service's defaults fill the gaps: the avatar, the session, the
 * voice mode, the names shown, where the conversation is stored, why the configuration cannot be used, what a turn is
 * sent with and where the socket token comes from. Pure functions of the attributes (no element, no service call);
 * only `nearestLang` reads the DOM. Also how the `suggestions` attribute is read.
 */
import { configProblem, serviceConfigProblem } from './chat/config.js';
import type { ServiceDefaults } from './controllers/service-controller.js';
import type { TokenSource } from './controllers/token.js';
import type { VoiceMode } from './names.js';
import type { TurnConfig } from './protocol/frames.js';

/** The attributes (and JS properties) the settings are read from, as the element holds them. */
export interface SettingsAttributes {
  url: string;
  service: string;
  avatarId: string;
  source: string;
  session: string;
  token: string;
  authUrl: string;
  projectId: string;
  voice: VoiceMode;
  heading: string;
  greeting: string;
  poster: string;
  getToken?: () => string | Promise<string>;
}

/** The attributes over the service's defaults. */
export interface ChatSettings {
  /** `avatar-id`, else the service's first avatar. */
  avatarId: string;
  /** `session`, else the service's. */
  session: string;
  /** `voice`, else `vad` when the service enables it (an explicit `voice` attribute or a non-default value wins). */
  voice: VoiceMode;
  /** The header's name: `heading`, else the service's avatar name, else the default. */
  heading: string;
  /** `greeting`, else the avatar's. */
  greeting: string;
  /** `poster`, else the avatar's. */
  poster: string;
  /** What the stored conversation is keyed by: `avatar-id`; in service mode without one, the project ('': none). */
  storeKey: string;
}

export interface SettingsContext {
  /** What the service's configuration gives ('' and false outside service mode, or before it was read). */
  defaults: ServiceDefaults;
  /** The name shown when neither `heading` nor the service gives one. */
  defaultHeading: string;
  /** The `voice` attribute is written on the element. */
  voiceWritten: boolean;
}

export function chatSettings(
  attributes: Readonly<SettingsAttributes>,
  { defaults, defaultHeading, voiceWritten }: SettingsContext,
): ChatSettings {
  const { avatarId, service, projectId, voice } = attributes;
  const explicitVoice = voiceWritten || voice !== 'push-to-talk';
  return {
    avatarId: avatarId || defaults.avatarId,
    session: attributes.session || defaults.session,
    voice: !explicitVoice && defaults.vad ? 'vad' : voice,
    heading: attributes.heading || defaults.name || defaultHeading,
    greeting: attributes.greeting || defaults.greeting,
    poster: attributes.poster || defaults.poster,
    storeKey: avatarId || (service ? `service-${projectId || 'default'}` : ''),
  };
}

/** Why `url`/`avatar-id` (or, in service mode, `service`/`url`) cannot be used, for the site owner ('' when they can). */
export function configProblemOf({ service, url, avatarId }: Readonly<SettingsAttributes>): string {
  return service ? serviceConfigProblem({ service, url }) : configProblem({ url, avatarId });
}

/** What a turn is sent with. */
export function turnConfigOf(
  { source }: Readonly<SettingsAttributes>,
  settings: ChatSettings,
  { userId, language }: { userId: string; language: string },
): TurnConfig {
  return { avatarId: settings.avatarId, userId, language, source: source || 'avatar-chat', session: settings.session };
}

/** Where the socket token comes from (outside service mode). */
export function tokenSourceOf(
  { url, token, getToken, authUrl, projectId }: Readonly<SettingsAttributes>,
  { userId }: { userId: string },
): TokenSource {
  return { url, token, getToken, authUrl, projectId, userId };
}

/** The `suggestions` attribute: starters separated by `|` (blank ones left out). */
export const suggestionsConverter = {
  fromAttribute: (value: string | null): string[] =>
    (value ?? '')
      .split('|')
      .map(text => text.trim())
      .filter(Boolean),
};

/** The nearest `lang` up the tree from `node`, crossing shadow roots; else the document's ('' when none). */
export function nearestLang(node: Element): string {
  let element: Element | null = node;
  while (element) {
    const found = element.closest('[lang]');
    if (found) return found.getAttribute('lang') ?? '';
    const root = element.getRootNode();
    element = root instanceof ShadowRoot ? root.host : null;
  }
  return document.documentElement.lang;
}
