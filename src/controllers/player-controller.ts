import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ChatMessage } from '../conversation.js';
import type { Strings } from '../strings.js';

type Media = NonNullable<ChatMessage['media']>;
const noop = () => {};

export interface PlayerOptions {
  /** A reply's media started (`true`) or ended or was stopped (`false`). */
  onReply(id: string, start: boolean): void;
  /** Autoplay was refused (`blocked`: the play button shows) or the media failed to load or play. */
  onError(blocked: boolean, cause: unknown): void;
}

/**
 * The stage, in the host's shadow root: poster while idle, the reply's video, or audio with a speaking indicator.
 * One reply at a time. `render()` gives the template; the host re-renders when `current` or `blocked` change.
 */
export class PlayerController implements ReactiveController {
  /** Id of the reply being played ('' when idle). */
  current = '';
  /** Autoplay was refused (or `auto` was off): the play button shows. */
  blocked = false;
  /** Set together with `current`. */
  private kind: 'audio' | 'video' = 'audio';

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { renderRoot: ParentNode },
    private readonly o: PlayerOptions,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stop();
  }

  private q<E extends Element>(sel: string) {
    return this.host.renderRoot.querySelector<E>(sel);
  }

  private set(current: string, blocked = false) {
    this.current = current;
    this.blocked = blocked;
    this.host.requestUpdate();
  }

  /** The playing reply's element (undefined when idle or not rendered yet). */
  private get media() {
    return (this.current && this.q<HTMLMediaElement>(this.kind)) || undefined;
  }

  /** Call inside a user gesture so later replies may autoplay (iOS Safari and strict autoplay policies). */
  unlock(): void {
    for (const m of this.host.renderRoot.querySelectorAll<HTMLMediaElement>('audio,video'))
      if (!m.currentSrc) {
        m.play().catch(noop);
        m.pause();
      }
  }

  /** Plays `media` for reply `id`, stopping whatever played. `auto` false: show the play button only. */
  async play(id: string, media: Media, auto = true): Promise<void> {
    this.stop();
    this.kind = media.type === 'audio' ? 'audio' : 'video';
    this.set(id);
    if (!this.media) await this.host.updateComplete; // the host's first render is still to come
    const m = this.media;
    if (!m || this.current !== id) return; // stopped or superseded meanwhile
    m.src = media.url;
    if (auto) await this.start();
    else this.set(id, true);
  }

  /** Stops the playing reply (barge-in, a new reply, removal). */
  stop(): void {
    const m = this.media;
    if (m) {
      m.pause();
      m.removeAttribute('src');
      m.load();
    }
    this.end(m);
  }

  /** Back to idle; the reply ends when it had an element (`m`), after an error when that element failed. */
  private end(m?: HTMLMediaElement, failed?: boolean) {
    const id = this.current;
    this.set('');
    if (failed) this.o.onError(false, m!.error);
    if (m) this.o.onReply(id, false);
  }

  private start = async () => {
    const m = this.media;
    if (!m) return;
    this.set(this.current);
    try {
      await m.play();
    } catch (e) {
      if (m !== this.media) return; // superseded
      if ((e as DOMException).name === 'NotAllowedError') {
        this.set(this.current, true);
        this.o.onError(true, e);
      }
      // other failures arrive as the element's `error` event
    }
  };

  private onPlaying = () => this.o.onReply(this.current, true);
  /** `ended`, or `error` of the playing reply's element (not of the emptied one after stop()). */
  private onEnd = (e: Event) => {
    const m = e.target as HTMLMediaElement;
    const failed = e.type === 'error';
    if (!failed || (m === this.media && m.getAttribute('src'))) this.end(m, failed);
  };
  /** The video's size is known: render again to show the video, or the poster when it has no picture (audio). */
  private onMeta = () => this.host.requestUpdate();

  render(poster: string, s: Strings) {
    const { current, blocked } = this;
    const video = this.kind === 'video' && current && this.q<HTMLVideoElement>('video')?.videoWidth !== 0;
    return html`<div part="player" class="stage" ?hidden=${!poster && !current}>
      ${poster && !video ? html`<img src=${poster} alt="" />` : nothing}
      <video
        part="video"
        playsinline
        ?hidden=${!video}
        @playing=${this.onPlaying}
        @ended=${this.onEnd}
        @error=${this.onEnd}
        @loadedmetadata=${this.onMeta}
      ></video>
      <audio part="audio" @playing=${this.onPlaying} @ended=${this.onEnd} @error=${this.onEnd}></audio>
      ${current && !blocked ? html`<span class="wave" role="img" aria-label=${s.playing}><i></i><i></i><i></i></span>` : nothing}
      ${blocked ? html`<button part="play-button" class="play" @click=${this.start}>▶ ${s.tapToPlay}</button>` : nothing}
    </div>`;
  }
}
