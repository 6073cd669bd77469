import { html, nothing } from 'lit';
import type { ChatMessage } from '../chat/conversation.js';
import { ActionEvent, type Actions } from './actions.js';
import { stageStyles } from './avatar-chat-stage.styles.js';
import { ChatPartElement, type ChatPartContext } from './chat-part.js';

type Media = NonNullable<ChatMessage['media']>;
const ignore = () => {};

/** How long a reply may sit still near its end without `ended` before it counts as ended (#handleTimeUpdate). */
const END_GRACE_MS = 500;
/** "Near its end": within the last quarter second (a frame or two of a video). */
const END_SLACK_S = 0.25;

/**
 * The stage (the player): the poster while idle, the reply's video, or its audio with a speaking indicator. One
 * reply at a time. It keeps one size for the whole conversation: shown from the start with a poster; without one,
 * from the first video with a picture (or the first "Tap to play") on, and never hidden again. While it is hidden
 * an audio reply plays without it (<avatar-chat> shows the speaking indicator in its header: `shown`).
 * <avatar-chat> calls `play()`, `stop()` and `unlock()`, and hears `reply-start`, `reply-end` and
 * `playback-error` actions. Reads the poster and strings from context.
 * @tag avatar-chat-stage
 * @csspart player - The stage.
 * @csspart video - The reply video element.
 * @csspart audio - The reply audio element.
 * @csspart play-button - "Tap to play".
 */
export class AvatarChatStage extends ChatPartElement {
  static override styles = stageStyles;
  /** The conversation's changes do not render the stage. */
  static override contexts: readonly ChatPartContext[] = ['strings', 'config'];

  /** Id of the reply being played ('' when idle). */
  #current = '';
  /** Autoplay was refused (or playback is manual): the play button shows. */
  #blocked = false;
  /** Set together with `#current`. */
  #kind: 'audio' | 'video' = 'audio';
  /** Without a poster: a video picture or the play button was shown, so the stage stays (no layout jump back). */
  #kept = false;
  /** Ends a reply that reached its end without an `ended` event (#handleTimeUpdate). */
  #endTimer?: ReturnType<typeof setTimeout>;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop();
  }

  /** Call inside a user gesture so later replies may autoplay (iOS Safari and strict autoplay policies). */
  unlock(): void {
    for (const media of this.renderRoot.querySelectorAll<HTMLMediaElement>('audio,video')) {
      // A reply given its src moments ago has no currentSrc yet: pausing it here would stop it before it plays.
      if (media.currentSrc || media.getAttribute('src')) continue;
      media.play().catch(ignore);
      media.pause();
    }
  }

  /** Plays `media` for reply `id`, stopping whatever played. Without `autoplay` only the play button shows. */
  async play(id: string, media: Media, { autoplay }: { autoplay: boolean }): Promise<void> {
    this.stop();
    this.#kind = media.type === 'audio' ? 'audio' : 'video';
    this.#show(id);
    if (!this.#media) await this.updateComplete; // the first render is still to come
    const element = this.#media;
    if (!element || this.#current !== id) return; // stopped or superseded meanwhile
    element.src = media.url;
    if (autoplay) await this.#start();
    else this.#show(id, { blocked: true });
  }

  /** The stage takes room in the panel (a poster, or a video or play button shown before). */
  get shown(): boolean {
    return !!this.config.poster || this.#kept;
  }

  /** Stops the playing reply (barge-in, a new reply, removal). */
  stop(): void {
    const element = this.#media;
    if (element) {
      element.pause();
      element.removeAttribute('src');
      element.load();
    }
    this.#end(element, { failed: false });
  }

  /** The playing reply's element (undefined when idle or not rendered yet). */
  get #media(): HTMLMediaElement | undefined {
    return (this.#current && this.renderRoot.querySelector<HTMLMediaElement>(this.#kind)) || undefined;
  }

  #show(current: string, { blocked = false } = {}): void {
    this.#current = current;
    this.#blocked = blocked;
    if (blocked) this.#kept = true;
    this.requestUpdate();
  }

  #tell<K extends 'reply-start' | 'reply-end' | 'playback-error'>(type: K, detail: Actions[K]): void {
    this.dispatchEvent(new ActionEvent(type, detail));
  }

  /** Back to idle; the reply ends when it had an element, after an error when that element failed. */
  #end(element: HTMLMediaElement | undefined, { failed }: { failed: boolean }): void {
    clearTimeout(this.#endTimer);
    const id = this.#current;
    this.#show('');
    if (failed) this.#tell('playback-error', { blocked: false, cause: element!.error });
    if (element) this.#tell('reply-end', { id });
  }

  #start = async () => {
    const element = this.#media;
    if (!element) return;
    this.#show(this.#current);
    try {
      await element.play();
    } catch (e) {
      if (element !== this.#media) return; // superseded
      if ((e as DOMException).name === 'NotAllowedError') {
        this.#show(this.#current, { blocked: true });
        this.#tell('playback-error', { blocked: true, cause: e });
      }
      // other failures arrive as the element's `error` event
    }
  };

  // ---------------------------------------------------------------- handlers
  #handlePlaying = () => this.#tell('reply-start', { id: this.#current, onStage: this.shown });

  /** `ended`, or `error` of the playing reply's element (not of the emptied one after stop()). */
  #handleEnd = (e: Event) => {
    const element = e.target as HTMLMediaElement;
    const failed = e.type === 'error';
    if (!failed || (element === this.#media && element.getAttribute('src'))) this.#end(element, { failed });
  };

  /**
   * At the last frame, `ended` should follow. WebKitGTK sometimes never fires it: the video stops a frame short of
   * its duration (1.180 of 1.182 s), neither paused nor ended, and the reply would "play" for ever (the speaking
   * indicator on, hands-free paused). A reply within END_SLACK_S of its end that has not moved for END_GRACE_MS
   * ends here; each timeupdate starts the wait again.
   */
  #handleTimeUpdate = (e: Event) => {
    const element = e.target as HTMLMediaElement;
    clearTimeout(this.#endTimer);
    const position = element.currentTime;
    if (element !== this.#media || !(element.duration - position < END_SLACK_S)) return; // NaN, Infinity: not yet
    this.#endTimer = setTimeout(() => {
      if (element === this.#media && element.currentTime === position) this.#end(element, { failed: false });
    }, END_GRACE_MS);
  };

  /** The video's size is known: render again to show the video, or the poster when it has no picture (audio). */
  #handleMetadata = (e: Event) => {
    if ((e.target as HTMLVideoElement).videoWidth) this.#kept = true;
    this.requestUpdate();
  };

  // ---------------------------------------------------------------- render
  protected override render() {
    const current = this.#current;
    const blocked = this.#blocked;
    const poster = this.config.poster;
    const s = this.strings;
    const video =
      this.#kind === 'video' && current && this.renderRoot.querySelector<HTMLVideoElement>('video')?.videoWidth !== 0;
    return html`<div part="player" class="stage" ?hidden=${!this.shown}>
      ${poster && !video ? html`<img src=${poster} alt="" />` : nothing}
      <video
        part="video"
        playsinline
        .muted=${this.config.muted ?? false}
        ?hidden=${!video}
        @playing=${this.#handlePlaying}
        @ended=${this.#handleEnd}
        @error=${this.#handleEnd}
        @timeupdate=${this.#handleTimeUpdate}
        @loadedmetadata=${this.#handleMetadata}
      ></video>
      <audio
        part="audio"
        .muted=${this.config.muted ?? false}
        @playing=${this.#handlePlaying}
        @ended=${this.#handleEnd}
        @error=${this.#handleEnd}
        @timeupdate=${this.#handleTimeUpdate}
      ></audio>
      ${current && !blocked ? html`<span class="wave" role="img" aria-label=${s.playing}><i></i><i></i><i></i></span>` : nothing}
      ${blocked ? html`<button part="play-button" class="play" @click=${this.#start}>▶ ${s.tapToPlay}</button>` : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'avatar-chat-stage': AvatarChatStage;
  }
}
