/**
 * The one way <avatar-chat> reports a failure: the `avatar-chat-error` event (its message is for the site owner) and,
 * when the failure blocks the chat, the error line (in the visitor's words). The failures that need more than a code
 * and a message (a configuration problem, a REST call of service mode, a connection attempt) are worded here. No DOM:
 * the element fires the event (`emit`) and renders the line (ProblemLine).
 */
import { connectionLine, serviceLine, stopsConnecting, type ProblemLine } from './chat/problem-line.js';
import { ServiceUnavailable, type ServiceFailure } from './controllers/service-controller.js';
import type { ErrorDetail } from './events.js';
import type { ErrorCode } from './names.js';
import type { Strings } from './strings.js';

/** How a failure is reported (besides its code and message). */
export interface Failure {
  recoverable: boolean;
  cause?: unknown;
  /** It blocks the chat: the error line shows it. */
  blocking?: boolean;
  /** The error line's words, when the message is for the site owner (a visitor is never shown a developer's message). */
  line?: string;
}

export const DEFAULTS = {
  /** Where a configuration problem is written for the site owner (once per problem). */
  warn: (message: string) => console.warn(message),
};

export interface FailureReporterOptions {
  /** The error line. */
  problem: ProblemLine;
  strings: () => Strings;
  /** Fires `avatar-chat-error`. */
  emit: (detail: ErrorDetail) => void;
  warn?: (message: string) => void;
}

export class FailureReporter {
  readonly #options: FailureReporterOptions;
  /** Configuration problems already written to the console (each once per element). */
  readonly #warned = new Set<string>();

  constructor(options: FailureReporterOptions) {
    this.#options = options;
  }

  /** The event, and the error line when it blocks the chat. */
  report(code: ErrorCode, message: string, { recoverable, cause, blocking = false, line }: Failure): void {
    if (blocking) this.#options.problem.show(line ?? message);
    this.#options.emit({ code, message, recoverable, ...(cause === undefined ? {} : { cause }) });
  }

  /** The `config` error with the precise reason (and a console warning, once per problem); visitors see "unavailable". */
  config(problem: string): void {
    if (!this.#warned.has(problem)) {
      this.#warned.add(problem);
      (this.#options.warn ?? DEFAULTS.warn)(problem);
    }
    this.report('config', problem, { recoverable: false, blocking: true, line: this.#options.strings().unavailable });
  }

  /** A service answer that was used despite `problems` (fields it could not read): `protocol`, for the site owner. */
  answerProblems(call: string, problems: readonly string[]): void {
    if (problems.length > 0) this.report('protocol', `${call}: ${problems.join('; ')}`, { recoverable: false });
  }

  /**
   * A REST failure: the event (its message for the site owner: which call, what happened) and, when it blocks the
   * chat, the visitor's line. `stopConnecting`: a refusal, a 402 or a wrong service URL (until `connect()`).
   */
  service(failure: ServiceFailure, { blocking }: { blocking: boolean }): { stopConnecting: boolean } {
    const { code, message, recoverable } = failure;
    const line = serviceLine(failure);
    if (blocking && line) this.#options.problem.show(this.#options.strings()[line]);
    this.report(code, message, { recoverable, cause: failure });
    return { stopConnecting: blocking && stopsConnecting(failure) };
  }

  /** A connection attempt failed: the error line says so in the visitor's words (a service failure: already, or now). */
  connection(
    code: 'socket' | 'auth',
    { recoverable, cause, unreachable }: { recoverable: boolean; cause: unknown; unreachable: boolean },
  ): void {
    const strings = this.#options.strings();
    if (cause instanceof ServiceUnavailable) {
      if (cause.reported) return;
      this.#options.problem.show(strings.unreachable);
      this.report(code, cause.message, { recoverable, cause: cause.failure });
      return;
    }
    const message = strings[connectionLine(code, { recoverable, unreachable })];
    this.report(code, message, { recoverable, cause, blocking: true });
  }
}
