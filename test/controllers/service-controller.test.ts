// ServiceController with a fake fetch (no element, no socket): the configuration read once and shared, its defaults,
// the language, history pages for "Load earlier", failures, and the socket URL that throws to back off.
import { expect } from '@open-wc/testing';
import {
  ServiceController,
  ServiceUnavailable,
  type HistoryPage,
  type ServiceConfig,
  type ServiceFailure,
} from '../../src/controllers/service-controller.js';

const json = (value: unknown, status = 200) =>
  new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json' } });
const CONFIG = {
  session: 's-1',
  avatars_info: [
    { _id: 'ava-1', name: 'Ava', greetingText: 'Hi', previewIcons: { large: 'https://cdn.example/l.png' } },
  ],
  languages: [
    { name: 'English', language_code: 'en-US' },
    { name: 'Deutsch', code: 'de-DE' },
  ],
  vadEnabled: true,
};
const record = (i: number) => ({ _id: `r${i}`, request: `Q${i}`, answer: `A${i}`, date: 1_700_000_000_000 + i * 1000 });

type Handler = (url: URL) => Response | Promise<Response>;

/** A controller over a fake service; records what it hands the element. */
function controller({
  handlers = {},
  wantsHistory = true,
  stopConnecting = false,
}: { handlers?: Record<string, Handler>; wantsHistory?: boolean; stopConnecting?: boolean } = {}) {
  const urls: URL[] = [];
  const configs: ServiceConfig[] = [];
  const pages: HistoryPage[] = [];
  const failures: { failure: ServiceFailure; blocking: boolean }[] = [];
  /** What the controller reported as a used answer's problems, and what it had handed on by then. */
  const problems: { call: string; problems: readonly string[]; handedOn: number }[] = [];
  let changes = 0;
  let stops = 0;
  const defaults: Record<string, Handler> = {
    jwt: () => json({ result: 'success', jwt: 'jwt-1' }),
    connection: () => json(CONFIG),
    chat: url => {
      const page = Number(url.searchParams.get('page'));
      return json({ payload: [record(page * 2), record(page * 2 + 1)], has_more_messages: page < 3 });
    },
  };
  const fetch = (async (input: RequestInfo | URL) => {
    const url = new URL(String(input));
    urls.push(url);
    const endpoint = url.pathname.split('/').pop()!;
    return (handlers[endpoint] ?? defaults[endpoint])(url);
  }) as typeof globalThis.fetch;
  const service = new ServiceController({
    onConfig: config => configs.push(config),
    onHistory: page => pages.push(page),
    failures: {
      service: (failure, { blocking }) => {
        failures.push({ failure, blocking });
        return { stopConnecting };
      },
      answerProblems: (call, found) =>
        problems.push({ call, problems: found, handedOn: configs.length + pages.length }),
    },
    stopConnecting: () => stops++,
    onChange: () => changes++,
    wantsHistory: () => wantsHistory,
    rendered: () => Promise.resolve(),
    extras: { fetch, random: () => 0.5, busyRetries: 0, retryDelayMs: 1 },
  });
  const calls = (endpoint: string) => urls.filter(url => url.pathname.endsWith(`/${endpoint}`));
  return { service, configs, pages, failures, problems, calls, changes: () => changes, stops: () => stops };
}

const settings = { service: 'https://chat.example.com', projectId: 'p-1', userId: 'u-1' };
/** Lets the fake service answer (a few turns of the event loop). */
const settle = () => new Promise(resolve => setTimeout(resolve, 20));

describe('ServiceController', () => {
  it('is inactive and gives no defaults until a service is set', async () => {
    const { service, calls } = controller();
    expect(service.active).to.equal(false);
    expect(service.defaults).to.deep.equal({
      avatarId: '',
      session: '',
      name: '',
      greeting: '',
      poster: '',
      vad: false,
    });
    expect(service.update({ service: '', projectId: '', userId: '' })).to.equal(false);
    await service.renewSession();
    await service.configured();
    expect(calls('connection')).to.have.length(0);
  });

  it('reads the configuration once for the service, project and user, and gives its defaults', async () => {
    const { service, configs, calls } = controller();
    expect(service.update(settings)).to.equal(true);
    expect(service.update(settings)).to.equal(false);
    await service.configured();
    await service.configured();
    expect(calls('connection')).to.have.length(1);
    expect(configs).to.have.length(1);
    expect(service.defaults).to.deep.equal({
      avatarId: 'ava-1',
      session: 's-1',
      name: 'Ava',
      greeting: 'Hi',
      poster: 'https://cdn.example/l.png',
      vad: true,
    });
    expect(service.update({ ...settings, userId: 'u-2' })).to.equal(true);
    expect(service.config).to.equal(undefined);
    await service.configured();
    expect(calls('connection')).to.have.length(2);
  });

  it('a new conversation reads a new configuration (a new session)', async () => {
    const { service, configs, calls } = controller();
    service.update(settings);
    await service.configured();
    await service.renewSession();
    expect(calls('connection')).to.have.length(2);
    expect(configs).to.have.length(2);
  });

  it("the visitor's pick wins over the attribute; else the service's entry for the page language", () => {
    const { service, changes } = controller();
    service.update(settings);
    expect(service.language({ attribute: '', pageLang: 'de' })).to.equal('de');
    return service.configured().then(() => {
      expect(service.languages.map(l => l.code)).to.deep.equal(['en-US', 'de-DE']);
      expect(service.language({ attribute: '', pageLang: 'de' })).to.equal('de-DE');
      expect(service.language({ attribute: 'fr', pageLang: 'de' })).to.equal('fr');
      service.chooseLanguage('en-US');
      expect(changes()).to.be.greaterThan(0);
      expect(service.language({ attribute: 'fr', pageLang: 'de' })).to.equal('en-US');
    });
  });

  it('a turn without an avatar id waits for the configuration that names it; one with an id does not', async () => {
    let answer: (response: Response) => void = () => {};
    const { service } = controller({ handlers: { connection: () => new Promise(resolve => (answer = resolve)) } });
    service.update(settings);
    const order: string[] = [];
    const withId = service.avatarKnown({ avatarId: 'ava-9' }).then(() => order.push('with id'));
    const withoutId = service.avatarKnown({ avatarId: '' }).then(() => order.push('without id'));
    await withId;
    await settle(); // the configuration call is under way, unanswered
    expect(order).to.deep.equal(['with id']);
    answer(json(CONFIG));
    await withoutId;
    expect(order).to.deep.equal(['with id', 'without id']);
    expect(service.defaults.avatarId).to.equal('ava-1');
  });

  it('reads page 1 of the history after the configuration, then each earlier page on "Load earlier", until none is left', async () => {
    const { service, pages, calls } = controller();
    expect(service.hasEarlier).to.equal(false);
    service.update(settings);
    await service.configured();
    await settle();
    expect(pages.map(p => p.page)).to.deep.equal([1]);
    expect(service.hasEarlier).to.equal(true);
    service.loadEarlier();
    service.loadEarlier(); // while page 2 is read: not again
    await settle();
    expect(calls('chat').map(url => url.searchParams.get('page'))).to.deep.equal(['1', '2']);
    service.loadEarlier();
    await settle();
    expect(pages.map(p => p.page)).to.deep.equal([1, 2, 3]);
    expect(service.hasEarlier).to.equal(false);
    service.loadEarlier();
    await settle();
    expect(calls('chat')).to.have.length(3);
  });

  it('asks for no history when the user is not known, nor again for a new conversation', async () => {
    const anonymous = controller({ wantsHistory: false });
    anonymous.service.update(settings);
    await anonymous.service.configured();
    await settle();
    expect(anonymous.calls('chat')).to.have.length(0);
    const known = controller();
    known.service.update(settings);
    await known.service.configured();
    await known.service.renewSession();
    await settle();
    expect(known.calls('chat')).to.have.length(1);
  });

  it('reports a failed history page without blocking the chat', async () => {
    const { service, failures, pages } = controller({ handlers: { chat: () => json({ nope: 1 }) } });
    service.update(settings);
    await service.configured();
    await settle();
    expect(pages).to.have.length(0);
    expect(failures.map(f => [f.failure.endpoint, f.failure.reason, f.blocking])).to.deep.equal([
      ['chat', 'malformed', false],
    ]);
  });

  it('an unreachable service: the socket URL throws, unreported (the connection says it), and the next attempt reads again', async () => {
    let down = true;
    const { service, failures, calls } = controller({
      handlers: { connection: () => (down ? Promise.reject(new TypeError('Failed to fetch')) : json(CONFIG)) },
    });
    service.update(settings);
    await service.configured();
    const thrown = await service.socketUrl('', { fresh: false }).catch((e: unknown) => e);
    expect(thrown).to.be.instanceOf(ServiceUnavailable);
    expect((thrown as ServiceUnavailable).failure.reason).to.equal('unreachable');
    expect((thrown as ServiceUnavailable).reported).to.equal(false);
    expect(failures).to.have.length(0);
    down = false;
    const url = await service.socketUrl('', { fresh: false });
    expect(url).to.contain('jwt-1');
    expect(calls('connection')).to.have.length(3);
  });

  it('a 404 for the configuration (a wrong service address) is reported, blocking', async () => {
    const { service, failures } = controller({ handlers: { connection: () => json({}, 404) } });
    service.update(settings);
    await service.configured();
    expect(failures.map(f => [f.failure.reason, f.blocking])).to.deep.equal([['config', true]]);
  });

  it('a failure the reporter says retrying cannot mend stops connecting; others do not', async () => {
    const wrongAddress = controller({ handlers: { connection: () => json({}, 404) }, stopConnecting: true });
    wrongAddress.service.update(settings);
    await wrongAddress.service.configured();
    expect(wrongAddress.stops()).to.equal(1);
    const badHistory = controller({ handlers: { chat: () => json({ nope: 1 }) } });
    badHistory.service.update(settings);
    await badHistory.service.configured();
    await settle();
    expect(badHistory.failures).to.have.length(1);
    expect(badHistory.stops()).to.equal(0);
  });

  it('reports the problems of a used configuration and history page before handing them on', async () => {
    const { service, configs, pages, problems } = controller({
      handlers: {
        connection: () => json({ ...CONFIG, vadEnabled: 'yes' }),
        chat: () => json({ payload: [record(1)], has_more_messages: 'no' }),
      },
    });
    service.update(settings);
    await service.configured();
    await settle();
    expect(configs).to.have.length(1);
    expect(pages).to.have.length(1);
    expect(problems).to.deep.equal([
      { call: 'GET /connection', problems: ['vadEnabled is not true or false: ignored'], handedOn: 0 },
      { call: 'GET /chat', problems: ['has_more_messages is not true or false: read as false'], handedOn: 1 },
    ]);
  });

  it('the socket URL: `url` when set, with the token', async () => {
    const { service } = controller();
    service.update(settings);
    expect(await service.socketUrl('wss://other.example/ws', { fresh: false })).to.equal(
      'wss://other.example/ws?token=jwt-1',
    );
  });
});
