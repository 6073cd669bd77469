import { css } from 'lit';
import { accentButton, sharedStyles, subElementHost } from '../styles/shared.styles.js';

/** The input row: textarea, mic (the button keeps the UA button font, `font: revert`: its em sizes are based on it), Send. */
export const composerStyles = [
  sharedStyles,
  subElementHost,
  css`
    .send,
    .mic button {
      ${accentButton}
    }
    .mic,
    .composer {
      display: flex;
      align-items: center;
      gap: 0.5em;
    }
    .mic button {
      display: grid;
      place-items: center;
    }
    .composer {
      border-top: var(--_border);
      align-items: end;
      padding: 0.6em;
    }
    svg {
      width: 1.5em;
      fill: currentColor;
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
  `,
];
