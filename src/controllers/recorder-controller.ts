import type { ReactiveController, ReactiveControllerHost } from 'lit';
import workletSource from 'avatar-chat:worklet-source';
import { CAPTURE_PROCESSOR, type ControlMessage, type WorkletMessage } from '../audio/messages.js';
import { Vad, type VadEvent, type VadOptions } from '../audio/vad.js';

export type RecorderState = 'inactive' | 'starting' | 'recording';
/** `push-to-talk`: one turn from start() to stop(). `vad`: listen; the VAD cuts turns. `listen`: markStart()/cut(). */
export type RecorderMode = 'push-to-talk' | 'vad' | 'listen';
export type RecorderErrorCode = 'mic-permission' | 'mic-unavailable' | 'worklet';
export type RecorderErrorReason =
  'denied' | 'no-device' | 'busy' | 'insecure' | 'no-worklet' | 'worklet-blocked' | 'failed';
/** A finished turn: 16 kHz mono samples. */
export interface Recording {
  samples: Float32Array;
  durationMs: number;
  /** Nothing to send (cancel(), or stop() while listening without a turn). */
  cancelled: boolean;
}

export interface RecorderOptions {
  /** [navigator.mediaDevices.getUserMedia] */
  getStream?(constraints: MediaStreamConstraints): Promise<MediaStream>;
  /** URL of the worklet file; by default the inlined source is loaded from a blob: URL. */
  workletUrl?(): string | undefined;
  /** [window.AudioContext] */
  AudioContext?: typeof AudioContext;
  /** Longest turn (ms) [30000]: push-to-talk stops, the VAD ends the turn. */
  maxMs?(): number;
  /** VAD tuning (see audio/vad.ts). */
  vad?: Partial<VadOptions>;
  /** Audio kept from before a turn's start when listening (ms) [400: ~300 ms before the VAD's 100 ms onset]. */
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
  audio: { sampleRate: 16000, echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 },
};

const ERRORS: Record<string, [RecorderErrorCode, RecorderErrorReason]> = {
  NotAllowedError: ['mic-permission', 'denied'],
  SecurityError: ['mic-permission', 'denied'],
  NotFoundError: ['mic-unavailable', 'no-device'],
  OverconstrainedError: ['mic-unavailable', 'no-device'],
  NotReadableError: ['mic-unavailable', 'busy'],
  AbortError: ['mic-unavailable', 'busy'],
};

class Failure {
  constructor(
    readonly code: RecorderErrorCode,
    readonly reason: RecorderErrorReason,
    readonly cause?: unknown,
  ) {}
}

const safely = (f: () => void) => {
  try {
    f();
  } catch (e) {
    console.error(e);
  }
};

/** Microphone → AudioContext (native rate) → capture worklet → 16 kHz turns. */
export class RecorderController implements ReactiveController {
  state: RecorderState = 'inactive';
  mode: RecorderMode = 'push-to-talk';
  /** Listening modes: while true no new turn starts (e.g. while a reply plays). */
  paused = false;
  private id = 0;
  private stream?: MediaStream;
  private ctx?: AudioContext;
  private src?: AudioNode;
  private node?: AudioWorkletNode;
  private vad?: Vad;
  private chunks: Float32Array[] = [];
  private len = 0;
  private inTurn = false;
  private stopping = false;
  private done?: () => void;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly o: RecorderOptions = {},
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.cancel();
  }

  /** Length of the current turn (ms; 0 while listening between turns). */
  get durationMs(): number {
    return this.inTurn ? this.len / 16 : 0;
  }

  /** Opens the microphone. Never rejects: failures go to onError and leave the state 'inactive'. */
  async start(mode: RecorderMode = 'push-to-talk'): Promise<void> {
    if (this.state !== 'inactive') return;
    const id = ++this.id;
    const o = this.o;
    this.mode = mode;
    this.inTurn = mode === 'push-to-talk';
    this.vad = mode === 'vad' ? new Vad({ ...o.vad, maxMs: this.max() }) : undefined;
    this.set('starting');
    try {
      const md = navigator.mediaDevices;
      const get = o.getStream ?? (md?.getUserMedia && ((c: MediaStreamConstraints) => md.getUserMedia(c)));
      if (!get) throw new Failure('mic-unavailable', 'insecure');
      let stream: MediaStream;
      try {
        stream = await get(CONSTRAINTS);
      } catch (e) {
        throw new Failure(...(ERRORS[(e as Error)?.name] ?? ['mic-unavailable', 'failed']), e);
      }
      if (id !== this.id) return stream.getTracks().forEach(t => t.stop());
      this.stream = stream;
      const Ctx = o.AudioContext ?? window.AudioContext;
      const ctx = (this.ctx = Ctx && new Ctx());
      if (!ctx?.audioWorklet) throw new Failure('mic-unavailable', 'no-worklet');
      ctx.resume().catch(() => {});
      const custom = o.workletUrl?.();
      const url = custom || URL.createObjectURL(new Blob([workletSource], { type: 'text/javascript' }));
      try {
        await ctx.audioWorklet.addModule(url);
      } catch (e) {
        throw new Failure('worklet', 'worklet-blocked', e);
      } finally {
        if (!custom) URL.revokeObjectURL(url);
      }
      if (id !== this.id) return;
      let node: AudioWorkletNode;
      try {
        node = this.node = new AudioWorkletNode(ctx, CAPTURE_PROCESSOR);
      } catch (e) {
        throw new Failure('worklet', 'failed', e);
      }
      node.onprocessorerror = e => this.fail(new Failure('worklet', 'failed', e));
      node.port.onmessage = (e: MessageEvent<WorkletMessage>) => this.message(e.data);
      // The node keeps its (unconnected) output: Chrome then runs it every quantum; with none it may skip some.
      (this.src = ctx.createMediaStreamSource(stream)).connect(node);
      for (const t of stream.getAudioTracks()) t.onended = () => void this.stop();
      this.set('recording');
      safely(() => o.onStart?.());
    } catch (e) {
      if (id === this.id) this.fail(e instanceof Failure ? e : new Failure('mic-unavailable', 'failed', e));
    }
  }

  /** Ends the recording: the worklet flushes, the microphone closes, then onStop gets the turn. */
  async stop(): Promise<void> {
    if (this.state === 'starting') return this.cancel();
    if (this.state !== 'recording' || this.stopping) return;
    const id = this.id;
    this.stopping = true;
    await new Promise<void>(r => {
      const timer = setTimeout(r, 500); // a suspended context never answers
      this.done = () => (clearTimeout(timer), r());
      this.node!.port.postMessage({ type: 'stop' } satisfies ControlMessage);
    });
    if (id === this.id) this.finish(false);
  }

  /** Closes the microphone at once; nothing is sent. */
  cancel(): void {
    if (this.state !== 'inactive') this.finish(true);
  }

  /** Listening modes: a turn starts here, with the pre-roll. */
  markStart(): void {
    if (this.state === 'recording' && !this.stopping) this.inTurn = true;
  }

  /** Listening modes: ends the current turn (onStop) and keeps listening. */
  cut(): void {
    if (this.mode === 'push-to-talk' || !this.inTurn || this.stopping) return;
    this.inTurn = false;
    const samples = this.take();
    safely(() => this.o.onStop?.({ samples, durationMs: samples.length / 16, cancelled: false }));
  }

  private max() {
    return this.o.maxMs?.() ?? 30000;
  }

  private set(s: RecorderState) {
    this.state = s;
    this.host.requestUpdate();
  }

  private message(m: WorkletMessage) {
    if (m.type === 'done') return this.done?.();
    const f = new Float32Array(m.data);
    this.chunks.push(f);
    this.len += f.length;
    if (!this.inTurn) {
      const keep = (this.o.preRollMs ?? 400) * 16;
      while (this.chunks.length && this.len - this.chunks[0].length >= keep) this.len -= this.chunks.shift()!.length;
    } else if (this.mode === 'push-to-talk' && this.len >= this.max() * 16) void this.stop();
    const t = m.time * 1000;
    safely(() => this.o.onLevel?.(m.level, t));
    const v = this.vad;
    if (!v || this.stopping) return;
    if (this.paused && !this.inTurn) return v.reset();
    const e = v.update(m.level, t);
    if (e === 'start') this.markStart();
    if (e) safely(() => this.o.onSpeech?.(e));
    if (e === 'end') this.cut();
    if (e === 'discard') this.inTurn = false; // its audio is trimmed to the pre-roll as frames come in
  }

  private take(): Float32Array {
    const out = new Float32Array(this.len);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    this.chunks = [];
    this.len = 0;
    return out;
  }

  private finish(cancelled: boolean) {
    const was = this.state;
    const keep = !cancelled && this.inTurn;
    const samples = keep ? this.take() : new Float32Array(0);
    this.release();
    if (was === 'recording')
      safely(() => this.o.onStop?.({ samples, durationMs: samples.length / 16, cancelled: !keep }));
  }

  private fail(f: Failure) {
    this.finish(true);
    safely(() => this.o.onError?.(f.code, f.reason, f.cause));
  }

  private release() {
    this.id++;
    this.done?.();
    this.stream?.getTracks().forEach(t => ((t.onended = null), t.stop()));
    this.src?.disconnect();
    if (this.node) this.node.port.onmessage = this.node.onprocessorerror = null;
    this.node?.disconnect();
    if (this.ctx && this.ctx.state !== 'closed') this.ctx.close().catch(() => {});
    this.stream = this.ctx = this.src = this.node = this.vad = this.done = undefined;
    this.chunks = [];
    this.len = 0;
    this.inTurn = this.stopping = false;
    this.set('inactive');
  }
}
