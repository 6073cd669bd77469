import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ErrorCode } from '../names.js';
import { format, type Strings } from '../strings.js';
import { micErrorMessage } from './mic-errors.js';
import { claimMic, releaseMic } from './mic-lock.js';
import { RecorderController, type RecorderMode, type Recording } from './recorder-controller.js';

/** A finished voice turn. */
export interface VoiceTurn {
  /** The recording as a 16 kHz mono WAV; undefined when there is nothing to send (cancelled, silent). */
  wav?: Uint8Array;
  durationMs: number;
  /** The microphone closed with it (a VAD cut keeps it open). */
  closed: boolean;
}

export interface VoiceOptions {
  /** URL of the worklet file (the inlined one when undefined). */
  workletUrl(): string | undefined;
  /** Longest turn (ms). */
  maxMs(): number;
  /** The input level (RMS 0–1) and the current turn's length (ms), ~50 Hz. */
  onLevel(level: number, turnMs: number): void;
  /** The microphone opened. */
  onOpen(): void;
  /** VAD: speech started. */
  onSpeechStart(): void;
  /** VAD: the speech that started ended (a turn), or was dropped as too short. */
  onSpeechEnd?(): void;
  onTurn(turn: VoiceTurn): void;
  /** The microphone could not be used: the message to show (a strings key). */
  onError(code: ErrorCode, message: keyof Strings, cause: unknown): void;
}

/**
 * The widget's microphone: the recorder, the page-wide lock (one widget records at a time), turns as WAV, error
 * messages, and hiding the page (which ends the recording and sends what was said).
 */
export class VoiceController implements ReactiveController {
  readonly #recorder: RecorderController;
  readonly #options: VoiceOptions;
  /** Hands-free: the voice detector hears speech (a turn is being recorded). */
  #hearing = false;

  constructor(host: ReactiveControllerHost, options: VoiceOptions) {
    this.#options = options;
    this.#recorder = new RecorderController(host, {
      workletUrl: options.workletUrl,
      maxMs: options.maxMs,
      onLevel: level => options.onLevel(level, this.#recorder.durationMs),
      onStart: options.onOpen,
      onSpeech: event => {
        this.#hearing = event === 'start';
        if (event === 'start') options.onSpeechStart();
        else options.onSpeechEnd?.();
      },
      onStop: recording => this.#handleStop(recording),
      onError: (code, reason, cause) => options.onError(code, micErrorMessage(code, reason), cause),
    });
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.#handleVisibility);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#handleVisibility);
  }

  /** The microphone is open (or opening). */
  get recording(): boolean {
    return this.#recorder.state !== 'inactive';
  }

  /** Hands-free with the microphone open, waiting for speech (not hearing any, no reply playing). */
  waitsForSpeech({ handsFree, playing }: { handsFree: boolean; playing: boolean }): boolean {
    return handsFree && this.recording && !this.#hearing && !playing;
  }

  /** Hands-free: what the microphone is doing, in words ('' when it is not listening); `name` is the avatar's. */
  statusText(
    strings: Strings,
    { handsFree, playing, name }: { handsFree: boolean; playing: boolean; name: string },
  ): string {
    if (!handsFree || !this.recording) return '';
    if (this.#hearing) return strings.vadHearing;
    if (playing) return format(strings.vadPaused, { name });
    return strings.vadListening;
  }

  /** While a reply plays, listening starts no new turn (the avatar is not heard as the user). */
  set paused(paused: boolean) {
    this.#recorder.paused = paused;
  }

  /** Takes the page's microphone: another widget's recording stops (and is sent) first. Call before start(). */
  claim(): Promise<void> {
    return claimMic(this);
  }

  /** Opens the microphone; false when it could not be opened (onError said why). */
  async start(mode: RecorderMode): Promise<boolean> {
    await this.#recorder.start(mode);
    return this.recording;
  }

  /** Ends the recording and sends what was said. */
  stop(): Promise<void> {
    return this.#recorder.stop();
  }

  /** Closes the microphone; nothing is sent. */
  cancel(): void {
    this.#recorder.cancel();
  }

  #handleStop(recording: Recording): void {
    const closed = !this.recording;
    if (closed) {
      releaseMic(this);
      this.#hearing = false;
    }
    const hasAudio = !recording.cancelled && recording.durationMs > 0;
    const wav = hasAudio ? recording.wav : undefined; // written while recording
    this.#options.onTurn({ wav, durationMs: recording.durationMs, closed });
  }

  #handleVisibility = () => {
    if (document.visibilityState === 'hidden' && this.recording) void this.stop();
  };
}
