import { expect, fixture, html } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../src/index.js';
import type { ActionEvent, Actions } from '../../src/components/actions.js';
import type { AvatarChatHeader } from '../../src/components/avatar-chat-header.js';
import { DEFAULTS } from '../../src/components/chat-part.js';
import type { ChatConfig, ChatSnapshot } from '../../src/context.js';
import { defaultStrings as str } from '../../src/strings.js';

const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'de', name: 'Deutsch' },
];

/** A header on its own (no <avatar-chat> around it), given a snapshot and configuration, its actions recorded. */
async function header({
  snapshot = {},
  config = {},
}: {
  snapshot?: Partial<ChatSnapshot>;
  config?: Partial<ChatConfig>;
}) {
  const el = await fixture<AvatarChatHeader>(html`<avatar-chat-header></avatar-chat-header>`);
  el.snapshot = { ...DEFAULTS.snapshot, ...snapshot };
  el.config = { ...DEFAULTS.config, heading: 'Ava', ...config };
  await el.updateComplete;
  const actions: string[] = [];
  for (const type of ['new-chat', 'mute', 'close', 'language'] as const) {
    el.addEventListener(type, e => {
      const { detail, bubbles, composed } = e as ActionEvent<keyof Actions>;
      actions.push(`${type}${'code' in detail ? `:${detail.code}` : ''}${bubbles || composed ? ' (leaks)' : ''}`);
    });
  }
  const part = <T extends HTMLElement = HTMLElement>(name: string) =>
    el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
  return { el, actions, part };
}

/** A real mouse click at the centre of `e`. */
async function click(e: Element) {
  const r = e.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)] });
}

describe('<avatar-chat-header> on its own', () => {
  afterEach(() => resetMouse());

  it('says the name and the status in words; the speaking indicator only while `speaking`', async () => {
    const { el, part } = await header({ snapshot: { status: 'connected' } });
    expect(part('heading')!.textContent).to.equal('Ava');
    expect(part('status')!.textContent).to.equal(str.statusConnected);
    expect(getComputedStyle(part('status')!, '::before').backgroundColor, 'green dot').to.equal('rgb(22, 163, 74)');
    expect(el.shadowRoot!.querySelector('.wave')).to.equal(null);
    el.snapshot = { ...el.snapshot, status: 'reconnecting', speaking: true };
    await el.updateComplete;
    expect(part('status')!.textContent).to.equal(str.statusReconnecting);
    expect(getComputedStyle(part('status')!, '::before').backgroundColor).not.to.equal('rgb(22, 163, 74)');
    expect(el.shadowRoot!.querySelector('.wave')!.getAttribute('aria-label')).to.equal(str.playing);
  });

  it('New chat, Mute and Close ask the host with actions (not composed, not bubbling); Close only when floating', async () => {
    const { el, actions, part } = await header({});
    expect(part('close-button')).to.equal(null);
    expect(part('mute-button')!.getAttribute('aria-pressed')).to.equal('false');
    el.config = { ...el.config, floating: true, muted: true };
    await el.updateComplete;
    expect(part('mute-button')!.getAttribute('aria-pressed')).to.equal('true');
    await click(part('new-chat-button')!);
    await click(part('mute-button')!);
    await click(part('close-button')!);
    expect(actions).to.deep.equal(['new-chat', 'mute', 'close']);
  });

  it('a language picker only for two or more languages; picking one asks for it', async () => {
    const { el, actions, part } = await header({ config: { languages: LANGUAGES.slice(0, 1), language: 'en' } });
    expect(part('language-select')).to.equal(null);
    el.config = { ...el.config, languages: LANGUAGES };
    await el.updateComplete;
    const select = part<HTMLSelectElement>('language-select')!;
    expect(select.value).to.equal('en');
    expect(select.getAttribute('aria-label')).to.equal(str.languageLabel);
    select.focus();
    await sendKeys({ press: 'ArrowDown' }); // English → Deutsch
    expect(actions).to.deep.equal(['language:de']);
  });

  it("projects what the page slots into <avatar-chat>'s `header` slot, before Close", async () => {
    const chat = await fixture(
      html`<avatar-chat url="ws://127.0.0.1:9/" avatar-id="a" disabled layout="floating" open
        ><b slot="header">Extra</b></avatar-chat
      >`,
    );
    const inner = chat.shadowRoot!.querySelector('avatar-chat-header')!;
    await (inner as AvatarChatHeader).updateComplete;
    const slot = inner.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="header"]')!;
    expect(slot.assignedElements({ flatten: true }).map(e => e.textContent)).to.deep.equal(['Extra']);
    const extra = chat.querySelector('b')!.getBoundingClientRect();
    const close = inner.shadowRoot!.querySelector('[part~="close-button"]')!.getBoundingClientRect();
    expect(extra.width).to.be.greaterThan(0);
    expect(extra.right).to.be.at.most(close.left);
  });
});
