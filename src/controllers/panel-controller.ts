import type { ReactiveControllerHost } from 'lit';

export interface PanelOptions {
  /** `layout="floating"` (inline: the panel is always shown). */
  floating(): boolean;
  /** The `open` property. */
  isOpen(): boolean;
  setOpen(open: boolean): void;
  /** The microphone is open: Escape cancels the recording instead of closing the panel. */
  recording(): boolean;
  cancelRecording(): void;
  /** Focus once the panel opened: the input. */
  focusInput(): void;
  /** Focus once the panel closed: the launcher. */
  focusLauncher(): void;
}

/**
 * The floating panel: opening and closing it (focus follows: the input when it opens, the launcher when it closes),
 * Escape, and the replies that arrived while it was closed (the launcher's badge).
 */
export class PanelController {
  readonly #host: ReactiveControllerHost;
  readonly #options: PanelOptions;
  #unread = 0;

  constructor(host: ReactiveControllerHost, options: PanelOptions) {
    this.#host = host;
    this.#options = options;
  }

  /** Replies that arrived while the floating panel was closed. */
  get unread(): number {
    return this.#unread;
  }

  /** The panel shows (inline, or floating and open). */
  get #shown(): boolean {
    return !this.#options.floating() || this.#options.isOpen();
  }

  /** Call in willUpdate: replies on a shown panel are seen. */
  update(): void {
    if (this.#shown) this.#unread = 0;
  }

  /** A reply arrived: unread while the floating panel is closed. */
  replyArrived(): void {
    if (!this.#shown) this.#unread++;
  }

  /** Opens or closes the panel; once rendered, focus goes to the input (open) or the launcher (closed). */
  toggle({ open }: { open: boolean }): void {
    this.#options.setOpen(open);
    void this.#host.updateComplete.then(() => {
      if (open) this.#options.focusInput();
      else this.#options.focusLauncher();
    });
  }

  /**
   * Escape, wherever the focus is in the panel (unless something inside used it): cancels the recording while the
   * microphone is open, else closes the floating panel.
   */
  handleKeydown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    if (this.#options.recording()) {
      e.preventDefault();
      this.#options.cancelRecording();
    } else if (this.#options.floating()) {
      e.stopPropagation();
      this.toggle({ open: false });
    }
  };
}
