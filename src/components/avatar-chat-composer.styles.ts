import { css } from 'lit';
import { accentButton, sharedStyles, subElementHost } from '../styles/shared.styles.js';

/**
 * The input row: textarea, mic, Send, one line at any width (the input keeps 120 px, its placeholder ends in an
 * ellipsis). The three share one height (`--_control`: 2.6em, at least the target size) and sit on the row's end.
 */
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
      --_control: max(2.6em, var(--_target, 32px));
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
      min-width: 120px;
      min-height: var(--_control);
    }
    textarea::placeholder {
      color: var(--_muted);
      opacity: 1;
    }
    /* a long placeholder (or a narrow panel) keeps the input one line high: the placeholder ends in an ellipsis */
    textarea:placeholder-shown,
    textarea::placeholder {
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    /* …but the first key typed into the empty input goes in as typed: in white space that collapses (nowrap), WebKit
       types a space as U+00A0. pre wraps no more than nowrap and keeps spaces. */
    textarea:placeholder-shown {
      white-space: pre;
    }
    .send {
      border-radius: calc(var(--_radius) * 0.7);
      min-height: var(--_control);
      padding: 0 1em;
      flex: none;
    }

    .mic {
      position: relative;
      flex: none;
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
      width: var(--_control);
      height: var(--_control);
      padding: 0;
      border-radius: 50%;
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
    .status:empty {
      display: none;
    }
  `,
];
