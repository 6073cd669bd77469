import { html, nothing, svg } from 'lit';
import { ActionEvent } from './actions.js';
import { headerStyles } from './avatar-chat-header.styles.js';
import { ChatPartElement } from './chat-part.js';

/**
 * The header bar: the avatar's name, the speaking indicator (while a reply plays without the stage), the connection
 * status in words, the language picker (service mode, more than one language), New chat, Mute, the `header` slot and
 * Close (floating). Asks for `new-chat`, `mute`, `close` and `language` actions; reads the status, the languages and
 * the rest from context.
 * @tag avatar-chat-header
 * @slot header - Extra content at the end of the header.
 * @csspart header - The header bar.
 * @csspart heading - The header text.
 * @csspart status - The connection status, in words.
 * @csspart language-select - The language picker.
 * @csspart new-chat-button - Starts a new conversation.
 * @csspart mute-button - Mutes and unmutes replies' sound.
 * @csspart close-button - Closes the floating panel.
 */
export class AvatarChatHeader extends ChatPartElement {
  static override styles = headerStyles;

  // ---------------------------------------------------------------- handlers
  #handleNewChatClick = () => this.dispatchEvent(new ActionEvent('new-chat', {}));

  #handleMuteClick = () => this.dispatchEvent(new ActionEvent('mute', {}));

  #handleCloseClick = () => this.dispatchEvent(new ActionEvent('close', {}));

  #handleLanguageChange = (e: Event) => {
    const code = (e.target as HTMLSelectElement).value;
    this.dispatchEvent(new ActionEvent('language', { code }));
  };

  // ---------------------------------------------------------------- render
  /** Service mode, more than one language: the visitor picks the one sent with later turns. */
  #renderLanguagePicker() {
    const { languages = [], language } = this.config;
    if (languages.length < 2) return nothing;
    return html`<select
      part="language-select"
      class="language"
      aria-label=${this.strings.languageLabel}
      @change=${this.#handleLanguageChange}
    >
      ${languages.map(l => html`<option value=${l.code} ?selected=${l.code === language}>${l.name}</option>`)}
    </select>`;
  }

  protected override render() {
    const s = this.strings;
    const { status = 'idle', speaking } = this.snapshot;
    const { heading, muted, floating } = this.config;
    const statusText = s[`status${status[0].toUpperCase()}${status.slice(1)}` as 'statusIdle'];
    return html`<header part="header">
      <h2 part="heading">${heading}</h2>
      ${speaking ? html`<span class="wave" role="img" aria-label=${s.playing}><i></i><i></i><i></i></span>` : nothing}
      <span part="status" class="status ${status}">${statusText}</span>
      ${this.#renderLanguagePicker()}
      <button
        part="new-chat-button"
        class="icon-button"
        aria-label=${s.newChat}
        title=${s.newChat}
        @click=${this.#handleNewChatClick}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 5v14M5 12h14" /></svg>
      </button>
      <button
        part="mute-button"
        class="icon-button"
        aria-label=${s.mute}
        title=${s.mute}
        aria-pressed=${muted ? 'true' : 'false'}
        @click=${this.#handleMuteClick}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path class="speaker" d="M4 9h4l5-4v14l-5-4H4z" />
          ${muted ? svg`<path d="M16 9l5 6M21 9l-5 6" />` : svg`<path d="M16 8.5a5 5 0 0 1 0 7" />`}
        </svg>
      </button>
      <slot name="header"></slot>
      ${
        floating
          ? html`<button part="close-button" class="icon-button" aria-label=${s.close} @click=${this.#handleCloseClick}>
              ×
            </button>`
          : nothing
      }
    </header>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'avatar-chat-header': AvatarChatHeader;
  }
}
