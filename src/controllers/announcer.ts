import type { ReactiveControllerHost } from 'lit';

/**
 * The text of a polite live region. Each reply is announced once: replies that arrive within one render are
 * announced together, and '' is rendered first so that the same words again are heard again.
 */
export class Announcer {
  /** What the live region shows. */
  text = '';
  readonly #host: ReactiveControllerHost;
  #pending = '';

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
  }

  announce(text: string): void {
    const next = this.#pending ? `${this.#pending}\n${text}` : text;
    this.#pending = next;
    this.#show('');
    this.#host.updateComplete.then(() => {
      if (this.#pending !== next) return;
      this.#show(next);
      this.#pending = '';
    });
  }

  #show(text: string): void {
    if (text === this.text) return;
    this.text = text;
    this.#host.requestUpdate();
  }
}
