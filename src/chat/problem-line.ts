/**
 * The error line (`part="error"`): which line the visitor sees, for which failure, and when it clears. No DOM: the
 * element renders `text` and reports the failures; this class only decides the words and when they are over.
 */
import type { ServiceFailure } from '../service/service-client.js';
import type { Status } from '../names.js';
import type { Strings } from '../strings.js';

/** A line, by its key in the strings. */
export type LineKey = keyof Strings;

/** Lines of a connection that is retrying: over once it connects, or stops trying. */
const RETRYING: readonly LineKey[] = ['socketLost', 'unreachable'];
/** Lines of a service that cannot be reached or is busy: over once the socket opens with its token. */
const SERVICE_DOWN: readonly LineKey[] = ['unreachable', 'server503', 'server504'];

/** The visitor's line for a socket failure: refused credentials, unusable, unreachable (retrying), or lost. */
export function connectionLine(
  code: 'socket' | 'auth',
  { recoverable, unreachable }: { recoverable: boolean; unreachable: boolean },
): 'socketLost' | 'unreachable' | 'authFailed' | 'unavailable' {
  if (code === 'auth') return 'authFailed';
  if (!recoverable) return 'unavailable'; // a socket URL the browser refuses
  return unreachable ? 'unreachable' : 'socketLost';
}

/** The visitor's line for a failed REST call of service mode (undefined: none, the event says it all). */
export function serviceLine({ reason, status }: Pick<ServiceFailure, 'reason' | 'status'>): LineKey | undefined {
  const lines: Partial<Record<ServiceFailure['reason'], LineKey>> = {
    payment: 'server402',
    busy: status === 504 ? 'server504' : 'server503',
    refused: 'authFailed',
    config: 'unavailable',
    unreachable: 'unreachable',
    timeout: 'unreachable',
  };
  return lines[reason];
}

/** A REST failure that stops connecting until `connect()`: a 402, refused credentials or a wrong service URL. */
export function stopsConnecting({ reason }: Pick<ServiceFailure, 'reason'>): boolean {
  return reason === 'payment' || reason === 'refused' || reason === 'config';
}

export interface ProblemLineOptions {
  /** The strings now (the lines are compared by their words). */
  strings: () => Strings;
  /** The line changed (render it). */
  onChange: () => void;
}

export class ProblemLine {
  readonly #options: ProblemLineOptions;
  #text = '';

  constructor(options: ProblemLineOptions) {
    this.#options = options;
  }

  /** The line ('' hides it). */
  get text(): string {
    return this.#text;
  }

  /** Shows `text` ('' hides the line). */
  show(text: string): void {
    if (text === this.#text) return;
    this.#text = text;
    this.#options.onChange();
  }

  /** The connection's status changed: "lost" and "can't reach, retrying" are over once it connects or stops trying. */
  handleStatus(status: Status, { service }: { service: boolean }): void {
    if (status === 'connected' || status === 'closed') this.#clearIf(RETRYING);
    if (status === 'connected' && service) this.#clearIf(SERVICE_DOWN);
  }

  /** url and avatar-id (or service) can be used again: "unavailable" is over. */
  handleConfigUsable(): void {
    this.#clearIf(['unavailable']);
  }

  #clearIf(keys: readonly LineKey[]): void {
    const strings = this.#options.strings();
    if (keys.some(key => strings[key] === this.#text)) this.show('');
  }
}
