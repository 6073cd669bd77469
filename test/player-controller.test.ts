import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { ChatMessage } from '../src/chat/conversation.js';
import { ActionEvent } from '../src/components/actions.js';
import type { AvatarChatStage } from '../src/components/avatar-chat-stage.js';
import { PlayerController } from '../src/player-controller.js';
import { defaultStrings } from '../src/strings.js';
import { newClient } from './helpers/chat.js';
import { controllerHost } from './helpers/controller-host.js';

/**
 * A player on a throwaway host that renders a real <avatar-chat-stage> wired to the player's handlers (as the root
 * does). What leaves it is recorded in `log`: events it emits, playing changes, transcript lines, failures.
 */
async function player({ rendered = true } = {}) {
  const log: string[] = [];
  const entries = new Map<string, ChatMessage>();
  const host = controllerHost({
    render: () =>
      html`<avatar-chat-stage
        @reply-start=${controller.handleReplyStart}
        @reply-end=${controller.handleReplyEnd}
        @playback-error=${controller.handlePlaybackError}
      ></avatar-chat-stage>`,
  });
  const controller: PlayerController = new PlayerController(host, {
    stage: () => host.renderRoot?.querySelector('avatar-chat-stage'),
    chat: {
      get: id => entries.get(id),
      addSystemLine: text => {
        log.push(`line:${text}`);
        return { id: 'system', role: 'system', kind: 'text', text, time: 0 };
      },
    },
    failures: { report: (code, message) => log.push(`error:${code}:${message}`) },
    strings: () => defaultStrings,
    emit: (name, detail) => log.push(`${name}:${JSON.stringify(detail)}`) > 0,
    onPlayingChange: playing => log.push(`playing:${playing}`),
  });
  if (rendered) await fixture(html`${host}`);
  const { origin } = await newClient('player');
  const reply = (id: string, url = `${origin}/media/reply.wav`) => {
    const message: ChatMessage = { id, role: 'avatar', kind: 'text', text: '', time: 0, media: { url, type: 'audio' } };
    entries.set(id, message);
    return message;
  };
  const stage = () => host.renderRoot.querySelector<AvatarChatStage>('avatar-chat-stage')!;
  return { controller, host, log, reply, stage };
}

describe('PlayerController', () => {
  it('a reply plays on the stage: reply-start and reply-end go out, "playing" follows, it counts as played', async () => {
    const { controller, log, reply } = await player();
    controller.play(reply('r1'), { autoplay: true });
    await waitUntil(() => controller.playingId === 'r1', 'playing', { timeout: 4000 });
    expect(log).to.deep.equal(['playing:true', 'replyStart:{"messageId":"r1"}']);
    expect(controller.inHeader, 'audio without a poster plays off stage').to.be.true;
    await waitUntil(() => !controller.playingId, 'ended', { timeout: 8000 });
    expect(log.slice(2)).to.deep.equal(['playing:false', 'replyEnd:{"messageId":"r1"}']);
    expect([...controller.played]).to.deep.equal(['r1']);
  });

  it('a reply that arrives before the first render plays once the stage is there', async () => {
    const { controller, host, reply } = await player({ rendered: false });
    controller.play(reply('r2'), { autoplay: true });
    await fixture(html`${host}`);
    await waitUntil(() => controller.playingId === 'r2', 'playing', { timeout: 4000 });
    controller.stop();
  });

  it('replay plays an entry again; stop stops only the reply that plays', async () => {
    const { controller, log, reply } = await player();
    reply('r3');
    controller.handleReplay(new ActionEvent('replay', { id: 'r3' }));
    await waitUntil(() => controller.playingId === 'r3', 'replayed', { timeout: 4000 });
    controller.handleStop(new ActionEvent('stop', { id: 'other' }));
    expect(controller.playingId).to.equal('r3');
    controller.handleStop(new ActionEvent('stop', { id: 'r3' }));
    expect(controller.playingId).to.equal('');
    expect(log).to.deep.equal([
      'playing:true',
      'replyStart:{"messageId":"r3"}',
      'playing:false',
      'replyEnd:{"messageId":"r3"}',
    ]);
  });

  it('media that fails: a transcript line and a playback error; blocked autoplay: only the error', async () => {
    const { controller, log, reply, stage } = await player();
    controller.play(reply('r4', `${(await newClient('player')).origin}/media/reply.wav.missing`), { autoplay: true });
    await waitUntil(() => log.some(line => line.startsWith('error:')), 'error', { timeout: 4000 });
    expect(log).to.include.members([
      `line:${defaultStrings.mediaFailed}`,
      `error:playback:${defaultStrings.mediaFailed}`,
    ]);
    log.length = 0;
    stage().dispatchEvent(new ActionEvent('playback-error', { blocked: true, cause: new Error('NotAllowedError') }));
    expect(log).to.deep.equal([`error:playback:${defaultStrings.playbackBlocked}`]);
  });

  it('a new conversation stops the reply and forgets which replies have played', async () => {
    const { controller, reply } = await player();
    controller.play(reply('r5'), { autoplay: true });
    await waitUntil(() => controller.playingId === 'r5', 'playing', { timeout: 4000 });
    controller.newConversation();
    expect(controller.playingId).to.equal('');
    expect([...controller.played]).to.deep.equal([]);
  });
});
