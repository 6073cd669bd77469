// <avatar-chat service=…> against the reference server's REST side and socket (demo/server through the WTR plugin).
// Each test has its own client group: service="${origin}/c/${client}" keeps its switches, tokens and history apart.
import { expect, fixture, waitUntil } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../src/index.js';
import type { AvatarChat } from '../../src/avatar-chat.js';
import type { AvatarChatErrorEvent } from '../../src/events.js';
import { behaviour, cmd, frames, push, waitForFrames } from '../helpers/chat.js';
import { deepAll } from '../ui/ui.js';

let origin = '';
let seq = 0;
before(async () => {
  origin = await cmd<string>('chat-origin');
});

const q = <T extends Element = HTMLElement>(el: AvatarChat, sel: string) => deepAll<T>(el.shadowRoot!, sel)[0];
const bubbles = (el: AvatarChat) =>
  deepAll(el.shadowRoot!, '[part~="message"]').map(m => {
    const role = /message--(\w+)/.exec(m.getAttribute('part')!)![1];
    return `${role}: ${m.querySelector('[part~=bubble]')!.textContent!.replace(/^(You|Avatar): /, '').trim()}`;
  });
const restCalls = (client: string) => cmd<string[]>('chat-rest-calls', { client });
const errorLine = (el: AvatarChat) => q(el, '[part~=error]').textContent!.trim();

/** A client group of its own, with switches set before the widget exists. */
async function newService(switches: Record<string, unknown> = {}) {
  const client = `svc-el-${Date.now().toString(36)}-${seq++}`;
  await behaviour(client, { reply: false, ...switches });
  return { client, service: `${origin}/c/${client}` };
}

/** Mounts the widget (in a `<div wrap…>`), recording its errors and config events from the start. */
async function mount(attrs: Record<string, string | boolean>, wrap = '') {
  const errors: AvatarChatErrorEvent['detail'][] = [];
  const configs: Record<string, unknown>[] = [];
  const div = await fixture<HTMLElement>(`<div ${wrap}></div>`);
  const el = document.createElement('avatar-chat');
  for (const [name, value] of Object.entries(attrs))
    if (value !== false) el.setAttribute(name, value === true ? '' : value);
  el.addEventListener('avatar-chat-error', e => errors.push(e.detail));
  el.addEventListener('avatar-chat-config', e => configs.push(e.detail.config));
  div.append(el);
  await el.updateComplete;
  return { el, errors, configs };
}

const connected = (el: AvatarChat) => waitUntil(() => el.status === 'connected', 'connected', { timeout: 8000 });
const typeAndSend = async (el: AvatarChat, text: string) => {
  const input = q<HTMLTextAreaElement>(el, 'textarea');
  input.focus();
  await sendKeys({ type: text });
  await sendKeys({ press: 'Enter' });
};
const last = async (client: string, count: number) => JSON.parse((await waitForFrames(client, count)).at(-1)!);

describe('<avatar-chat> service mode', () => {
  it('a page with only service and project-id gets a configured, working chat', async () => {
    const { client, service } = await newService();
    const { el, configs, errors } = await mount({ service, 'project-id': 'demo' }, 'lang="de-DE"');
    await connected(el);
    await el.updateComplete;
    expect(q(el, '[part~=heading]').textContent).to.equal('Ava');
    expect(bubbles(el)).to.deep.equal(["avatar: Hi, I'm Ava. Ask me anything, by text or by voice."]);
    expect(q<HTMLImageElement>(el, '[part~=player] img')?.src ?? '').to.equal(`${origin}/media/ava.svg`);
    const select = q<HTMLSelectElement>(el, '[part~=language-select]');
    expect([...select.options].map(o => `${o.value}:${o.text}`)).to.deep.equal(['en:English', 'de:Deutsch', 'fr:Français']);
    expect(select.value).to.equal('de');
    expect(select.getAttribute('aria-label')).to.equal('Language');
    // avatar-chat-config: the service's JSON, without a token
    expect(configs).to.have.length(1);
    expect((configs[0].avatars_info as { _id: string }[])[0]._id).to.equal('ava');
    expect(JSON.stringify(configs[0])).not.to.match(/jwt|token/i);

    await typeAndSend(el, 'Hallo');
    const frame = await last(client, 1);
    expect([frame.avatar_id, frame.language, frame.request]).to.deep.equal(['ava', 'de', 'Hallo']);
    expect(frame.session).to.equal(configs[0].session);
    expect(await restCalls(client)).to.deep.equal(['POST /jwt 200', 'GET /connection 200']);
    expect(errors).to.deep.equal([]);
  });
});
