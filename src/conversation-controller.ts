/**
 * Turns out, frames in. A turn is offered to `avatar-chat-send` listeners, added to the transcript and sent (or
 * queued, or marked failed with a retry button); a frame from the server becomes entries and effects (ChatSession),
 * and each effect is carried out here: a protocol or server error is reported, a new session is kept, a refused
 * token is replaced, a reply is handed to the element (announce, unread badge, play). A piece of the composition
 * root, beside failures.ts: it reports through the FailureReporter.
 */
import type { ChatSession, FrameEffect, OutgoingTurn } from './chat/chat-session.js';
import type { ChatMessage } from './chat/conversation.js';
import type { ActionEvent } from './components/actions.js';
import type { ConnectionController } from './controllers/connection-controller.js';
import type { ServiceController } from './controllers/service-controller.js';
import type { Emit } from './events.js';
import type { FailureReporter } from './failures.js';
import type { Strings } from './strings.js';

export interface ConversationOptions {
  chat: ChatSession;
  connection: Pick<ConnectionController, 'send' | 'reauth' | 'connect' | 'disconnect'>;
  failures: Pick<FailureReporter, 'report' | 'config'>;
  strings(): Strings;
  emit: Emit;
  /** Why turns cannot go (url or avatar-id unusable; '' when they can). */
  configProblem(): string;
  /** Service mode's controller (undefined outside service mode): a refused token is replaced through it. */
  service(): Pick<ServiceController, 'invalidateToken'> | undefined;
  /** Where relative media URLs in frames point (the socket's or the service's host). */
  baseUrl(): string;
  /** A frame named a new session: later turns carry it. */
  setSession(session: string): void;
  /** A turn leaves (mostly inside a user gesture): the stage may autoplay the reply. */
  unlockPlayback(): void;
  /** A reply from the avatar was added to the transcript. */
  replyArrived(message: ChatMessage): void;
}

export class ConversationController {
  readonly #options: ConversationOptions;

  constructor(options: ConversationOptions) {
    this.#options = options;
  }

  /** Asks `avatar-chat-send` listeners, adds the entry and sends the frame (or queues it). Throws when it cannot. */
  send(turn: OutgoingTurn): ChatMessage | null {
    const { chat, failures } = this.#options;
    const configProblem = this.#options.configProblem();
    if (configProblem) {
      failures.config(configProblem);
      throw new Error(configProblem);
    }
    if (!this.#options.emit('send', { kind: turn.kind, payload: turn.payload })) return null;
    this.#options.unlockPlayback();
    const message = chat.addTurn(turn);
    this.#deliver(message.id);
    return chat.get(message.id)!;
  }

  /** Sends a failed turn again; a turn without a frame (from the history) just loses its failed state. */
  handleRetry = (e: ActionEvent<'retry'>) => {
    const { id } = e.detail;
    if (!this.#options.chat.frameOf(id)) {
      this.#options.chat.setTurnState(id, undefined);
      return;
    }
    try {
      this.#deliver(id);
    } catch {
      /* reported; stays failed */
    }
  };

  /** A frame from the server. */
  handleFrame(raw: unknown): void {
    const baseUrl = this.#options.baseUrl();
    for (const effect of this.#options.chat.receive(raw, { baseUrl })) this.#apply(effect, raw);
  }

  #deliver(id: string): void {
    const { chat, connection } = this.#options;
    const result = connection.send(id, chat.frameOf(id)!);
    chat.setTurnState(id, result === 'full' ? 'failed' : result);
    if (result !== 'full') return;
    const { outboxFull } = this.#options.strings();
    this.#options.failures.report('send', outboxFull, { recoverable: true, blocking: true });
    throw new Error(outboxFull);
  }

  #apply(effect: FrameEffect, raw: unknown): void {
    const { failures } = this.#options;
    switch (effect.type) {
      case 'protocol-problem':
        failures.report('protocol', this.#options.strings().protocolError, {
          recoverable: true,
          cause: effect.problem,
        });
        break;
      case 'session':
        this.#options.setSession(effect.session);
        this.#options.chat.save();
        break;
      case 'server-error':
        failures.report('server', effect.text, { recoverable: effect.error.recoverable, cause: effect.error });
        if (effect.reauth) this.#reauth();
        break;
      case 'message':
        this.#options.emit('message', { message: effect.message, raw });
        if (effect.message.role === 'avatar') this.#options.replyArrived(effect.message);
        break;
    }
  }

  /** The server refused the token (401/403). Service mode: reconnect with a new one; else ConnectionController's. */
  #reauth(): void {
    const { connection } = this.#options;
    const service = this.#options.service();
    if (!service) {
      connection.reauth();
      return;
    }
    service.invalidateToken();
    connection.disconnect();
    connection.connect();
  }
}
