import { css } from 'lit';

/**
 * Rules every shadow tree of the widget starts with: box-sizing from the host, `[hidden]`, reduced motion, the focus
 * ring, visually hidden text and plain buttons. The colours are the `--_` names that <avatar-chat>'s `:host` maps
 * from the public `--avatar-chat-*` properties (custom properties inherit into the sub-elements).
 */
export const sharedStyles = css`
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
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
    /* a target of at least 32×32 CSS px, 44×44 on touch screens (--_target, set by <avatar-chat>) */
    min-width: var(--_target, 32px);
    min-height: var(--_target, 32px);
  }
  button:disabled,
  [aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.55;
  }
`;

/** The filled accent look (Send, the mic, "Tap to play", the launcher): declarations for a rule's body. */
export const accentButton = css`
  border: 0;
  background: var(--_accent);
  color: var(--_on-accent);
  font-weight: 600;
`;

/** A sub-element's host makes no box: its parts lay out in <avatar-chat>'s panel as if they were its own. */
export const subElementHost = css`
  :host {
    display: contents;
  }
`;

/** The speaking indicator (`.wave`: three bars), in the stage or, without a stage, in the header. */
export const speakingStyles = css`
  .wave {
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
`;
