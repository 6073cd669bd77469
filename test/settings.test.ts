import { expect, fixture, html } from '@open-wc/testing';
import type { ServiceDefaults } from '../src/controllers/service-controller.js';
import * as settings from '../src/settings.js';
import type { SettingsAttributes } from '../src/settings.js';

/** The element's attribute defaults, with `over` on top. */
const attributes = (over: Partial<SettingsAttributes> = {}): SettingsAttributes => ({
  url: '',
  service: '',
  avatarId: '',
  source: 'avatar-chat',
  session: '',
  token: '',
  authUrl: '',
  projectId: '',
  voice: 'push-to-talk',
  heading: '',
  greeting: '',
  poster: '',
  ...over,
});

const NO_DEFAULTS: ServiceDefaults = { avatarId: '', session: '', name: '', greeting: '', poster: '', vad: false };
const SERVICE: ServiceDefaults = {
  avatarId: 'ava',
  session: 's-1',
  name: 'Ava',
  greeting: 'Hello!',
  poster: 'http://x/ava.png',
  vad: true,
};
const context = (defaults = NO_DEFAULTS, voiceWritten = false) => ({ defaults, defaultHeading: 'Chat', voiceWritten });

describe('settings: the attributes over the service defaults', () => {
  it('an attribute that is set wins; else the service gives it; else the default', () => {
    const own = attributes({ avatarId: 'mine', session: 'own', heading: 'Own', greeting: 'Hi', poster: 'p.png' });
    expect(settings.chatSettings(own, context(SERVICE))).to.deep.equal({
      avatarId: 'mine',
      session: 'own',
      voice: 'vad', // `voice` not written: the service's hands-free (see below)
      heading: 'Own',
      greeting: 'Hi',
      poster: 'p.png',
      storeKey: 'mine',
    });
    expect(
      settings.chatSettings(attributes({ service: 'https://svc', projectId: 'demo' }), context(SERVICE)),
    ).to.deep.equal({
      avatarId: 'ava',
      session: 's-1',
      voice: 'vad',
      heading: 'Ava',
      greeting: 'Hello!',
      poster: 'http://x/ava.png',
      storeKey: 'service-demo',
    });
    expect(settings.chatSettings(attributes(), context())).to.deep.include({
      avatarId: '',
      heading: 'Chat',
      storeKey: '',
    });
  });

  it('voice: the service enables hands-free unless `voice` is written or set to another mode', () => {
    const voice = (over: Partial<SettingsAttributes>, written: boolean) =>
      settings.chatSettings(attributes(over), context(SERVICE, written)).voice;
    expect(voice({}, false)).to.equal('vad');
    expect(voice({}, true)).to.equal('push-to-talk');
    expect(voice({ voice: 'off' }, false)).to.equal('off');
    expect(settings.chatSettings(attributes(), context(NO_DEFAULTS)).voice).to.equal('push-to-talk');
  });

  it('storeKey: `avatar-id`, else in service mode the project (or "default")', () => {
    const key = (over: Partial<SettingsAttributes>) => settings.chatSettings(attributes(over), context()).storeKey;
    expect(key({ avatarId: 'a', service: 'https://svc', projectId: 'p' })).to.equal('a');
    expect(key({ service: 'https://svc' })).to.equal('service-default');
    expect(key({ url: 'ws://x' })).to.equal('');
  });

  it('configProblemOf: Chat Mode needs url and avatar-id; service mode needs a service URL', () => {
    expect(settings.configProblemOf(attributes({ url: 'ws://x/', avatarId: 'a' }))).to.equal('');
    expect(settings.configProblemOf(attributes({ url: 'ws://x/' }))).to.contain('avatar-id');
    expect(settings.configProblemOf(attributes({ avatarId: 'a' }))).to.contain('url attribute is missing');
    expect(settings.configProblemOf(attributes({ service: 'https://svc.example/api' }))).to.equal('');
    expect(settings.configProblemOf(attributes({ service: 'https://svc.example/api', url: 'http://x/' }))).to.contain(
      'not ws: or wss:',
    );
    expect(settings.configProblemOf(attributes({ service: 'nope' }))).to.contain('Set service to');
  });

  it('turnConfigOf and tokenSourceOf: what a turn is sent with, where the token comes from', () => {
    const resolved = settings.chatSettings(attributes({ source: '' }), context(SERVICE));
    expect(settings.turnConfigOf(attributes({ source: '' }), resolved, { userId: 'u', language: 'de' })).to.deep.equal({
      avatarId: 'ava',
      userId: 'u',
      language: 'de',
      source: 'avatar-chat',
      session: 's-1',
    });
    const getToken = () => 't';
    const own = attributes({ url: 'ws://x/', token: 'k', authUrl: 'http://auth', projectId: 'p', getToken });
    expect(settings.tokenSourceOf(own, { userId: 'u' })).to.deep.equal({
      url: 'ws://x/',
      token: 'k',
      getToken,
      authUrl: 'http://auth',
      projectId: 'p',
      userId: 'u',
    });
  });

  it('suggestions: starters separated by `|`, blank ones left out', () => {
    expect(settings.suggestionsConverter.fromAttribute(' Hi | |What can you do?|')).to.deep.equal([
      'Hi',
      'What can you do?',
    ]);
    expect(settings.suggestionsConverter.fromAttribute(null)).to.deep.equal([]);
  });

  it('nearestLang: the nearest `lang` up the tree, across shadow roots; else the document', async () => {
    const outer = await fixture<HTMLElement>(
      html`<div lang="de-AT">
        <p></p>
        <span lang=""></span>
      </div>`,
    );
    expect(settings.nearestLang(outer.querySelector('p')!)).to.equal('de-AT');
    expect(settings.nearestLang(outer.querySelector('span')!)).to.equal('');
    const inner = document.createElement('b');
    outer.querySelector('p')!.attachShadow({ mode: 'open' }).append(inner);
    expect(settings.nearestLang(inner)).to.equal('de-AT');
    const before = document.documentElement.lang;
    document.documentElement.lang = 'fr';
    try {
      expect(settings.nearestLang(document.body.appendChild(document.createElement('i')))).to.equal('fr');
    } finally {
      document.documentElement.lang = before;
      document.body.lastElementChild!.remove();
    }
  });
});
