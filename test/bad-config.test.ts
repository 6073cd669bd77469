// A page with a missing or wrong url / avatar-id (no `service`): the visitor sees a plain "Chat is unavailable
// right now" with nothing to type into; the site owner gets the precise reason in the `config` error and one
// console.warn per problem. Fixing the attribute makes the chat work at once.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../src/index.js';
import type { AvatarChat } from '../src/avatar-chat.js';
import type { ErrorDetail } from '../src/events.js';
import { defaultStrings as str } from '../src/strings.js';
import { newClient, waitForSocket } from './helpers/chat.js';
import { part, shown } from './ui/ui.js';

const errorLine = (el: AvatarChat) => part(el, 'error')!.textContent!.trim();
const controls = (el: AvatarChat) => ({
  input: part<HTMLTextAreaElement>(el, 'input')!.disabled,
  mic: part<HTMLButtonElement>(el, 'mic-button')!.disabled,
  send: part<HTMLButtonElement>(el, 'send-button')!.disabled,
});
const centre = (e: Element): [number, number] => {
  const r = e.getBoundingClientRect();
  return [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)];
};

/** An <avatar-chat> with these attributes, its config errors recorded from before it is on the page. */
async function chatWith(attrs: Record<string, string>) {
  const el = document.createElement('avatar-chat');
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  const errors: ErrorDetail[] = [];
  el.addEventListener('avatar-chat-error', e => errors.push(e.detail));
  await fixture(html`<div style="height: 520px">${el}</div>`);
  await el.updateComplete;
  return { el, errors };
}

describe('<avatar-chat> with a bad configuration', () => {
  let warn: sinon.SinonStub;
  beforeEach(() => {
    warn = sinon.stub(console, 'warn');
  });
  afterEach(async () => {
    sinon.restore();
    await resetMouse();
  });

  it('no avatar-id: "Chat is unavailable right now", controls disabled, the reason once; fixing it works at once', async () => {
    const { client, url } = await newClient('config');
    const { el, errors } = await chatWith({ url });
    expect(errors.map(e => [e.code, e.recoverable])).to.deep.equal([['config', false]]);
    expect(errors[0].message).to.contain('avatar-id');
    expect(errorLine(el)).to.equal(str.unavailable);
    expect(shown(part(el, 'error'))).to.equal(true);
    expect(controls(el)).to.deep.equal({ input: true, mic: true, send: true });
    expect(el.status).to.equal('idle');

    // The visitor clicks the input and types: nothing is taken, nothing is sent.
    await sendMouse({ type: 'click', position: centre(part(el, 'input')!) });
    await sendKeys({ type: 'hello' });
    await sendKeys({ press: 'Enter' });
    expect(part<HTMLTextAreaElement>(el, 'input')!.value).to.equal('');
    expect(el.messages).to.have.length(0);

    // Renders and other attribute changes do not repeat the warning.
    for (const heading of ['A', 'B', 'C']) {
      el.heading = heading;
      await el.updateComplete;
    }
    expect(warn.callCount).to.equal(1);
    expect(warn.firstCall.args).to.deep.equal([errors[0].message]);
    expect(errors).to.have.length(1);

    el.setAttribute('avatar-id', 'av');
    await el.updateComplete;
    expect(controls(el)).to.deep.equal({ input: false, mic: false, send: false });
    expect(errorLine(el)).to.equal('');
    await waitForSocket(client);
    await waitUntil(() => el.status === 'connected', 'connects once fixed');
    expect(warn.callCount).to.equal(1);
  });

  it('a wrong url: each distinct problem is reported precisely, warned once, and never shown to the visitor', async () => {
    const { client, url } = await newClient('config-url');
    const { el, errors } = await chatWith({ url: 'http://chat.example.test/ws?token=SECRET', 'avatar-id': 'av' });
    await el.updateComplete;
    expect(errorLine(el)).to.equal(str.unavailable);
    expect(controls(el)).to.deep.equal({ input: true, mic: true, send: true });
    for (const bad of ['not a url', '', 'http://chat.example.test/ws?token=SECRET', 'not a url']) {
      el.url = bad;
      await el.updateComplete;
      expect(errorLine(el)).to.equal(str.unavailable);
    }
    const messages = errors.map(e => e.message);
    expect(errors.every(e => e.code === 'config' && !e.recoverable)).to.equal(true);
    expect(messages[0]).to.contain('"http://chat.example.test/ws"').and.contain('ws://');
    expect(messages[1]).to.contain('"not a url"').and.contain('not an absolute URL');
    expect(messages[2]).to.contain('url attribute is missing');
    expect(JSON.stringify(errors) + JSON.stringify(warn.args)).not.to.contain('SECRET');
    // Three distinct problems, each written to the console once, however often it comes back.
    expect(warn.args.map(a => a[0])).to.deep.equal(messages.slice(0, 3));
    expect(part(el, 'error')!.textContent).not.to.contain('url');

    el.url = url;
    await el.updateComplete;
    expect(controls(el)).to.deep.equal({ input: false, mic: false, send: false });
    await waitForSocket(client);
    await waitUntil(() => el.status === 'connected', 'connects once fixed');
    expect(errorLine(el)).to.equal('');
  });

  it('an avatar-id of blanks is missing; send() rejects with the reason and shows nothing new', async () => {
    const { url } = await newClient('config-blank');
    const { el, errors } = await chatWith({ url, 'avatar-id': '   ' });
    expect(errors[0].message).to.contain('avatar-id attribute is missing');
    const rejected = await el.send('hi').then(
      () => undefined,
      (e: Error) => e,
    );
    expect(rejected?.message).to.equal(errors[0].message);
    await el.updateComplete;
    expect(errorLine(el)).to.equal(str.unavailable);
    expect(warn.callCount).to.equal(1);
  });
});
