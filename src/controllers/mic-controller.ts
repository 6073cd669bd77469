import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Strings } from '../strings.js';

/** Holds shorter than this are taps: cancelled, with a "hold to talk" hint. */
export const MIN_HOLD_MS = 250;
/** A pointer released farther than this (CSS px) from where it went down cancels the hold. */
export const CANCEL_DRAG_PX = 40;

/** `start`/`stop` (send): a push-to-talk hold; `cancel`: Escape, a drag away, or a tap; `toggle`: vad. */
export type MicAction = 'start' | 'stop' | 'cancel' | 'toggle';

export interface MicState {
  mode: 'push-to-talk' | 'vad';
  /** The microphone is open (drives `aria-pressed`). */
  recording: boolean;
  disabled: boolean;
  /** Why the microphone cannot be used ('' when it can); the button then does nothing and says so. */
  unavailable: string;
  strings: Strings;
}

export interface MicOptions {
  /** What the button shows and allows, read at each render and gesture. */
  state(): MicState;
  /** A gesture: `tooShort` for a cancelled tap. */
  on(action: MicAction, tooShort?: boolean): void;
}

/**
 * The microphone button in the host's shadow root: push-to-talk gestures (pointer, or Space/Enter held; Escape
 * cancels) or a VAD toggle, with a level meter and the elapsed time. `level()` writes the meter straight into the
 * DOM (50 Hz while recording), so the host does not re-render for it. The state lives in the constructor's closure.
 */
export class MicController implements ReactiveController {
  readonly hostDisconnected: () => void;
  /** Ends a hold in progress as cancelled (the button is going away: voice off, disabled). */
  readonly cancel: () => void;
  /** Shows the input level (RMS 0–1, on a −60…0 dB scale) and the elapsed time (ms, as m:ss). */
  readonly level: (level: number, ms: number) => void;
  readonly render: () => TemplateResult;

  constructor(host: ReactiveControllerHost & { renderRoot: ParentNode }, o: MicOptions) {
    // hint: the hint shown under the button (until timer); by: the pointer id or 'key' holding the button, since
    // t0; x0/y0: where the pointer went down
    let hint: '' | 'micTooShort' | 'micCancelled' = '',
      by: number | 'key' | undefined,
      t0 = 0,
      x0 = 0,
      y0 = 0,
      timer: ReturnType<typeof setTimeout> | undefined;
    const setHint = (key: typeof hint) => {
      hint = key;
      clearTimeout(timer);
      if (key) timer = setTimeout(() => setHint(''), 3000);
      host.requestUpdate();
    };
    const off = () => {
      const s = o.state();
      return s.disabled || !!s.unavailable;
    };
    /** Escape cancels a hold wherever the focus is. */
    const onEscape = (e: KeyboardEvent) => {
      if (e.key != 'Escape' || by == null) return;
      e.preventDefault();
      end(false, true);
    };
    const begin = (b: number | 'key') => {
      if (by != null || off() || o.state().mode != 'push-to-talk') return;
      by = b;
      t0 = performance.now();
      if (hint) setHint('');
      addEventListener('keydown', onEscape, true);
      o.on('start');
    };
    /**
     * Ends a hold: sends if `send` (a release where it went down) unless it was a tap; else cancels. `say` shows the
     * "cancelled" hint (a drag away, Escape), not for the button going away.
     */
    const end = (send = false, say = false) => {
      if (by == null) return;
      by = undefined;
      removeEventListener('keydown', onEscape, true);
      const tooShort = send && performance.now() - t0 < MIN_HOLD_MS;
      if (send && !tooShort) return o.on('stop');
      if (tooShort) setHint('micTooShort');
      else if (say) setHint('micCancelled');
      o.on('cancel', tooShort);
    };
    const onPointerDown = (e: PointerEvent) => {
      if (e.button) return;
      x0 = e.clientX;
      y0 = e.clientY;
      try {
        (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
      } catch {
        /* synthetic or already-gone pointer */
      }
      begin(e.pointerId);
    };
    /**
     * pointerup sends, unless the pointer was dragged more than CANCEL_DRAG_PX away from where it went down (the
     * button's own box does not matter: the pointer is captured, and a finger is wider than the button);
     * pointercancel and a lost capture without a release cancel.
     */
    const onPointerEnd = (e: PointerEvent) => {
      if (by !== e.pointerId) return;
      const dragged = Math.hypot(e.clientX - x0, e.clientY - y0) > CANCEL_DRAG_PX;
      end(e.type === 'pointerup' && !dragged, e.type === 'pointerup' || e.type === 'pointercancel');
    };
    const onKey = (e: KeyboardEvent) => {
      const press = e.key == ' ' || e.key == 'Enter',
        s = o.state();
      if (e.type == 'keyup') {
        if (press && by == 'key') end(true);
      } else if (e.key == 'Escape') {
        if (e.defaultPrevented || !s.recording) return; // a hold was cancelled by onEscape
        e.preventDefault();
        setHint('micCancelled');
        o.on('cancel', false);
      } else if (press && s.mode == 'push-to-talk') {
        e.preventDefault(); // no click: push-to-talk is press and release
        if (!e.repeat) begin('key');
      }
    };
    const onClick = () => {
      if (o.state().mode == 'vad' && !off()) o.on('toggle');
    };

    this.hostDisconnected = this.cancel = () => end();
    this.level = (level, ms) => {
      const r = host.renderRoot,
        bar = r.querySelector<HTMLElement>('[part=level]'),
        time = r.querySelector('.time'),
        s = Math.floor(ms / 1000);
      if (bar) bar.style.transform = `scaleX(${Math.min(1, Math.max(0, 1 + Math.log10(level) / 3))})`;
      if (time) time.textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    };
    this.render = () => {
      const { mode, recording: on, disabled, unavailable: no, strings: s } = o.state();
      const label = no
        ? s.micUnavailable
        : mode == 'vad'
          ? on
            ? s.micListening
            : s.micListen
          : on
            ? s.micRecording
            : s.micHold;
      // The meter, the timer and the hint float above the button (they take no room in the composer row), so
      // nothing moves under a pointer that is holding the button.
      return html`<span class="mic">
        <button
          part="mic-button"
          aria-label=${label}
          aria-pressed=${on}
          aria-disabled=${no ? 'true' : nothing}
          aria-description=${no || nothing}
          title=${no || label}
          ?disabled=${disabled}
          @pointerdown=${onPointerDown}
          @pointerup=${onPointerEnd}
          @pointercancel=${onPointerEnd}
          @lostpointercapture=${onPointerEnd}
          @keydown=${onKey}
          @keyup=${onKey}
          @blur=${() => by == 'key' && end()}
          @click=${onClick}
          @contextmenu=${(e: Event) => e.preventDefault()}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path
              d="M12 15a3 3 0 0 0 3-3V6a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3Zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-2.1a7 7 0 0 0 6-6.9h-2Z"
            />
          </svg>
        </button>
        <span class="rec" ?hidden=${!on}>
          <span class="meter" aria-hidden="true"><span part="level"></span></span>
          <span class="time">0:00</span>
        </span>
        <span class="hint" role="status">${hint ? s[hint] : ''}</span>
      </span>`;
    };
    host.addController(this);
  }
}
