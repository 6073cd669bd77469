import { html, nothing } from 'lit';
import { MicController, type MicState } from '../controllers/mic-controller.js';
import { ActionEvent } from './actions.js';
import { composerStyles } from './avatar-chat-composer.styles.js';
import { ChatPartElement } from './chat-part.js';

/**
 * The input row: the text input (Enter sends, Shift+Enter is a new line), the microphone button (push-to-talk or a
 * VAD toggle, see MicController) and Send. Asks for `send-text` and `mic` actions; reads the snapshot, strings and
 * configuration from context. <avatar-chat> calls `showLevel()` while recording and `focusInput()`.
 * @tag avatar-chat-composer
 * @csspart composer - The input row.
 * @csspart input - The text input.
 * @csspart send-button - The send button.
 * @csspart mic-button - The microphone button.
 * @csspart level - The live input level meter.
 */
export class AvatarChatComposer extends ChatPartElement {
  static override styles = composerStyles;

  readonly #mic = new MicController(this, {
    state: () => this.#micState(),
    on: action => this.dispatchEvent(new ActionEvent('mic', { action })),
  });

  /** Shows the input level (RMS 0–1) and the elapsed time (ms) without a render. */
  showLevel(level: number, ms: number): void {
    this.#mic.level(level, ms);
  }

  focusInput(): void {
    this.#input?.focus();
  }

  get #input(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector('textarea');
  }

  #micState(): MicState {
    return {
      mode: this.config.voice === 'vad' ? 'vad' : 'push-to-talk',
      recording: this.snapshot.recording,
      disabled: this.config.disabled,
      unavailable: this.snapshot.micProblem,
      status: this.snapshot.voiceStatus,
      strings: this.strings,
    };
  }

  protected override willUpdate(): void {
    // No mic button (voice off) or no input (disabled): a hold in progress ends, nothing is sent.
    if (this.config.disabled || this.config.voice === 'off') this.#mic.cancel();
  }

  // ---------------------------------------------------------------- handlers
  #handleKeydown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      this.#handleSubmit();
    }
  };

  /** Asks the host to send the text; it leaves the input once sent (a cancelled or failed turn keeps it). Focus goes
   *  to the input (after a click on Send too), so the visitor keeps typing and Space does not press Send again. */
  #handleSubmit = () => {
    const input = this.#input!;
    const text = input.value;
    input.focus();
    if (!text.trim()) return;
    const request = new ActionEvent('send-text', { text });
    this.dispatchEvent(request);
    request.detail.sent?.then(
      message => {
        if (message && input.value === text) input.value = '';
      },
      () => {}, // reported through avatar-chat-error; the text stays in the input
    );
  };

  // ---------------------------------------------------------------- render
  protected override render() {
    const s = this.strings;
    const { disabled, placeholder, voice } = this.config;
    return html`<div part="composer" class="composer">
      <textarea
        part="input"
        rows="1"
        aria-label=${s.inputLabel}
        placeholder=${placeholder || s.placeholder}
        ?disabled=${disabled}
        @keydown=${this.#handleKeydown}
      ></textarea>
      ${voice === 'off' ? nothing : this.#mic.render()}
      <button part="send-button" class="send" ?disabled=${disabled} @click=${this.#handleSubmit}>${s.send}</button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'avatar-chat-composer': AvatarChatComposer;
  }
}
