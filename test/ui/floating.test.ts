import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { AvatarChat } from '../../src/avatar-chat.js';
import { newClient, sockets, waitForSocket } from '../helpers/chat.js';
import { mount, part, shown } from './ui.js';

/** The focused element in the element's shadow tree, through the sub-elements' shadow roots. */
function focused(el: AvatarChat) {
  let active = el.shadowRoot!.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

async function floating() {
  const c = await newClient('float');
  const el = await mount({ url: c.url, 'avatar-id': 'a', layout: 'floating' });
  return { el, ...c };
}

describe('floating layout', () => {
  it('shows only the launcher until opened, and connects only when first opened', async () => {
    const { el, client } = await floating();
    expect(shown(part(el, 'launcher'))).to.be.true;
    expect(shown(part(el, 'base'))).to.be.false;
    expect(el.open).to.be.false;
    expect(el.matches(':state(open)')).to.be.false;
    await aTimeout(300); // give a wrongly eager connect the time to show up
    expect(await sockets(client)).to.equal(0);
    expect(el.status).to.equal('idle');

    part(el, 'launcher')!.click();
    await el.updateComplete;
    expect(el.open).to.be.true;
    expect(el.hasAttribute('open')).to.be.true;
    expect(el.matches(':state(open)')).to.be.true;
    expect(shown(part(el, 'base'))).to.be.true;
    expect(shown(part(el, 'launcher'))).to.be.false;
    await waitUntil(() => focused(el) === part(el, 'input'), 'focus moves to the input');
    await waitForSocket(client);
    expect(await sockets(client)).to.equal(1);
  });

  it('Escape closes and returns focus to the launcher; closing keeps the connection', async () => {
    const { el, client } = await floating();
    part(el, 'launcher')!.click();
    await waitUntil(() => focused(el) === part(el, 'input'));
    await waitForSocket(client);
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.open).to.be.false;
    expect(el.hasAttribute('open')).to.be.false;
    expect(el.matches(':state(open)')).to.be.false;
    expect(shown(part(el, 'base'))).to.be.false;
    await waitUntil(() => focused(el) === part(el, 'launcher'), 'focus returns to the launcher');
    expect(await sockets(client)).to.equal(1);
  });

  it('the close button closes; the open attribute opens', async () => {
    const { el } = await floating();
    el.setAttribute('open', '');
    await el.updateComplete;
    expect(el.matches(':state(open)')).to.be.true;
    expect(shown(part(el, 'close-button'))).to.be.true;
    expect(part(el, 'base')!.getAttribute('role')).to.equal('dialog');
    part(el, 'close-button')!.click();
    await el.updateComplete;
    expect(el.hasAttribute('open')).to.be.false;
    expect(shown(part(el, 'base'))).to.be.false;
    await waitUntil(() => focused(el) === part(el, 'launcher'));
  });

  it('Escape while recording cancels the recording, not the panel', async () => {
    const { el, client } = await floating();
    part(el, 'launcher')!.click();
    await waitForSocket(client);
    await waitUntil(() => el.status === 'connected');
    await el.startRecording();
    part(el, 'mic-button')!.focus();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !el.recording, 'recording cancelled');
    await el.updateComplete;
    expect(el.open).to.be.true;
  });
});
