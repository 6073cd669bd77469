import { css } from 'lit';

/**
 * After sharedStyles, which give the focus ring (in --_accent), the disabled look and reduced motion. The button
 * keeps the UA button font (`font: revert`; sharedStyles inherit it): its em sizes are based on it.
 */
export const styles = css`
  :host {
    --_accent: var(--avatar-chat-accent, #2563eb);
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
  }
  button {
    display: grid;
    place-items: center;
    width: 2.5em;
    height: 2.5em;
    padding: 0;
    border: 0;
    border-radius: 50%;
    background: var(--_accent);
    color: #fff;
    font: revert;
    touch-action: none;
    user-select: none;
    -webkit-user-select: none;
  }
  [aria-pressed='true'] {
    background: #dc2626;
  }
  [aria-disabled='true'] {
    opacity: 0.55;
    cursor: not-allowed;
  }
  svg {
    width: 1.25em;
    fill: currentColor;
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
    transform-origin: left;
    transition: transform 50ms linear;
  }
  .time {
    font-variant-numeric: tabular-nums;
  }
`;
