import { css } from 'lit';
import { accentButton, sharedStyles } from './styles/shared.styles.js';

/**
 * The panel: error line, launcher, live region, floating layout (the header, transcript, stage and composer style
 * themselves).
 * Logical properties where the inline direction matters (right-to-left pages); sizes and the block axis are physical.
 * Public custom properties (--avatar-chat-*) are only read, with fallbacks, and mapped onto private --_ names,
 * so `body { --avatar-chat-accent: … }` themes every widget on the page.
 */
export const styles = [
  sharedStyles,
  css`
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
      /* the smallest side of every control: 32 px, 44 px on touch screens */
      --_target: 32px;
      display: block;
      font-family: var(--avatar-chat-font-family, system-ui, sans-serif);
      font-size: var(--avatar-chat-font-size, 15px);
      line-height: 1.45;
      color: var(--_fg);
      width: var(--avatar-chat-width, 100%);
      height: var(--avatar-chat-height, 100%);
      min-height: 22em;
    }
    @media (pointer: coarse) {
      :host {
        --_target: 44px;
      }
    }
    /* inline: a box that gives no height (height: auto) gets the default height, never the conversation's. Size
       containment makes the host's content count as contain-intrinsic-size; the panel fills the host's box. */
    :host(:not([layout='floating'])) {
      position: relative;
      contain: size;
      contain-intrinsic-size: 380px min(600px, 100dvh);
    }
    :host(:not([layout='floating'])) .base {
      position: absolute;
      inset: 0;
      height: auto;
    }
    :host([theme='light']) {
      color-scheme: light;
    }
    :host([theme='dark']) {
      color-scheme: dark;
    }

    .launcher {
      ${accentButton}
    }
    .base {
      display: flex;
      flex-flow: column;
    }
    .launcher {
      display: grid;
      place-items: center;
    }
    .error {
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
    svg {
      width: 1.5em;
      fill: currentColor;
    }

    /* error line */
    .error {
      color: var(--_danger);
      margin: 0;
      padding: 0.5em 0.9em;
      font-size: 0.9em;
    }
    .error:empty {
      display: none;
    }
    .reconnect {
      margin-inline-start: 0.5em;
      padding: 0.15em 0.8em;
      min-width: 32px;
      min-height: 32px;
      border: 1px solid currentColor;
      border-radius: 999px;
      background: none;
      font-size: 0.95em;
    }
    @media (pointer: coarse) {
      .reconnect {
        min-width: 44px;
        min-height: 44px;
      }
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
    :host([layout='floating']) .launcher {
      position: relative;
    }
    /* unread replies on the closed launcher */
    .badge {
      position: absolute;
      top: -0.3em;
      inset-inline-end: -0.3em;
      min-width: 1.5em;
      height: 1.5em;
      padding: 0 0.35em;
      display: grid;
      place-items: center;
      border-radius: 1em;
      border: 2px solid var(--_bg);
      background: #dc2626;
      color: #fff;
      font-size: 0.75em;
      line-height: 1;
    }
    :host([layout='floating']) .base {
      width: var(--avatar-chat-width, min(380px, calc(100vw - 2 * var(--_offset))));
      height: var(--avatar-chat-height, min(600px, calc(100dvh - 6em - var(--_offset))));
      margin-bottom: 0.75em;
      /* an edge that shows on a dark page too (the shadow does not) */
      border-color: light-dark(#d1d5db, #6b7280);
      box-shadow: 0 12px 40px #00000040;
      /* opens and closes with a short fade and slide (none under prefers-reduced-motion: shared styles) */
      transition:
        opacity 0.15s ease-out,
        translate 0.15s ease-out,
        display 0.15s allow-discrete;
    }
    :host([layout='floating']:not([open])) .base {
      /* while it fades out over the launcher, clicks go to the launcher */
      pointer-events: none;
      position: absolute;
      bottom: 0;
      inset-inline-end: 0;
      opacity: 0;
      translate: 0 0.75em;
    }
    @starting-style {
      :host([layout='floating'][open]) .base {
        opacity: 0;
        translate: 0 0.75em;
      }
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
  `,
];
