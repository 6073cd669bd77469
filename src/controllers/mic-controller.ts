import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Strings } from '../strings.js';

/** Holds shorter than this are taps: cancelled, with a "hold to talk" hint. */
export const MIN_HOLD_MS = 250;
/** A pointer released farther than this (CSS px) from where it went down cancels the hold. */
export const CANCEL_DRAG_PX = 40;
/** A hint shows this long (ms). */
const HINT_MS = 3000;

/** `start`/`stop` (send): a push-to-talk hold; `cancel`: Escape, a drag away, or a tap; `toggle`: vad. */
export type MicAction = 'start' | 'stop' | 'cancel' | 'toggle';

export interface MicState {
  mode: 'push-to-talk' | 'vad';
  /** The microphone is open (drives `aria-pressed`). */
  recording: boolean;
  disabled: boolean;
  /** Why the microphone cannot be used ('' when it can); the button then does nothing and says so. */
  unavailable: string;
  /** Hands-free: what the microphone is doing, in words, shown with the meter ('' for none). */
  status?: string;
  strings: Strings;
}

export interface MicOptions {
  /** What the button shows and allows, read at each render and gesture. */
  state(): MicState;
  /** A gesture: `tooShort` for a cancelled tap. */
  on(action: MicAction, tooShort?: boolean): void;
}

type Hint = '' | 'micTooShort' | 'micCancelled';
/** Who holds the button: a pointer id, or the keyboard. */
type Holder = number | 'key';

/**
 * The microphone button in the host's shadow root: push-to-talk gestures (pointer, or Space/Enter held; Escape
 * cancels) or a VAD toggle, with a level meter and the elapsed time. `level()` writes the meter straight into the
 * DOM (50 Hz while recording), so the host does not re-render for it.
 */
export class MicController implements ReactiveController {
  readonly #host: ReactiveControllerHost & { renderRoot: ParentNode };
  readonly #options: MicOptions;
  /** The hint shown above the button (until its timer ends). */
  #hint: Hint = '';
  #hintTimer: ReturnType<typeof setTimeout> | undefined;
  /** Who holds the button, since `#heldSince`, from (`#downX`, `#downY`). */
  #holder: Holder | undefined;
  #heldSince = 0;
  #downX = 0;
  #downY = 0;

  constructor(host: ReactiveControllerHost & { renderRoot: ParentNode }, options: MicOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.cancel();
  }

  /** Ends a hold in progress as cancelled (the button is going away: voice off, disabled). */
  cancel(): void {
    this.#end({ send: false, sayCancelled: false });
  }

  /** Shows the input level (RMS 0–1, on a −60…0 dB scale) and the elapsed time (ms, as m:ss). */
  level(level: number, ms: number): void {
    const root = this.#host.renderRoot;
    const bar = root.querySelector<HTMLElement>('[part=level]');
    const time = root.querySelector('.time');
    const seconds = Math.floor(ms / 1000);
    if (bar) bar.style.transform = `scaleX(${Math.min(1, Math.max(0, 1 + Math.log10(level) / 3))})`;
    if (time) time.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  }

  #setHint(hint: Hint): void {
    this.#hint = hint;
    clearTimeout(this.#hintTimer);
    if (hint) this.#hintTimer = setTimeout(() => this.#setHint(''), HINT_MS);
    this.#host.requestUpdate();
  }

  #unusable(): boolean {
    const state = this.#options.state();
    return state.disabled || !!state.unavailable;
  }

  #begin(holder: Holder): void {
    if (this.#holder !== undefined || this.#unusable() || this.#options.state().mode !== 'push-to-talk') return;
    this.#holder = holder;
    this.#heldSince = performance.now();
    if (this.#hint) this.#setHint('');
    addEventListener('keydown', this.#handleEscape, true);
    this.#options.on('start');
  }

  /**
   * Ends a hold: sends if `send` (a release where it went down) unless it was a tap; else cancels. `sayCancelled`
   * shows the "cancelled" hint (a drag away, Escape), not for the button going away.
   */
  #end({ send, sayCancelled }: { send: boolean; sayCancelled: boolean }): void {
    if (this.#holder === undefined) return;
    this.#holder = undefined;
    removeEventListener('keydown', this.#handleEscape, true);
    const tooShort = send && performance.now() - this.#heldSince < MIN_HOLD_MS;
    if (send && !tooShort) {
      this.#options.on('stop');
      return;
    }
    if (tooShort) this.#setHint('micTooShort');
    else if (sayCancelled) this.#setHint('micCancelled');
    this.#options.on('cancel', tooShort);
  }

  // ---------------------------------------------------------------- handlers
  /** Escape cancels a hold wherever the focus is. */
  #handleEscape = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || this.#holder === undefined) return;
    e.preventDefault();
    this.#end({ send: false, sayCancelled: true });
  };

  #handlePointerDown = (e: PointerEvent) => {
    if (e.button) return;
    this.#downX = e.clientX;
    this.#downY = e.clientY;
    try {
      (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    } catch {
      /* synthetic or already-gone pointer */
    }
    this.#begin(e.pointerId);
  };

  /**
   * pointerup sends, unless the pointer was dragged more than CANCEL_DRAG_PX away from where it went down (the
   * button's own box does not matter: the pointer is captured, and a finger is wider than the button);
   * pointercancel and a lost capture without a release cancel.
   */
  #handlePointerEnd = (e: PointerEvent) => {
    if (this.#holder !== e.pointerId) return;
    const dragged = Math.hypot(e.clientX - this.#downX, e.clientY - this.#downY) > CANCEL_DRAG_PX;
    const released = e.type === 'pointerup';
    this.#end({ send: released && !dragged, sayCancelled: released || e.type === 'pointercancel' });
  };

  #handleKey = (e: KeyboardEvent) => {
    const press = e.key === ' ' || e.key === 'Enter';
    const state = this.#options.state();
    if (e.type === 'keyup') {
      if (press && this.#holder === 'key') this.#end({ send: true, sayCancelled: false });
    } else if (e.key === 'Escape') {
      if (e.defaultPrevented || !state.recording) return; // a hold was cancelled by #handleEscape
      e.preventDefault();
      this.#setHint('micCancelled');
      this.#options.on('cancel', false);
    } else if (press && state.mode === 'push-to-talk') {
      e.preventDefault(); // no click: push-to-talk is press and release
      if (!e.repeat) this.#begin('key');
    }
  };

  #handleBlur = () => {
    if (this.#holder === 'key') this.cancel();
  };

  #handleClick = () => {
    if (this.#options.state().mode === 'vad' && !this.#unusable()) this.#options.on('toggle');
  };

  #handleContextMenu = (e: Event) => e.preventDefault();

  // ---------------------------------------------------------------- render
  #label({ mode, recording, unavailable, strings: s }: MicState): string {
    if (unavailable) return s.micUnavailable;
    if (mode === 'vad') return recording ? s.micListening : s.micListen;
    return recording ? s.micRecording : s.micHold;
  }

  render(): TemplateResult {
    const state = this.#options.state();
    const { recording, disabled, unavailable, status = '', strings: s } = state;
    const label = this.#label(state);
    // The meter, the timer and the hint float above the button (they take no room in the composer row), so
    // nothing moves under a pointer that is holding the button.
    return html`<span class="mic">
      <button
        part="mic-button"
        aria-label=${label}
        aria-pressed=${recording}
        aria-disabled=${unavailable ? 'true' : nothing}
        aria-description=${unavailable || nothing}
        title=${unavailable || label}
        ?disabled=${disabled}
        @pointerdown=${this.#handlePointerDown}
        @pointerup=${this.#handlePointerEnd}
        @pointercancel=${this.#handlePointerEnd}
        @lostpointercapture=${this.#handlePointerEnd}
        @keydown=${this.#handleKey}
        @keyup=${this.#handleKey}
        @blur=${this.#handleBlur}
        @click=${this.#handleClick}
        @contextmenu=${this.#handleContextMenu}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path
            d="M12 15a3 3 0 0 0 3-3V6a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3Zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-2.1a7 7 0 0 0 6-6.9h-2Z"
          />
        </svg>
      </button>
      <span class="hint" role="status">${this.#hint ? s[this.#hint] : ''}</span>
      <span class="rec" ?hidden=${!recording}>
        <span class="meter" aria-hidden="true"><span part="level"></span></span>
        <span class="time">0:00</span>
        <span class="status" role="status">${status}</span>
      </span>
    </span>`;
  }
}
