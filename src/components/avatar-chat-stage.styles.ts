import { css } from 'lit';
import { accentButton, sharedStyles, subElementHost } from '../styles/shared.styles.js';

/** The stage: poster, video, the speaking indicator, "Tap to play". */
export const stageStyles = [
  sharedStyles,
  subElementHost,
  css`
    .play {
      ${accentButton}
      border-radius: 999px;
    }
    .stage {
      display: grid;
      place-items: center;
    }
    .wave,
    .play {
      position: absolute;
    }
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
  `,
];
