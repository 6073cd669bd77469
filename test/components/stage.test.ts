import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { ActionEvent } from '../../src/components/actions.js';
import type { AvatarChatStage } from '../../src/components/avatar-chat-stage.js';
import { newClient } from '../helpers/chat.js';

/** A stage on its own, with every action it sends recorded as `type:detail`. */
async function stage() {
  const el = await fixture<AvatarChatStage>(html`<avatar-chat-stage></avatar-chat-stage>`);
  const actions: string[] = [];
  for (const type of ['reply-start', 'reply-end', 'playback-error'] as const) {
    el.addEventListener(type, e => {
      const { detail } = e as ActionEvent<typeof type>;
      actions.push('id' in detail ? `${type}:${detail.id}` : `${type}:${detail.blocked ? 'blocked' : 'failed'}`);
    });
  }
  const part = (name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
  const { origin } = await newClient('stage');
  return { el, actions, part, reply: `${origin}/media/reply.wav` };
}

describe('<avatar-chat-stage> (the player) on its own', () => {
  it('plays a reply: reply-start, then reply-end when it ends; audio without a poster plays off stage', async () => {
    const { el, actions, part, reply } = await stage();
    expect(part('player')!.hidden, 'no poster, nothing playing: hidden').to.be.true;
    const start = oneEvent(el, 'reply-start');
    await el.play('r1', { url: reply, type: 'audio' }, { autoplay: true });
    expect(((await start) as unknown as ActionEvent<'reply-start'>).detail.onStage).to.be.false;
    await el.updateComplete;
    expect(part('player')!.hidden, 'no stage strip for audio: the host shows the indicator').to.be.true;
    expect(el.shown).to.be.false;
    await waitUntil(() => actions.includes('reply-end:r1'), 'reply-end', { timeout: 8000 });
    expect(actions).to.deep.equal(['reply-start:r1', 'reply-end:r1']);
  });

  it('without autoplay only the play button shows; it starts the reply; stop() ends it', async () => {
    const { el, actions, part, reply } = await stage();
    await el.play('r2', { url: reply, type: 'audio' }, { autoplay: false });
    await el.updateComplete;
    expect(part('play-button')).to.exist;
    expect(actions).to.deep.equal([]);
    part('play-button')!.click();
    await waitUntil(() => actions.includes('reply-start:r2'), 'reply-start', { timeout: 4000 });
    el.stop();
    expect(actions).to.deep.equal(['reply-start:r2', 'reply-end:r2']);
    expect((part('audio') as HTMLAudioElement).hasAttribute('src')).to.be.false;
  });

  it('a new reply stops the one playing; media that fails is a playback error, then the reply ends', async () => {
    const { el, actions, reply } = await stage();
    await el.play('r3', { url: reply, type: 'audio' }, { autoplay: true });
    await waitUntil(() => actions.includes('reply-start:r3'), 'reply-start', { timeout: 4000 });
    const failed = oneEvent(el, 'playback-error');
    await el.play('r4', { url: `${reply}.missing`, type: 'audio' }, { autoplay: true });
    await failed;
    expect(actions).to.deep.equal(['reply-start:r3', 'reply-end:r3', 'playback-error:failed', 'reply-end:r4']);
  });
});
