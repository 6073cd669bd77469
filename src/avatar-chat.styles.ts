import { css } from 'lit';

/**
 * Public custom properties (--avatar-chat-*) are only read, with fallbacks, and mapped onto private --_ names,
 * so `body { --avatar-chat-accent: … }` themes every widget on the page.
 */
export const styles = css`
  :host {
    color-scheme: light dark;
    --_accent: var(--avatar-chat-accent, light-dark(#1d4ed8, #60a5fa));
    --_on-accent: light-dark(#fff, #0b1220);
    --_bg: var(--avatar-chat-background, light-dark(#fff, #111827));
    --_fg: var(--avatar-chat-color, light-dark(#111827, #f3f4f6));
    --_muted: light-dark(#4b5563, #a7b0bf);
    --_border: light-dark(#d1d5db, #374151);
    --_danger: light-dark(#b91c1c, #fca5a5);
    --_user-bg: var(--avatar-chat-user-background, var(--_accent));
    --_avatar-bg: var(--avatar-chat-avatar-background, light-dark(#eef2f7, #1f2937));
    --_stage-bg: light-dark(#e5e7eb, #0b1220);
    --_radius: var(--avatar-chat-radius, 14px);
    --_offset: var(--avatar-chat-offset, 20px);
    display: block;
    font-family: var(--avatar-chat-font-family, system-ui, sans-serif);
    font-size: var(--avatar-chat-font-size, 15px);
    line-height: 1.45;
    color: var(--_fg);
    inline-size: var(--avatar-chat-width, 100%);
    block-size: var(--avatar-chat-height, 100%);
    min-block-size: 22em;
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  .base {
    display: flex;
    flex-direction: column;
    block-size: 100%;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  header {
    display: flex;
    align-items: center;
    gap: 0.5em;
    padding: 0.6em 0.9em;
    border-block-end: 1px solid var(--_border);
  }
  h2 {
    flex: 1;
    margin: 0;
    font-size: 1.05em;
  }
  .status {
    font-size: 0.8em;
    color: var(--_muted);
    display: flex;
    align-items: center;
    gap: 0.35em;
  }
  .status::before {
    content: '';
    inline-size: 0.55em;
    block-size: 0.55em;
    border-radius: 50%;
    background: currentColor;
  }
  :host(:state(connected)) .status::before {
    background: #16a34a;
  }
  .icon-button {
    border: 0;
    background: transparent;
    font-size: 1.3em;
    line-height: 1;
    padding: 0.15em 0.35em;
    border-radius: 8px;
  }
  avatar-chat-transcript {
    flex: 1;
  }
  .error {
    margin: 0;
    padding: 0.5em 0.9em;
    color: var(--_danger);
    font-size: 0.9em;
    border-block-start: 1px solid var(--_border);
  }
  .error:empty {
    display: none;
  }
  .composer {
    display: flex;
    align-items: end;
    gap: 0.5em;
    padding: 0.6em;
    border-block-start: 1px solid var(--_border);
  }
  textarea {
    flex: 1;
    resize: none;
    font: inherit;
    color: inherit;
    background: transparent;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.7);
    padding: 0.5em 0.7em;
    max-block-size: 8em;
    field-sizing: content;
    min-block-size: 2.5em;
  }
  textarea::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  .send {
    border: 0;
    border-radius: calc(var(--_radius) * 0.7);
    background: var(--_accent);
    color: var(--_on-accent);
    padding: 0.55em 1em;
    font-weight: 600;
  }
  .launcher {
    display: none;
  }
  :host([layout='floating']) {
    position: fixed;
    inset-block-end: var(--_offset);
    inset-inline-end: var(--_offset);
    z-index: var(--avatar-chat-z-index, 2147483000);
    inline-size: auto;
    block-size: auto;
    min-block-size: 0;
  }
  :host([layout='floating']) .launcher {
    display: grid;
    place-items: center;
    margin-inline-start: auto;
    inline-size: 3.5em;
    block-size: 3.5em;
    border: 0;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_on-accent);
    font-size: 1.1em;
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.25);
  }
  svg {
    inline-size: 1.5em;
    fill: currentColor;
  }
  :host([layout='floating']) .base {
    inline-size: var(--avatar-chat-width, min(380px, calc(100vw - 2 * var(--_offset))));
    block-size: var(--avatar-chat-height, min(600px, calc(100dvh - 6em - var(--_offset))));
    margin-block-end: 0.75em;
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.25);
  }
  :host([layout='floating']:not([open])) .base,
  :host([layout='floating'][open]) .launcher {
    display: none;
  }
  @media (max-width: 480px) {
    :host([layout='floating'][open]) {
      inset: 0;
    }
    :host([layout='floating'][open]) .base {
      inline-size: 100vw;
      block-size: 100dvh;
      margin: 0;
      border-radius: 0;
    }
  }
`;
