import { css } from 'lit';
import { sharedStyles, speakingStyles, subElementHost } from '../styles/shared.styles.js';

/** The header bar: name, speaking indicator, status (its dot is green while connected), language, icon buttons. */
export const headerStyles = [
  sharedStyles,
  speakingStyles,
  subElementHost,
  css`
    header,
    .status {
      display: flex;
      align-items: center;
      gap: 0.5em;
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
    .status.connected::before {
      background: #16a34a;
    }
    .icon-button {
      display: grid;
      place-items: center;
      border: 0;
      background: none;
      font-size: 1.3em;
      line-height: 1;
      padding: 0;
      border-radius: 8px;
    }
    .language {
      font: inherit;
      font-size: 0.85em;
      color: inherit;
      background: none;
      border: var(--_border);
      border-radius: 8px;
      min-height: 32px;
    }
    @media (pointer: coarse) {
      .language {
        min-height: 44px;
      }
    }
    /* The new-conversation and mute icons are drawn with lines. */
    .icon-button svg {
      width: 1em;
      height: 1em;
      fill: none;
      stroke: currentColor;
      stroke-width: 2;
      stroke-linecap: round;
      stroke-linejoin: round;
      vertical-align: middle;
    }
    .icon-button .speaker {
      fill: currentColor;
    }
  `,
];
