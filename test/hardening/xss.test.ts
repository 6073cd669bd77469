import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import type { AvatarChat } from '../../src/avatar-chat.js';
import type { ChatMessage } from '../../src/chat/conversation.js';
import { xssPayloads, type XssPayload } from '../fixtures/xss-payloads.js';
import { push } from '../helpers/chat.js';
import {
  allElements,
  bubbleText,
  entryOf,
  loadableMediaUrl,
  mount,
  settle,
  squash,
  tinyWav,
  unmountAll,
} from './util.js';

declare global {
  interface Window {
    __pwned?: number;
  }
}

/** The fixture's corpus plus payloads that flip window.__pwned instead of calling alert. */
const corpus: XssPayload[] = [
  ...xssPayloads,
  { hint: 'text', payload: '<img src=x onerror="window.__pwned=1">' },
  { hint: 'text', payload: '<svg><animate onbegin="window.__pwned=1" attributeName=x dur=1s></svg>' },
  { hint: 'text', payload: '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>' },
  { hint: 'text', payload: '<a href="javascript:window.__pwned=1" id=x>x</a>' },
  { hint: 'url', payload: 'javascript:window.__pwned=1' },
  { hint: 'url', payload: 'data:text/html,<script>parent.__pwned=1</script>' },
];

/** Every tag our templates render (poster is not set here, so no <img>). */
const TEMPLATE_TAGS = new Set(
  [
    'avatar-chat avatar-chat-header avatar-chat-stage avatar-chat-transcript avatar-chat-composer',
    'section header h2 span slot p div textarea button video audio i time a svg path',
  ]
    .join(' ')
    .split(' '),
);
const DANGEROUS =
  'script, iframe, img, svg, object, embed, frame, link, meta, base, style, form, a[href^="javascript" i]';

/** The buttons whose icons are our own SVG. */
const ICON_BUTTONS = '[part~="mic-button"], [part~="mute-button"], [part~="new-chat-button"]';

/** Nothing but our own template's elements, no inline handlers, links only as linkify makes them, loadable media. */
function expectOnlyTemplateDom(el: AvatarChat) {
  const els = allElements(el);
  for (const e of els) {
    const tag = e.localName;
    expect(TEMPLATE_TAGS.has(tag), `unexpected <${tag}>`).to.be.true;
    for (const a of e.attributes) expect(a.name.startsWith('on'), `<${tag} ${a.name}>`).to.be.false;
    if (tag === 'svg' || tag === 'path') expect(e.closest(ICON_BUTTONS), `<${tag}> outside our icons`).to.exist;
    if (tag === 'a') {
      const a = e as HTMLAnchorElement;
      expect(a.closest('[part~="bubble"]'), 'a link outside a bubble').to.exist;
      expect(['http:', 'https:']).to.include(a.protocol);
      expect(a.rel).to.equal('noopener noreferrer');
      expect(a.target).to.equal('_blank');
    }
    if (tag === 'audio' || tag === 'video') {
      const src = e.getAttribute('src');
      if (src) expect(loadableMediaUrl(src), src).to.be.true;
    }
  }
  expect(els.filter(e => e.localName === 'svg')).to.have.length(3);
}

describe('hardening: XSS corpus through <avatar-chat>', function () {
  this.timeout(30000);
  let alert: sinon.SinonStub;
  let mediaSrcs: string[];
  let docDangerous: number;

  beforeEach(() => {
    window.__pwned = 0;
    alert = sinon.stub(window, 'alert');
    sinon.stub(window, 'confirm').returns(false);
    sinon.stub(window, 'prompt').returns(null);
    // Record every URL given to any media element, by property or attribute.
    mediaSrcs = [];
    const desc = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'src')!;
    sinon
      .stub(HTMLMediaElement.prototype, 'src')
      .get(function (this: HTMLMediaElement) {
        return desc.get!.call(this);
      })
      .set(function (this: HTMLMediaElement, v: string) {
        mediaSrcs.push(String(v));
        desc.set!.call(this, v);
      });
    const setAttribute = Element.prototype.setAttribute;
    sinon.stub(Element.prototype, 'setAttribute').callsFake(function (this: Element, name: string, value: string) {
      if (this instanceof HTMLMediaElement && name.toLowerCase() === 'src') mediaSrcs.push(String(value));
      return setAttribute.call(this, name, value);
    });
    docDangerous = document.querySelectorAll(DANGEROUS).length;
  });

  afterEach(() => {
    unmountAll();
    sinon.restore();
  });

  async function expectNothingRan(el: AvatarChat) {
    await settle(150);
    expect(window.__pwned, 'window.__pwned').to.equal(0);
    expect(alert.called, 'alert called').to.be.false;
    expect(document.querySelectorAll(DANGEROUS).length, 'new elements in the page').to.equal(docDangerous);
    expectOnlyTemplateDom(el);
    for (const u of mediaSrcs) expect(loadableMediaUrl(u), `media src ${u.slice(0, 80)}`).to.be.true;
  }

  it('the traps do catch a script that runs (control)', async () => {
    const div = document.createElement('div');
    div.innerHTML = '<img src="data:," onerror="window.__pwned=1;alert(1)">';
    document.body.append(div);
    try {
      await waitUntil(() => window.__pwned === 1, 'control payload did not run');
      expect(alert.calledOnce).to.be.true;
    } finally {
      div.remove();
    }
  });

  for (const field of ['answer', 'content', 'message', 'raw frame'] as const) {
    it(`text via ${field}: shown verbatim as text, nothing runs`, async () => {
      const { el, client } = await mount();
      // A non-JSON frame starting with { or [ is dropped as broken JSON (protocol.md): not text.
      const sent = corpus.filter(p => field !== 'raw frame' || !/^\s*[{[]/.test(p.payload));
      const got: ChatMessage[] = [];
      el.addEventListener('avatar-chat-message', e => got.push(e.detail.message));
      for (const { payload } of sent)
        await push(client, field === 'raw frame' ? payload : { type: 'incoming', [field]: payload });
      await waitUntil(() => got.length === sent.length, `${got.length}/${sent.length} replies`);
      await el.updateComplete;
      sent.forEach(({ payload }, i) => {
        expect(got[i].role).to.equal('avatar');
        expect(got[i].text).to.equal(payload.trim());
        expect(got[i].media).to.equal(undefined);
        expect(squash(bubbleText(entryOf(el, got[i].id))), payload.slice(0, 80)).to.equal(squash(payload));
      });
      await expectNothingRan(el);
    });
  }

  for (const field of ['fileUrl', 'file_url'] as const) {
    it(`URLs via ${field}: only http(s)/blob/data:audio|video reach the player, other schemes are a protocol error`, async () => {
      const { el, client, url } = await mount();
      const base = url.replace(/^ws/, 'http'); // relative media URLs resolve against the service's host
      const got: ChatMessage[] = [];
      const refused: string[] = [];
      el.addEventListener('avatar-chat-message', e => e.detail.message.role === 'avatar' && got.push(e.detail.message));
      el.addEventListener('avatar-chat-error', e => {
        const cause = e.detail.cause as { reason?: string; message: string } | undefined;
        if (e.detail.code === 'protocol' && cause?.reason === 'url') refused.push(cause.message);
      });
      for (const [i, { payload }] of corpus.entries())
        await push(client, { type: 'incoming', answer: `reply ${i}`, [field]: payload });
      await waitUntil(() => got.length === corpus.length, `${got.length}/${corpus.length} replies`);
      const absolute = (p: string) => {
        try {
          return new URL(p);
        } catch {
          return undefined;
        }
      };
      corpus.forEach(({ payload, allowed }, i) => {
        const what = payload.slice(0, 80);
        const media = got[i].media;
        const abs = absolute(payload);
        expect(got[i].text).to.equal(`reply ${i}`);
        if (media) expect(loadableMediaUrl(media.url), what).to.be.true;
        if (allowed) expect(media?.url, what).to.equal(abs!.href);
        else if (abs) expect(media, `${what}: a scheme that must never load`).to.equal(undefined);
        else if (media)
          expect(media.url, `${what}: resolved against the service`).to.equal(new URL(payload, base).href);
      });
      const accepted = got.filter(m => m.media);
      expect(refused).to.have.length(corpus.length - accepted.length);
      expect(accepted.length).to.be.above(corpus.filter(p => p.allowed).length); // some relative ones resolved
      // What was accepted did reach a media element (the spy works); nothing else did (checked below).
      await settle();
      for (const m of accepted) expect(mediaSrcs).to.include(m.media!.url);
      await expectNothingRan(el);
    });
  }

  it('the quoted transcript of a voice turn is shown verbatim as text, nothing runs', async () => {
    const { el, client } = await mount();
    const wav = tinyWav();
    const replies: ChatMessage[] = [];
    el.addEventListener('avatar-chat-message', e => replies.push(e.detail.message));
    for (const [i, { payload }] of corpus.entries()) {
      const turn = (await el.sendAudio(wav.slice().buffer))!;
      expect(turn.kind).to.equal('voice');
      // Every line of the payload quoted, so multi-line payloads stay whole.
      await push(client, { type: 'incoming', answer: `>${payload.replace(/\n/g, '\n>')}\n\nreply ${i}` });
      await waitUntil(() => replies.length === i + 1, `reply ${i}`);
      expect(replies[i].text).to.equal(`reply ${i}`);
      const m = el.messages.find(x => x.id === turn.id)!;
      expect(squash(m.text), payload.slice(0, 80)).to.equal(squash(payload));
    }
    await el.updateComplete;
    const voice = el.messages.filter(m => m.kind === 'voice');
    expect(voice).to.have.length(corpus.length);
    voice.forEach((m, i) => expect(squash(bubbleText(entryOf(el, m.id)))).to.equal(squash(corpus[i].payload)));
    await expectNothingRan(el);
  });
});
