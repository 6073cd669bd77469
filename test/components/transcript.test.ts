import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/index.js';
import type { ChatMessage } from '../../src/chat/conversation.js';
import type { ActionEvent } from '../../src/components/actions.js';
import type { AvatarChatTranscript } from '../../src/components/avatar-chat-transcript.js';
import { clock, FollowScroll, replayLabel, shownText, splitLinks } from '../../src/components/transcript-format.js';
import { defaultStrings as str } from '../../src/strings.js';

const entry = (id: string, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  role: 'avatar',
  kind: 'text',
  text: `text ${id}`,
  time: 0,
  ...extra,
});

describe('transcript logic', () => {
  it('splitLinks: http(s) URLs without trailing punctuation; everything else is text', () => {
    expect(splitLinks('see https://example.com/x?a=1. or http://a.b/c), not javascript:alert(1)')).to.deep.equal([
      { text: 'see ' },
      { href: 'https://example.com/x?a=1' },
      { text: '. or ' },
      { href: 'http://a.b/c' },
      { text: '), not javascript:alert(1)' },
    ]);
    expect(splitLinks('no links')).to.deep.equal([{ text: 'no links' }]);
  });

  it('clock and shownText: a voice turn without text says its length', () => {
    expect(clock(0)).to.equal('0:00');
    expect(clock(65_400)).to.equal('1:05');
    expect(shownText(entry('v', { role: 'user', kind: 'voice', text: '', durationMs: 3_000 }), str)).to.equal(
      'Voice message (0:03)',
    );
    expect(shownText(entry('v', { kind: 'voice', text: 'heard' }), str)).to.equal('heard');
    expect(shownText(entry('t', { text: '' }), str)).to.equal('');
  });

  it("replayLabel starts with the button's visible text", () => {
    expect(replayLabel(entry('a', { text: 'x'.repeat(60) }), str.replay)).to.equal(`${str.replay}: ${'x'.repeat(40)}`);
    expect(replayLabel(entry('a', { text: '' }), str.stop)).to.equal(str.stop);
  });

  it('FollowScroll: at the end it follows; scrolled up, a new entry shows "new messages" until the end is reached', () => {
    const follow = new FollowScroll();
    const one = [entry('1')];
    follow.transcriptChanged(one, undefined); // before the first render
    expect(follow.stick).to.be.true;
    const two = [...one, entry('2')];
    follow.transcriptChanged(two, { atEnd: true });
    expect({ stick: follow.stick, unseen: follow.unseen }).to.deep.equal({ stick: true, unseen: false });
    follow.transcriptChanged(two.slice(), { atEnd: false }); // same newest entry (a state change): no button
    expect(follow.unseen).to.be.false;
    const three = [...two, entry('3')];
    follow.transcriptChanged(three, { atEnd: false });
    expect({ stick: follow.stick, unseen: follow.unseen }).to.deep.equal({ stick: false, unseen: true });
    expect(follow.scrolled({ atEnd: false })).to.be.false;
    expect(follow.scrolled({ atEnd: true })).to.be.true;
    expect(follow.unseen).to.be.false;
    follow.transcriptChanged([...three, entry('4')], { atEnd: false });
    follow.jumpedToEnd();
    expect({ stick: follow.stick, unseen: follow.unseen }).to.deep.equal({ stick: true, unseen: false });
  });
});

describe('<avatar-chat-transcript> on its own', () => {
  async function transcript(messages: ChatMessage[], playingId = '') {
    const el = await fixture<AvatarChatTranscript>(html`<avatar-chat-transcript></avatar-chat-transcript>`);
    el.snapshot = { messages, playingId, recording: false, micProblem: '' };
    await el.updateComplete;
    return el;
  }

  it('renders entries by role with their parts; the playing entry has a Stop button', async () => {
    const el = await transcript(
      [
        entry('u', { role: 'user', text: 'hi', state: 'failed' }),
        entry('a', { media: { url: 'http://x/a.wav', type: 'audio' } }),
        entry('s', { role: 'system', text: 'joined' }),
      ],
      'a',
    );
    const root = el.shadowRoot!;
    expect([...root.querySelectorAll('[part~=message]')].map(m => m.getAttribute('part'))).to.deep.equal([
      'message message--user',
      'message message--avatar',
      'message message--system',
    ]);
    expect(root.querySelector('[data-id=u] [part~=bubble]')!.textContent).to.equal('You: hi');
    expect(root.querySelector('[data-id=a] [part~=replay-button]')).to.equal(null);
    expect(root.querySelector('[data-id=a] [part~=stop-button]')!.textContent!.trim()).to.equal(str.stop);
    expect(root.querySelector('[role=log]')!.getAttribute('aria-label')).to.equal(str.transcriptLabel);
  });

  it('retry and replay buttons ask the host with actions (not composed, not bubbling)', async () => {
    const el = await transcript([
      entry('u', { role: 'user', state: 'failed' }),
      entry('a', { media: { url: 'http://x/a.wav', type: 'audio' } }),
    ]);
    const retry = oneEvent(el, 'retry') as Promise<ActionEvent<'retry'>>;
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~=retry-button]')!.click();
    const e = await retry;
    expect(e.detail).to.deep.equal({ id: 'u' });
    expect([e.bubbles, e.composed]).to.deep.equal([false, false]);
    const replay = oneEvent(el, 'replay') as Promise<ActionEvent<'replay'>>;
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~=replay-button]')!.click();
    expect((await replay).detail).to.deep.equal({ id: 'a' });
  });
});
