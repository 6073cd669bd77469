import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
  }
  [hidden] {
    display: none !important;
  }
  button {
    display: grid;
    place-items: center;
    inline-size: 2.5em;
    block-size: 2.5em;
    padding: 0;
    border: 0;
    border-radius: 50%;
    background: var(--avatar-chat-accent, #2563eb);
    color: #fff;
    cursor: pointer;
    touch-action: none;
    user-select: none;
    -webkit-user-select: none;
  }
  button[aria-pressed='true'] {
    background: #dc2626;
  }
  button:disabled,
  button[aria-disabled='true'] {
    opacity: 0.5;
    cursor: not-allowed;
  }
  button:focus-visible {
    outline: 2px solid var(--avatar-chat-accent, #2563eb);
    outline-offset: 2px;
  }
  svg {
    inline-size: 1.25em;
    block-size: 1.25em;
    fill: currentColor;
  }
  .meter {
    inline-size: 3em;
    block-size: 0.375em;
    border-radius: 1em;
    background: color-mix(in srgb, currentColor 15%, transparent);
    overflow: hidden;
  }
  [part='level'] {
    block-size: 100%;
    background: var(--avatar-chat-accent, #2563eb);
    transform: scaleX(0);
    transform-origin: left;
  }
  .time {
    font-variant-numeric: tabular-nums;
  }
  @media (prefers-reduced-motion: no-preference) {
    [part='level'] {
      transition: transform 50ms linear;
    }
  }
`;
