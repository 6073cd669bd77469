/**
 * The microphone as <avatar-chat> uses it: recording starts (mic button, gesture or `startRecording()`), stops and
 * is cancelled; the reply that plays stops first (barge-in); each recording becomes a voice turn; the
 * `avatar-chat-record-start`/`-stop` events go out through the element's one `emit`; a microphone that cannot be used
 * is reported and its reason kept for the composer. It owns the VoiceController (recorder and page-wide mic lock).
 * A piece of the composition root, beside failures.ts: it reports through the FailureReporter.
 */
import type { ReactiveControllerHost } from 'lit';
import type { ChatMessage } from './chat/conversation.js';
import type { ActionEvent } from './components/actions.js';
import type { MicAction } from './controllers/mic-controller.js';
import { VoiceController, type VoiceTurn } from './controllers/voice-controller.js';
import type { Emit } from './events.js';
import type { FailureReporter } from './failures.js';
import type { VoiceMode } from './names.js';
import type { Strings } from './strings.js';

const ignore = () => {};

export interface VoiceTurnOptions {
  /** `push-to-talk`, `vad` (hands-free) or `off` (no microphone). */
  mode(): VoiceMode;
  /** No input: the microphone stays closed. */
  disabled(): boolean;
  /** URL of the worklet file (the inlined one when undefined). */
  workletUrl(): string | undefined;
  /** Longest turn (ms). */
  maxMs(): number;
  /** The composer's level meter: the input level (0–1) and the turn's length (ms); (0, 0) once closed. */
  showLevel(level: number, turnMs: number): void;
  /** Sends a recording as a voice turn; null when a listener cancelled it, throws when it cannot go (reported). */
  sendVoice(wav: Uint8Array): ChatMessage | null;
  /** Resolves once the turns sent so far have left the socket (ConnectionController.drained). */
  drained(): Promise<void>;
  /** The microphone opens inside a gesture: the reply that plays stops, and the stage may autoplay later ones. */
  bargeIn(): void;
  failures: Pick<FailureReporter, 'report'>;
  strings(): Strings;
  emit: Emit;
  /** The microphone opened or closed (custom state `recording`). */
  onRecordingChange(recording: boolean): void;
}

export class VoiceTurnController {
  readonly #host: ReactiveControllerHost;
  readonly #options: VoiceTurnOptions;
  readonly #voice: VoiceController;
  /** Why the microphone cannot be used ('' when it can). */
  #problem = '';
  /** A voice frame's bytes move only while the main thread is free: renders wait until it has left. */
  #frameLeaving: Promise<void> = Promise.resolve();

  constructor(host: ReactiveControllerHost, options: VoiceTurnOptions) {
    this.#host = host;
    this.#options = options;
    this.#voice = new VoiceController(host, {
      workletUrl: options.workletUrl,
      maxMs: options.maxMs,
      onLevel: options.showLevel,
      onOpen: () => this.#handleOpen(),
      onSpeechStart: () => this.#handleSpeechStart(),
      onSpeechEnd: () => host.requestUpdate(),
      onTurn: turn => this.#handleTurn(turn),
      onError: (code, message, cause) => {
        this.#problem = options.strings()[message];
        options.failures.report(code, this.#problem, { recoverable: false, cause, blocking: true });
      },
    });
  }

  /** True while the microphone is open. */
  get recording(): boolean {
    return this.#voice.recording;
  }

  /** Why the microphone cannot be used ('' when it can). */
  get problem(): string {
    return this.#problem;
  }

  /** Resolves once the last voice turn has left (a render waits for it: see AvatarChat.scheduleUpdate). */
  get frameLeaving(): Promise<void> {
    return this.#frameLeaving;
  }

  /** While a reply plays, hands-free listening starts no new turn (the avatar is not heard as the user). */
  set paused(paused: boolean) {
    this.#voice.paused = paused;
  }

  /** Hands-free with the microphone open, waiting for speech (not hearing any, no reply playing). */
  waitsForSpeech(state: { handsFree: boolean; playing: boolean }): boolean {
    return this.#voice.waitsForSpeech(state);
  }

  /** Hands-free: what the microphone is doing, in words ('' when it is not listening). */
  statusText(strings: Strings, state: { handsFree: boolean; playing: boolean; name: string }): string {
    return this.#voice.statusText(strings, state);
  }

  /** Call in willUpdate: with no microphone (voice off, disabled) a listening session ends, nothing is sent. */
  update(): void {
    if (this.#options.disabled() || this.#options.mode() === 'off') this.#voice.cancel();
  }

  /** Push-to-talk: starts capture. `vad`: starts listening. Rejects with the reason when the microphone cannot open. */
  async start(): Promise<void> {
    const mode = this.#options.mode();
    if (this.#options.disabled() || mode === 'off' || this.recording) return;
    await this.#voice.claim();
    this.#options.bargeIn(); // the avatar never talks into the microphone
    const open = await this.#voice.start(mode);
    if (!open) throw new Error(this.#problem);
  }

  /** Push-to-talk: stops and sends. `vad`: stops listening (a turn in progress is sent). */
  stop(): Promise<void> {
    return this.#voice.stop();
  }

  /** Stops and discards. */
  cancel(): void {
    this.#voice.cancel();
  }

  /** A mic gesture in the composer. */
  handleMicAction = (e: ActionEvent<'mic'>) => this.#actions[e.detail.action]();

  readonly #actions: Record<MicAction, () => void> = {
    start: () => {
      this.start().catch(ignore); // reported through avatar-chat-error
    },
    stop: () => {
      void this.stop();
    },
    cancel: () => this.cancel(),
    toggle: () => this.#actions[this.recording ? 'stop' : 'start'](),
  };

  #handleOpen(): void {
    this.#problem = '';
    this.#options.onRecordingChange(true);
    if (this.#options.mode() !== 'vad') this.#options.emit('recordStart', {});
  }

  /** Hands-free: a turn starts when speech does. */
  #handleSpeechStart(): void {
    this.#host.requestUpdate();
    this.#options.emit('recordStart', {});
  }

  #handleTurn({ wav, durationMs, closed }: VoiceTurn): void {
    if (closed) {
      this.#options.onRecordingChange(false);
      this.#options.showLevel(0, 0);
    }
    this.#host.requestUpdate();
    let sent = false;
    if (wav) {
      try {
        sent = !!this.#options.sendVoice(wav);
        if (sent) this.#frameLeaving = this.#options.drained();
      } catch {
        /* reported; the entry keeps a retry button */
      }
    }
    if (durationMs || closed) this.#options.emit('recordStop', { durationMs, bytes: wav?.length ?? 0, sent });
  }
}
