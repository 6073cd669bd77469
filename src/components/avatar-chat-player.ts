import { LitElement, css, html, nothing } from 'lit';
import type { ChatMessage } from '../conversation.js';
import { defaultStrings, type Strings } from '../strings.js';
import { sharedStyles } from '../styles/shared.styles.js';

type Media = NonNullable<ChatMessage['media']>;
const noop = () => {};

/**
 * The stage: poster while idle, the reply's video, or audio with a speaking indicator. One reply at a time.
 * Internal: rendered by <avatar-chat>. Fires `reply-start` / `reply-end` (detail: id) and
 * `playback-error` (detail: { id, blocked, cause }), not composed.
 */
export class AvatarChatPlayer extends LitElement {
  static override properties = {
    strings: { attribute: false },
    poster: {},
    current: { state: true },
    blocked: { state: true },
  };

  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        position: relative;
        background: var(--_stage-bg);
      }
      :host([empty]) {
        display: none;
      }
      .stage {
        display: grid;
        place-items: center;
        min-block-size: 2.5em;
      }
      img,
      video {
        inline-size: 100%;
        max-block-size: var(--_stage-height, 14em);
        object-fit: contain;
      }
      video {
        background: #000;
      }
      .wave {
        position: absolute;
        inset-block-end: 0.5em;
        inset-inline-start: 0.75em;
        display: flex;
        gap: 3px;
        align-items: end;
        block-size: 1em;
        color: var(--_accent);
      }
      .wave i {
        inline-size: 3px;
        block-size: 100%;
        background: currentColor;
        border-radius: 2px;
        animation: bar 0.9s ease-in-out infinite alternate;
      }
      .wave i + i {
        animation-delay: -0.3s;
      }
      .wave i + i + i {
        animation-delay: -0.6s;
      }
      @keyframes bar {
        from {
          scale: 1 0.3;
        }
      }
      .play {
        position: absolute;
        padding: 0.5em 1em;
        border: 0;
        border-radius: 999px;
        background: var(--_accent);
        color: var(--_on-accent);
        font-weight: 600;
        box-shadow: 0 2px 8px rgb(0 0 0 / 0.3);
      }
    `,
  ];

  strings: Strings = defaultStrings;

  /** Image shown while no video plays. */
  poster = '';
  /** Id of the reply being played ('' when idle). */
  current = '';
  /** Set together with `current`, whose change renders, so not reactive itself. */
  private kind: 'audio' | 'video' = 'audio';
  private blocked = false;

  private get video() {
    return this.renderRoot.querySelector('video');
  }

  /** The playing reply's element (undefined when idle or not rendered yet). */
  private get media() {
    return (this.current && this.renderRoot.querySelector(this.kind)) || undefined;
  }

  /** Call inside a user gesture so later replies may autoplay (iOS Safari and strict autoplay policies). */
  unlock(): void {
    for (const m of this.renderRoot.querySelectorAll<HTMLMediaElement>('audio,video'))
      if (!m.currentSrc) {
        m.play().catch(noop);
        m.pause();
      }
  }

  /** Plays `media` for reply `id`, stopping whatever played. `auto` false: show the play button only. */
  async play(id: string, media: Media, auto = true): Promise<void> {
    this.stop();
    this.current = id;
    this.kind = media.type === 'audio' ? 'audio' : 'video';
    await this.updateComplete;
    const m = this.media;
    if (!m || this.current !== id) return; // stopped or superseded meanwhile
    m.src = media.url;
    if (auto) await this.start();
    else this.blocked = true;
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

  /**
   * Back to idle. `reply-end` for the reply when it had an element (`m`), after `playback-error` when
   * that element failed (`failed`).
   */
  private end(m?: HTMLMediaElement, failed?: boolean) {
    const id = this.current;
    this.current = '';
    this.blocked = false;
    if (failed) this.fire('playback-error', { id, blocked: false, cause: m!.error });
    if (m) this.fire('reply-end', id);
  }

  private async start() {
    const m = this.media;
    if (!m) return;
    this.blocked = false;
    try {
      await m.play();
    } catch (e) {
      if (m !== this.media) return; // superseded
      if ((e as DOMException).name === 'NotAllowedError') {
        this.blocked = true;
        this.fire('playback-error', { id: this.current, blocked: true, cause: e });
      }
      // other failures arrive as the element's `error` event
    }
  }

  private fire(type: string, detail: unknown) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  private onPlaying = () => this.fire('reply-start', this.current);
  /** `ended`, or `error` of the playing reply's element (not of the emptied one after stop()). */
  private onEnd = (e: Event) => {
    const m = e.target as HTMLMediaElement;
    const failed = e.type === 'error';
    if (!failed || (m === this.media && m.getAttribute('src'))) this.end(m, failed);
  };
  private onMeta = () => {
    if (this.kind === 'video' && !this.video!.videoWidth) this.requestUpdate(); // audio in a video element
  };

  protected override render() {
    const video = this.kind === 'video' && this.current && this.video?.videoWidth !== 0;
    this.toggleAttribute('empty', !this.poster && !this.current);
    return html`<div class="stage">
      ${this.poster && !video ? html`<img src=${this.poster} alt="" />` : nothing}
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
      ${this.current && !this.blocked ? html`<span class="wave" role="img" aria-label=${this.strings.playing}><i></i><i></i><i></i></span>` : nothing}
      ${
        this.blocked
          ? html`<button part="play-button" class="play" @click=${this.start}>▶ ${this.strings.tapToPlay}</button>`
          : nothing
      }
    </div>`;
  }
}
