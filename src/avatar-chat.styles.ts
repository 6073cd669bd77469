import { css } from 'lit';

/**
 * The whole shadow tree: panel, header, stage (player), transcript, composer and mic, floating layout.
 * Logical properties where the inline direction matters (right-to-left pages); sizes and the block axis are physical.
 * Public custom properties (--avatar-chat-*) are only read, with fallbacks, and mapped onto private --_ names,
 * so `body { --avatar-chat-accent: … }` themes every widget on the page.
 */
export const styles = css`
  :host {
    box-sizing: border-box;
    color-scheme: light dark;
    --_accent: var(--avatar-chat-accent, light-dark(#1d4ed8, #60a5fa));
    --_on-accent: light-dark(#fff, #0b1220);
    --_bg: var(--avatar-chat-background, light-dark(#fff, #111827));
    --_fg: var(--avatar-chat-color, light-dark(#111827, #f3f4f6));
    --_muted: light-dark(#4b5563, #a7b0bf);
    --_border: 1px solid light-dark(#d1d5db, #374151);
    --_danger: light-dark(#b91c1c, #fca5a5);
    --_user-bg: var(--avatar-chat-user-background, var(--_accent));
    --_avatar-bg: var(--avatar-chat-avatar-background, light-dark(#eef2f7, #1f2937));
    --_radius: var(--avatar-chat-radius, 14px);
    --_offset: var(--avatar-chat-offset, 20px);
    display: block;
    font-family: var(--avatar-chat-font-family, system-ui, sans-serif);
    font-size: var(--avatar-chat-font-size, 15px);
    line-height: 1.45;
    color: var(--_fg);
    width: var(--avatar-chat-width, 100%);
    height: var(--avatar-chat-height, 100%);
    min-height: 22em;
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  *,
  ::before,
  ::after {
    box-sizing: inherit;
  }
  [hidden] {
    display: none !important;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    ::before,
    ::after {
      animation: none !important;
      transition: none !important;
      scroll-behavior: auto !important;
    }
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  /* shared looks: buttons, accent buttons, pills, rows, columns, overlays */
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  button:disabled,
  [aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.55;
  }
  .play,
  .send,
  .launcher,
  .mic button {
    border: 0;
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }
  .play,
  .meta button,
  .more {
    border-radius: 999px;
  }
  .meta button,
  .more {
    border: 1px solid;
    background: none;
    padding: 0.1em 0.6em;
  }
  header,
  .status,
  .meta,
  .mic,
  .composer {
    display: flex;
    align-items: center;
    gap: 0.5em;
  }
  .base,
  .transcript,
  .log,
  .msg {
    display: flex;
    flex-flow: column;
  }
  .stage,
  .launcher,
  .mic button {
    display: grid;
    place-items: center;
  }
  .wave,
  .play,
  .more {
    position: absolute;
  }
  .error,
  .composer {
    border-top: var(--_border);
  }

  /* panel */
  .base {
    height: 100%;
    background: var(--_bg);
    border: var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  header {
    padding: 0.6em 0.9em;
    border-bottom: var(--_border);
  }
  h2 {
    flex: 1;
    margin: 0;
    font-size: 1.05em;
  }
  .status {
    font-size: 0.8em;
    color: var(--_muted);
    gap: 0.35em;
  }
  .status::before {
    content: '';
    width: 0.55em;
    height: 0.55em;
    border-radius: 50%;
    background: currentColor;
  }
  :host(:state(connected)) .status::before {
    background: #16a34a;
  }
  .icon-button {
    border: 0;
    background: none;
    font-size: 1.3em;
    line-height: 1;
    padding: 0.15em 0.35em;
    border-radius: 8px;
  }
  svg {
    width: 1.5em;
    fill: currentColor;
  }

  /* stage */
  .stage {
    min-height: 2.5em;
    position: relative;
    background: light-dark(#e5e7eb, #0b1220);
  }
  img,
  video {
    width: 100%;
    max-height: 14em;
    object-fit: contain;
  }
  video {
    background: #000;
  }
  .wave {
    bottom: 0.5em;
    inset-inline-start: 0.75em;
    display: flex;
    gap: 3px;
    align-items: end;
    height: 1em;
    color: var(--_accent);
  }
  .wave i {
    width: 3px;
    height: 100%;
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
    padding: 0.5em 1em;
    box-shadow: 0 2px 8px #0000004d;
  }

  /* transcript: .more is centred with physical left (the same in either direction) */
  .transcript {
    flex: 1;
    min-height: 0;
    position: relative;
  }
  .log {
    flex: 1;
    overflow-y: auto;
    padding: 0.75em;
    gap: 0.6em;
  }
  .msg {
    max-width: 85%;
    align-self: start;
    gap: 0.2em;
  }
  .msg.user {
    align-self: end;
    align-items: end;
  }
  .msg.system {
    align-self: center;
    max-width: 100%;
    text-align: center;
  }
  .bubble {
    padding: 0.5em 0.8em;
    border-radius: var(--_radius);
    background: var(--_avatar-bg);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .user .bubble {
    background: var(--_user-bg);
    color: var(--_on-accent);
    border-end-end-radius: 0.25em;
  }
  .avatar .bubble {
    border-end-start-radius: 0.25em;
  }
  .system .bubble {
    background: none;
    color: var(--_muted);
    font-size: 0.875em;
    padding: 0.2em;
  }
  .bubble a {
    color: inherit;
  }
  .meta {
    font-size: 0.75em;
    color: var(--_muted);
  }
  .failed,
  .error {
    color: var(--_danger);
  }
  .more {
    bottom: 0.5em;
    left: 50%;
    translate: -50%;
    background: var(--_bg);
    color: var(--_accent);
    font-size: 0.85em;
  }

  /* error line, composer */
  .error {
    margin: 0;
    padding: 0.5em 0.9em;
    font-size: 0.9em;
  }
  .error:empty {
    display: none;
  }
  .composer {
    align-items: end;
    padding: 0.6em;
  }
  textarea {
    flex: 1;
    resize: none;
    font: inherit;
    color: inherit;
    background: none;
    border: var(--_border);
    border-radius: calc(var(--_radius) * 0.7);
    padding: 0.5em 0.7em;
    max-height: 8em;
    field-sizing: content;
    min-height: 2.5em;
  }
  textarea::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  .send {
    border-radius: calc(var(--_radius) * 0.7);
    padding: 0.55em 1em;
  }

  /* mic: the button keeps the UA button font (font: revert): its em sizes are based on it */
  .mic {
    display: inline-flex;
    position: relative;
  }
  /* the level meter, timer and hint float above the button: showing them moves nothing in the composer */
  .rec,
  .hint {
    position: absolute;
    bottom: calc(100% + 0.5em);
    inset-inline-end: 0;
    display: flex;
    align-items: center;
    gap: 0.5em;
    padding: 0.25em 0.6em;
    white-space: nowrap;
    font-size: 0.85em;
    background: var(--_bg);
    border: var(--_border);
    border-radius: 1em;
    box-shadow: 0 2px 8px #00000026;
  }
  .hint:empty {
    display: none;
  }
  .mic button {
    width: 2.5em;
    height: 2.5em;
    padding: 0;
    border-radius: 50%;
    font: revert;
    touch-action: none;
    user-select: none;
    -webkit-user-select: none;
  }
  .mic [aria-pressed='true'] {
    background: #dc2626;
    color: #fff;
  }
  .mic svg {
    width: 1.25em;
  }
  .meter {
    width: 3em;
    height: 0.375em;
    border-radius: 1em;
    background: color-mix(in srgb, currentColor 15%, transparent);
    overflow: hidden;
  }
  [part='level'] {
    display: block;
    height: 100%;
    background: var(--_accent);
    transform: scaleX(0);
    transform-origin: left;
    transition: transform 50ms linear;
  }
  .time {
    font-variant-numeric: tabular-nums;
  }

  /* floating */
  .launcher,
  :host([layout='floating']:not([open])) .base,
  :host([layout='floating'][open]) .launcher {
    display: none;
  }
  :host([layout='floating']) {
    position: fixed;
    bottom: var(--_offset);
    inset-inline-end: var(--_offset);
    z-index: var(--avatar-chat-z-index, 2147483000);
    width: auto;
    height: auto;
    min-height: 0;
  }
  :host([layout='floating']) .launcher {
    display: grid;
    margin-inline-start: auto;
    width: 3.5em;
    height: 3.5em;
    border-radius: 50%;
    font-size: 1.1em;
    box-shadow: 0 4px 16px #00000040;
  }
  :host([layout='floating']) .base {
    width: var(--avatar-chat-width, min(380px, calc(100vw - 2 * var(--_offset))));
    height: var(--avatar-chat-height, min(600px, calc(100dvh - 6em - var(--_offset))));
    margin-bottom: 0.75em;
    box-shadow: 0 12px 40px #00000040;
  }
  @media (max-width: 480px) {
    :host([layout='floating'][open]) {
      inset: 0;
    }
    :host([layout='floating'][open]) .base {
      width: 100vw;
      height: 100dvh;
      margin: 0;
      border-radius: 0;
    }
  }
`;
