import { css } from 'lit';
import { accentButton, sharedStyles, speakingStyles, subElementHost } from '../styles/shared.styles.js';

/** The stage: poster, video, the speaking indicator, "Tap to play". */
export const stageStyles = [
  sharedStyles,
  speakingStyles,
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
    /* one size for the whole conversation (poster, video, speaking indicator): at most 35 % of the panel */
    .stage {
      flex: none;
      height: min(14em, 35%);
      grid-template: minmax(0, 1fr) / minmax(0, 1fr); /* one cell of the stage's size: the picture fits inside */
      overflow: hidden;
      position: relative;
      background: light-dark(#e5e7eb, #0b1220);
    }
    img,
    video {
      grid-area: 1 / 1;
      width: 100%;
      height: 100%;
      object-fit: contain;
    }
    video {
      background: #000;
    }
    .wave {
      bottom: 0.5em;
      inset-inline-start: 0.75em;
    }
    .play {
      padding: 0.5em 1em;
      box-shadow: 0 2px 8px #0000004d;
    }
  `,
];
