import type { ReactiveController, ReactiveControllerHost } from 'lit';
import workletSource from 'avatar-chat:worklet-source';
import { SAMPLES_PER_MS, WIRE_SAMPLE_RATE } from '../audio/format.js';
import { CAPTURE_PROCESSOR, type WorkletMessage } from '../audio/messages.js';
import { Vad, type VadEvent, type VadOptions } from '../audio/vad.js';
import { encodeWav } from '../audio/wav.js';
import { WavWriter } from '../audio/wav-writer.js';
import { call, withDefaults } from './call.js';

export type RecorderState = 'inactive' | 'starting' | 'recording';
/** `push-to-talk`: one turn from start() to stop(). `vad`: listen; the VAD cuts turns. `listen`: markStart()/cut(). */
export type RecorderMode = 'push-to-talk' | 'vad' | 'listen';
export type RecorderErrorCode = 'mic-permission' | 'mic-unavailable' | 'worklet';
export type RecorderErrorReason =
  'denied' | 'no-device' | 'busy' | 'insecure' | 'no-worklet' | 'worklet-blocked' | 'failed';
/** A finished turn: mono samples at the wire rate (16 kHz). */
export interface Recording {
  samples: Float32Array;
  /** The same samples as a 16-bit PCM WAV (`encodeWav`'s bytes), written frame by frame while recording. */
  wav: Uint8Array;
  durationMs: number;
  /** Nothing to send (cancel(), or stop() while listening without a turn). */
  cancelled: boolean;
}

export interface RecorderOptions {
  /** Opens the microphone [navigator.mediaDevices.getUserMedia, read when called]. Injectable for tests. */
  getUserMedia?(constraints: MediaStreamConstraints): Promise<MediaStream>;
  /** URL of the worklet file; by default (or when it returns '') the inlined source is loaded from a blob: URL. */
  workletUrl?(): string | undefined;
  /** The AudioContext class [the page's, as it is when the controller is made]. */
  AudioContext?: typeof AudioContext;
  /** Longest turn (ms): push-to-talk stops, the VAD ends the turn. */
  maxMs?(): number;
  /** VAD tuning (see audio/vad.ts). */
  vad?: Partial<VadOptions>;
  /** Audio kept from before a turn's start when listening (ms) [~300 ms before the VAD's 100 ms onset]. */
  preRollMs?: number;
  /** RMS of the input, ~50 Hz; `timeMs` on the audio clock. */
  onLevel?(level: number, timeMs: number): void;
  /** The microphone is open (state 'recording'). */
  onStart?(): void;
  /** VAD mode: speech started / ended (an onStop follows) / was too short (dropped). */
  onSpeech?(event: VadEvent): void;
  /** A turn ended. `state` is still 'recording' when the microphone stays open (a VAD cut). */
  onStop?(result: Recording): void;
  onError?(code: RecorderErrorCode, reason: RecorderErrorReason, cause?: unknown): void;
}

/** The capture constraints (the spec's, exactly). */
export const CONSTRAINTS: MediaStreamConstraints = {
  audio: {
    sampleRate: WIRE_SAMPLE_RATE,
    echoCancellation: true,
    noiseSuppression: true,
    autoGainControl: true,
    channelCount: 1,
  },
};

/** A failure to report through onError (while starting, or from the worklet). */
class RecorderFailure extends Error {
  constructor(
    readonly code: RecorderErrorCode,
    readonly reason: RecorderErrorReason,
    readonly original?: unknown,
  ) {
    super(reason);
  }
}

/** Every option's default (times in ms). */
export const DEFAULTS = {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
    const devices = navigator.mediaDevices; // absent on insecure (http) pages
    if (!devices) throw new RecorderFailure('mic-unavailable', 'insecure');
    return devices.getUserMedia(constraints);
  },
  /** Read when a controller is made, so that a page may replace the global first. */
  get AudioContext(): typeof AudioContext | undefined {
    return globalThis.AudioContext;
  },
  maxMs: (): number => 30_000,
  preRollMs: 400,
};

type Settings = RecorderOptions & typeof DEFAULTS;

/** getUserMedia error names → reason ('denied' is a 'mic-permission' error, the others 'mic-unavailable'). */
const REASONS: Record<string, RecorderErrorReason> = {
  NotAllowedError: 'denied',
  SecurityError: 'denied',
  NotFoundError: 'no-device',
  OverconstrainedError: 'no-device',
  NotReadableError: 'busy',
  AbortError: 'busy',
};

/** How long stop() waits for the worklet's 'done' (a suspended context never answers). */
const STOP_TIMEOUT_MS = 500;

/** What onError reports for an error thrown while starting. */
function startFailure(error: unknown): RecorderFailure {
  if (error instanceof RecorderFailure) return error;
  const reason = REASONS[(error as Error)?.name] ?? 'failed';
  return new RecorderFailure(reason === 'denied' ? 'mic-permission' : 'mic-unavailable', reason, error);
}

/** Microphone → AudioContext (native rate) → capture worklet → 16 kHz turns. */
export class RecorderController implements ReactiveController {
  state: RecorderState = 'inactive';
  mode: RecorderMode = 'push-to-talk';
  /** Listening modes: while true no new turn starts (e.g. while a reply plays). */
  paused = false;

  readonly #host: ReactiveControllerHost;
  readonly #options: Settings;
  /** Id of the current session: results of a released session are ignored. */
  #session = 0;
  #stream: MediaStream | undefined;
  #context: AudioContext | undefined;
  #source: AudioNode | undefined;
  #node: AudioWorkletNode | undefined;
  #vad: Vad | undefined;
  /** The frames kept: the turn, or the pre-roll between turns. */
  #chunks: Float32Array[] = [];
  #sampleCount = 0;
  /** The turn's frames as a WAV, written as they come so that the end of a turn only adds the header. */
  readonly #wav = new WavWriter(WIRE_SAMPLE_RATE);
  #inTurn = false;
  #stopping = false;
  /** Resolves a pending stop(). */
  #resolveStop: (() => void) | undefined;

  constructor(host: ReactiveControllerHost, options: RecorderOptions = {}) {
    this.#host = host;
    this.#options = withDefaults(DEFAULTS, options);
    host.addController(this);
  }

  /** Length of the current turn (ms; 0 while listening between turns). */
  get durationMs(): number {
    return this.#inTurn ? this.#sampleCount / SAMPLES_PER_MS : 0;
  }

  hostDisconnected(): void {
    this.cancel();
  }

  /** Opens the microphone. Never rejects: failures go to onError and leave the state 'inactive'. */
  async start(mode: RecorderMode = 'push-to-talk'): Promise<void> {
    if (this.state !== 'inactive') return;
    const session = ++this.#session;
    this.mode = mode;
    this.#inTurn = mode === 'push-to-talk';
    this.#wav.reset();
    this.#vad = mode === 'vad' ? new Vad({ ...this.#options.vad, maxMs: this.#options.maxMs() }) : undefined;
    this.#setState('starting');
    try {
      const stream = await this.#options.getUserMedia(CONSTRAINTS); // its errors are mapped by name
      if (session !== this.#session) {
        stream.getTracks().forEach(track => track.stop());
        return;
      }
      this.#stream = stream;
      const context = await this.#openContext();
      if (session !== this.#session) return;
      let node: AudioWorkletNode;
      try {
        node = this.#node = new AudioWorkletNode(context, CAPTURE_PROCESSOR);
      } catch (error) {
        throw new RecorderFailure('worklet', 'failed', error);
      }
      node.onprocessorerror = event => {
        if (session === this.#session) this.#fail(new RecorderFailure('worklet', 'failed', event));
      };
      node.port.onmessage = (event: MessageEvent<WorkletMessage>) => {
        if (session === this.#session) this.#handleMessage(event.data);
      };
      // The node keeps its (unconnected) output: Chrome then runs it every quantum; with none it may skip some.
      this.#source = context.createMediaStreamSource(stream);
      this.#source.connect(node);
      for (const track of stream.getTracks()) track.onended = () => void this.stop();
      this.#setState('recording');
      call(this.#options.onStart);
    } catch (error) {
      if (session === this.#session) this.#fail(startFailure(error));
    }
  }

  /** Ends the recording: the worklet flushes, the microphone closes, then onStop gets the turn. */
  async stop(): Promise<void> {
    if (this.state === 'starting') return this.cancel();
    if (this.state !== 'recording' || this.#stopping) return;
    const session = this.#session;
    this.#stopping = true;
    await new Promise<void>(resolve => {
      this.#resolveStop = resolve;
      setTimeout(resolve, STOP_TIMEOUT_MS);
      this.#node!.port.postMessage({ type: 'stop' });
    });
    if (session === this.#session) this.#finish({ cancelled: false });
  }

  /** Closes the microphone at once; nothing is sent. */
  cancel(): void {
    if (this.state !== 'inactive') this.#finish({ cancelled: true });
  }

  /** Listening modes: a turn starts here, with the pre-roll. */
  markStart(): void {
    if (this.state !== 'recording' || this.#stopping || this.#inTurn) return;
    this.#inTurn = true;
    this.#wav.reset();
    for (const chunk of this.#chunks) this.#wav.append(chunk); // the pre-roll
  }

  /** Listening modes: ends the current turn (onStop) and keeps listening. */
  cut(): void {
    if (this.mode === 'push-to-talk' || !this.#inTurn || this.#stopping) return;
    this.#inTurn = false;
    this.#report(this.#take());
  }

  /** Our AudioContext (kept in #context, closed on release) with the capture worklet loaded. */
  async #openContext(): Promise<AudioContext> {
    const Context = this.#options.AudioContext;
    const context = (this.#context = Context && new Context());
    if (!context?.audioWorklet) throw new RecorderFailure('mic-unavailable', 'no-worklet');
    context.resume().catch(() => {});
    const custom = this.#options.workletUrl?.();
    const url = custom || URL.createObjectURL(new Blob([workletSource], { type: 'text/javascript' }));
    try {
      await context.audioWorklet.addModule(url);
    } catch (error) {
      throw new RecorderFailure('worklet', 'worklet-blocked', error);
    } finally {
      if (!custom) URL.revokeObjectURL(url);
    }
    return context;
  }

  #setState(state: RecorderState): void {
    this.state = state;
    this.#host.requestUpdate();
  }

  /** The turn so far, as a Recording (its samples are joined into one array when first read); empties the buffer. */
  #take(): Recording {
    const turn = new Turn({ chunks: this.#chunks, sampleCount: this.#sampleCount, wav: this.#wav.finish() });
    this.#drop();
    return turn;
  }

  /** Forgets the frames kept. */
  #drop(): void {
    this.#chunks = [];
    this.#sampleCount = 0;
    this.#wav.reset();
  }

  #report(recording: Recording): void {
    call(this.#options.onStop, recording);
  }

  /** Stops the tracks, disconnects the nodes, closes our context (which ends the worklet); a pending stop() resolves. */
  #release(): void {
    this.#session++;
    this.#resolveStop?.();
    this.#stream?.getTracks().forEach(track => track.stop());
    this.#source?.disconnect();
    this.#node?.disconnect();
    this.#context?.close().catch(() => {});
    this.#stream = undefined;
    this.#context = undefined;
    this.#source = undefined;
    this.#node = undefined;
    this.#inTurn = false;
    this.#stopping = false;
    this.#setState('inactive');
  }

  /**
   * The microphone is torn down before the turn is reported: torn down after the voice frame's send(), it held the
   * frame back (the bytes leave only while the main thread is free; 10 s turns: 41 against 15 ms to the server,
   * `bench/voice-latency.mjs --variant`).
   */
  #finish({ cancelled }: { cancelled: boolean }): void {
    const wasRecording = this.state === 'recording';
    const keep = !cancelled && this.#inTurn;
    const recording = keep ? this.#take() : Turn.cancelled();
    this.#drop();
    this.#release();
    if (wasRecording) this.#report(recording);
  }

  #fail(failure: RecorderFailure): void {
    this.#finish({ cancelled: true });
    call(this.#options.onError, failure.code, failure.reason, failure.original);
  }

  #handleMessage(message: WorkletMessage): void {
    if (message.type === 'done') {
      this.#resolveStop?.();
      return;
    }
    const frame = new Float32Array(message.data);
    const timeMs = message.time * 1000;
    this.#chunks.push(frame);
    this.#sampleCount += frame.length;
    if (this.#inTurn) this.#wav.append(frame);
    if (!this.#inTurn) this.#trimToPreRoll();
    else if (this.mode === 'push-to-talk' && this.#sampleCount >= this.#options.maxMs() * SAMPLES_PER_MS)
      void this.stop();
    call(this.#options.onLevel, message.level, timeMs);
    if (this.#vad && !this.#stopping) this.#updateVad(this.#vad, message.level, timeMs);
  }

  /** Between turns only the pre-roll is kept. */
  #trimToPreRoll(): void {
    const keep = this.#options.preRollMs * SAMPLES_PER_MS;
    while (this.#chunks.length > 0 && this.#sampleCount - this.#chunks[0].length >= keep)
      this.#sampleCount -= this.#chunks.shift()!.length;
  }

  #updateVad(vad: Vad, level: number, timeMs: number): void {
    if (this.paused && !this.#inTurn) {
      vad.reset();
      return;
    }
    const event = vad.update(level, timeMs);
    if (event === 'start') this.markStart();
    if (event) call(this.#options.onSpeech, event);
    if (event === 'end') this.cut();
    if (event === 'discard') this.#inTurn = false; // its audio is trimmed to the pre-roll as frames come in
  }
}

/** A turn as onStop gets it: its frames and WAV; the samples are joined into one array only when read. */
class Turn implements Recording {
  readonly wav: Uint8Array;
  readonly durationMs: number;
  readonly cancelled: boolean;
  readonly #chunks: Float32Array[];
  readonly #sampleCount: number;
  #samples: Float32Array | undefined;

  constructor({ chunks, sampleCount, wav }: { chunks: Float32Array[]; sampleCount: number; wav?: Uint8Array }) {
    this.#chunks = chunks;
    this.#sampleCount = sampleCount;
    this.wav = wav ?? encodeWav(new Float32Array(), WIRE_SAMPLE_RATE);
    this.durationMs = sampleCount / SAMPLES_PER_MS;
    this.cancelled = !wav;
  }

  /** Nothing to send. */
  static cancelled(): Turn {
    return new Turn({ chunks: [], sampleCount: 0 });
  }

  get samples(): Float32Array {
    if (this.#samples) return this.#samples;
    const out = (this.#samples = new Float32Array(this.#sampleCount));
    let at = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}
