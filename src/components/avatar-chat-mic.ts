import { LitElement, html, nothing } from 'lit';
import { sharedStyles } from '../styles/shared.styles.js';
import { styles } from './avatar-chat-mic.styles.js';

/** Accessible names and texts of the mic button (the element passes them from its strings). */
export interface MicLabels {
  hold: string;
  recording: string;
  listening: string;
  start: string;
  tooShort: string;
  unavailable: string;
}

/** Holds shorter than this are taps: cancelled, with a "hold to talk" hint. */
export const MIN_HOLD_MS = 250;

/**
 * @summary The microphone button of `<avatar-chat>`: push-to-talk gestures or a VAD toggle, a level meter and the
 * elapsed time. Internal: its events neither bubble nor cross the shadow root.
 * @tag avatar-chat-mic
 * @fires mic-start - Push-to-talk: the button was pressed (pointer, or Space/Enter).
 * @fires mic-stop - Push-to-talk: released over the button after a hold: send.
 * @fires {CustomEvent<{ tooShort: boolean }>} mic-cancel - Escape, release off the button, pointercancel, or a tap.
 * @fires mic-toggle - VAD mode: the button was clicked.
 * @csspart mic-button - The button.
 * @csspart level - The level meter's bar.
 */
export class AvatarChatMic extends LitElement {
  static override styles = [sharedStyles, styles];
  static override properties = {
    mode: {},
    recording: { type: Boolean },
    level: { type: Number },
    elapsedMs: { attribute: false },
    disabled: { type: Boolean, reflect: true },
    unavailable: {},
    labels: { attribute: false },
    hint: { state: true },
  };

  /** `push-to-talk`: hold to record. `vad`: a click toggles listening. */
  mode: 'push-to-talk' | 'vad' = 'push-to-talk';
  /** The microphone is open (drives `aria-pressed`). */
  recording = false;
  /** Input level, RMS 0–1 (shown on a −60…0 dB scale). */
  level = 0;
  /** Elapsed recording time (ms), shown as m:ss while recording. */
  elapsedMs = 0;
  /** No interaction. */
  disabled = false;
  /** Why the microphone cannot be used; the button then does nothing and says so. */
  unavailable?: string;
  /** Texts. */
  labels: MicLabels = {
    hold: 'Hold to talk',
    recording: 'Recording… release to send',
    listening: 'Listening… click to stop',
    start: 'Start listening',
    tooShort: 'Hold to talk',
    unavailable: 'Microphone unavailable',
  };

  private hint?: boolean;
  /** Push-to-talk hold in progress: the pointer id or 'key' holding it, and since when. */
  private by?: number | 'key';
  private t0!: number;
  private hintTimer?: ReturnType<typeof setTimeout>;

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.end();
  }

  private get off() {
    return this.disabled || !!this.unavailable;
  }

  private emit(type: string, detail?: unknown) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /** Escape cancels a hold wherever the focus is. */
  private onEscape = (e: KeyboardEvent) => {
    if (e.key != 'Escape' || this.by == null) return;
    e.preventDefault();
    this.end();
  };

  private begin(by: number | 'key') {
    if (this.by != null || this.off || this.mode != 'push-to-talk') return;
    this.by = by;
    this.t0 = performance.now();
    this.hint = false;
    addEventListener('keydown', this.onEscape, true);
    this.emit('mic-start');
  }

  /** Ends a hold: sends if `send` (released over the button) unless it was a tap; else cancels. */
  private end(send = false) {
    if (this.by == null) return;
    this.by = undefined;
    removeEventListener('keydown', this.onEscape, true);
    const tooShort = send && performance.now() - this.t0 < MIN_HOLD_MS;
    if (send && !tooShort) return this.emit('mic-stop');
    if (tooShort) {
      this.hint = true;
      clearTimeout(this.hintTimer);
      this.hintTimer = setTimeout(() => (this.hint = false), 3000);
    }
    this.emit('mic-cancel', { tooShort });
  }

  private onPointerDown(e: PointerEvent) {
    if (e.button) return;
    try {
      (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    } catch {
      /* synthetic or already-gone pointer */
    }
    this.begin(e.pointerId);
  }

  /** pointerup (over the button: send), pointercancel, lostpointercapture (cancel). */
  private onPointerEnd(e: PointerEvent) {
    if (this.by !== e.pointerId) return;
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect(),
      x = e.clientX,
      y = e.clientY;
    this.end(e.type == 'pointerup' && x >= r.left && x <= r.right && y >= r.top && y <= r.bottom);
  }

  private onKey(e: KeyboardEvent) {
    const press = e.key == ' ' || e.key == 'Enter';
    if (e.type == 'keyup') {
      if (press && this.by == 'key') this.end(true);
    } else if (e.key == 'Escape') {
      if (e.defaultPrevented || !this.recording) return; // a hold was cancelled by onEscape
      e.preventDefault();
      this.emit('mic-cancel', { tooShort: false });
    } else if (press && this.mode == 'push-to-talk') {
      e.preventDefault(); // no click: push-to-talk is press and release
      if (!e.repeat) this.begin('key');
    }
  }

  private onClick() {
    if (this.mode == 'vad' && !this.off) this.emit('mic-toggle');
  }

  protected override updated() {
    // −60…0 dB → 0…1
    const bar = this.renderRoot.querySelector<HTMLElement>('[part=level]');
    if (bar) bar.style.transform = `scaleX(${Math.min(1, Math.max(0, 1 + Math.log10(this.level) / 3))})`;
  }

  override render() {
    const l = this.labels;
    const vad = this.mode === 'vad';
    const label = this.unavailable
      ? l.unavailable
      : vad
        ? this.recording
          ? l.listening
          : l.start
        : this.recording
          ? l.recording
          : l.hold;
    const s = Math.floor(this.elapsedMs / 1000);
    return html`<button
        part="mic-button"
        aria-label=${label}
        aria-pressed=${this.recording}
        aria-disabled=${this.unavailable ? 'true' : nothing}
        aria-description=${this.unavailable || nothing}
        title=${this.unavailable || label}
        ?disabled=${this.disabled}
        @pointerdown=${this.onPointerDown}
        @pointerup=${this.onPointerEnd}
        @pointercancel=${this.onPointerEnd}
        @lostpointercapture=${this.onPointerEnd}
        @keydown=${this.onKey}
        @keyup=${this.onKey}
        @blur=${() => this.by == 'key' && this.end()}
        @click=${this.onClick}
        @contextmenu=${(e: Event) => e.preventDefault()}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path
            d="M12 15a3 3 0 0 0 3-3V6a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3Zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-2.1a7 7 0 0 0 6-6.9h-2Z"
          />
        </svg>
      </button>
      <span class="meter" ?hidden=${!this.recording} aria-hidden="true"><span part="level"></span></span>
      <span class="time" ?hidden=${!this.recording}>${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}</span>
      <span role="status">${this.hint ? l.tooShort : ''}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'avatar-chat-mic': AvatarChatMic;
  }
}
