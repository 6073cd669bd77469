import { css } from 'lit';
import { sharedStyles, subElementHost } from '../styles/shared.styles.js';

/** The log and its entries; `.more` is centred with physical left (the same in either direction). */
export const transcriptStyles = [
  sharedStyles,
  subElementHost,
  css`
    .meta button,
    .earlier,
    .more {
      border-radius: 999px;
      border: 1px solid;
      background: none;
      padding: 0.1em 0.6em;
    }
    .earlier {
      align-self: center;
      min-height: 32px;
    }
    @media (pointer: coarse) {
      .earlier {
        min-height: 44px;
      }
    }
    .meta {
      display: flex;
      align-items: center;
      gap: 0.5em;
    }
    .transcript,
    .log,
    .msg {
      display: flex;
      flex-flow: column;
    }
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
    /* the log touches the panel's sides, which clip: its focus ring goes inside */
    .log:focus-visible {
      outline-offset: -2px;
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
    .failed {
      color: var(--_danger);
    }
    .typing {
      align-self: start;
      margin: 0;
    }
    .typing:not(.overdue) {
      padding: 0.75em 0.9em;
      border-radius: var(--_radius);
      border-end-start-radius: 0.25em;
      background: var(--_avatar-bg);
    }
    .typing.overdue {
      color: var(--_muted);
      font-size: 0.875em;
    }
    /* Under reduced motion the dots stand still (sharedStyles turns animations off). */
    .dots {
      display: flex;
      gap: 0.3em;
    }
    .dots i {
      width: 0.45em;
      height: 0.45em;
      border-radius: 50%;
      background: currentColor;
      opacity: 0.6;
      animation: dot 1.2s ease-in-out infinite;
    }
    .dots i + i {
      animation-delay: 0.2s;
    }
    .dots i + i + i {
      animation-delay: 0.4s;
    }
    @keyframes dot {
      30% {
        translate: 0 -0.3em;
        opacity: 1;
      }
    }
    .suggestions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4em;
    }
    .suggestions button {
      border: 1px solid var(--_accent);
      border-radius: 999px;
      background: none;
      color: var(--_accent);
      padding: 0.35em 0.8em;
      text-align: start;
    }
    .stop-icon {
      display: inline-block;
      width: 0.6em;
      height: 0.6em;
      margin-inline-end: 0.35em;
      background: currentColor;
      border-radius: 1px;
    }
    .more {
      position: absolute;
      bottom: 0.5em;
      left: 50%;
      translate: -50%;
      background: var(--_bg);
      color: var(--_accent);
      font-size: 0.85em;
    }
  `,
];
