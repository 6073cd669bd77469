/**
 * The replies' media: which reply plays (Playback) and the stage that plays it. It plays a reply that arrives or is
 * replayed, stops it, hears the stage's reply-start, reply-end and playback-error actions, fires
 * `avatar-chat-reply-start`/`-end` through the element's one `emit`, and tells the element when "a reply plays"
 * changes (custom state `playing`; hands-free listening pauses meanwhile). A piece of the composition root, beside
 * failures.ts: it reports through the FailureReporter.
 */
import type { ReactiveControllerHost } from 'lit';
import type { ChatSession } from './chat/chat-session.js';
import type { ChatMessage } from './chat/conversation.js';
import { Playback } from './chat/playback.js';
import type { ActionEvent } from './components/actions.js';
import type { AvatarChatStage } from './components/avatar-chat-stage.js';
import type { Emit } from './events.js';
import type { FailureReporter } from './failures.js';
import type { Strings } from './strings.js';

export interface PlayerOptions {
  /** The stage, once rendered. */
  stage(): Pick<AvatarChatStage, 'play' | 'stop' | 'unlock'> | null | undefined;
  /** The transcript: the entry to replay, the line that says a reply's media failed. */
  chat: Pick<ChatSession, 'get' | 'addSystemLine'>;
  failures: Pick<FailureReporter, 'report'>;
  strings(): Strings;
  emit: Emit;
  /** A reply started playing, or none plays any more. */
  onPlayingChange(playing: boolean): void;
}

export class PlayerController {
  readonly #host: ReactiveControllerHost;
  readonly #options: PlayerOptions;
  readonly #playback = new Playback();

  constructor(host: ReactiveControllerHost, options: PlayerOptions) {
    this.#host = host;
    this.#options = options;
  }

  /** The reply whose media plays ('' when none). */
  get playingId(): string {
    return this.#playback.playingId;
  }

  /** Replies whose media has played (their button says "Play again"). */
  get played(): ReadonlySet<string> {
    return this.#playback.played;
  }

  /** The speaking indicator shows in the header: a reply plays while the stage is hidden. */
  get inHeader(): boolean {
    return this.#playback.inHeader;
  }

  /** Plays a reply's media on the stage (after the first render when that is still to come). */
  play(message: ChatMessage, { autoplay }: { autoplay: boolean }): void {
    const play = () => this.#options.stage()?.play(message.id, message.media!, { autoplay });
    if (this.#options.stage()) void play();
    else void this.#host.updateComplete.then(play);
  }

  /** Stops the reply that plays (barge-in, a new conversation). */
  stop(): void {
    this.#options.stage()?.stop();
  }

  /** Call inside a user gesture: later replies may autoplay. */
  unlock(): void {
    this.#options.stage()?.unlock();
  }

  /** A new conversation: the reply stops and no reply has played. */
  newConversation(): void {
    this.stop();
    this.#playback.forgetPlayed();
  }

  handleReplyStart = (e: ActionEvent<'reply-start'>) => {
    this.#playback.start(e.detail.id, { onStage: e.detail.onStage });
    this.#handlePlayingChange();
    this.#options.emit('replyStart', { messageId: e.detail.id });
  };

  handleReplyEnd = (e: ActionEvent<'reply-end'>) => {
    if (!this.#playback.end(e.detail.id)) return;
    this.#handlePlayingChange();
    this.#options.emit('replyEnd', { messageId: e.detail.id });
  };

  /** Blocked autoplay is only reported (the play button shows); media that fails also gets a transcript line. */
  handlePlaybackError = (e: ActionEvent<'playback-error'>) => {
    const { blocked, cause } = e.detail;
    const strings = this.#options.strings();
    if (!blocked) this.#options.chat.addSystemLine(strings.mediaFailed);
    const message = blocked ? strings.playbackBlocked : strings.mediaFailed;
    this.#options.failures.report('playback', message, { recoverable: true, cause });
  };

  handleReplay = (e: ActionEvent<'replay'>) => {
    const message = this.#options.chat.get(e.detail.id);
    if (message?.media) this.play(message, { autoplay: true });
  };

  handleStop = (e: ActionEvent<'stop'>) => {
    if (this.#playback.playingId === e.detail.id) this.stop();
  };

  #handlePlayingChange(): void {
    this.#options.onPlayingChange(!!this.#playback.playingId);
    this.#host.requestUpdate();
  }
}
