import type { ReactiveController, ReactiveControllerHost } from 'lit';
import workletSource from 'avatar-chat:worklet-source';
import { CAPTURE_PROCESSOR, type WorkletMessage } from '../audio/messages.js';
import { Vad, type VadEvent, type VadOptions } from '../audio/vad.js';
import { call } from './call.js';

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

type Failure = [RecorderErrorCode, RecorderErrorReason, unknown?];

/** getUserMedia error names → reason ('denied' is a 'mic-permission' error, the others 'mic-unavailable'). */
const REASONS: Record<string, RecorderErrorReason> = {
  NotAllowedError: 'denied',
  SecurityError: 'denied',
  NotFoundError: 'no-device',
  OverconstrainedError: 'no-device',
  NotReadableError: 'busy',
  AbortError: 'busy',
};
const MIC = 'mic-unavailable';

/** Ends start() with this failure (its catch reports it). */
function oops(...f: Failure): never {
  throw f;
}

/** Microphone → AudioContext (native rate) → capture worklet → 16 kHz turns. */
export class RecorderController implements ReactiveController {
  state: RecorderState = 'inactive';
  mode: RecorderMode = 'push-to-talk';
  /** Listening modes: while true no new turn starts (e.g. while a reply plays). */
  paused = false;
  /** Session id: results of a released session are ignored. */
  private id = 0;
  private stream?: MediaStream;
  private ctx?: AudioContext;
  private node?: AudioWorkletNode;
  private vad?: Vad;
  private chunks: Float32Array[] = [];
  private len = 0;
  private inTurn?: boolean;
  private stopping?: boolean;
  private done?: () => void;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly o: RecorderOptions = {},
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.cancel();
  }

  /** Length of the current turn (ms; 0 while listening between turns). */
  get durationMs(): number {
    return this.inTurn ? this.len / 16 : 0;
  }

  /** Opens the microphone. Never rejects: failures go to onError and leave the state 'inactive'. */
  async start(mode: RecorderMode = 'push-to-talk'): Promise<void> {
    if (this.state != 'inactive') return;
    const id = ++this.id,
      o = this.o,
      md = navigator.mediaDevices;
    this.mode = mode;
    this.inTurn = mode == 'push-to-talk';
    this.vad = mode == 'vad' ? new Vad({ ...o.vad, maxMs: this.max() }) : undefined;
    this.set('starting');
    try {
      const get = o.getStream ?? md?.getUserMedia.bind(md);
      if (!get) oops(MIC, 'insecure');
      const stream = await get(CONSTRAINTS); // its errors are mapped by name below
      if (id != this.id) return stream.getTracks().forEach(t => t.stop());
      this.stream = stream;
      const Ctx = o.AudioContext ?? window.AudioContext;
      const ctx = (this.ctx = Ctx && new Ctx());
      if (!ctx?.audioWorklet) oops(MIC, 'no-worklet');
      ctx.resume().catch(() => {});
      const custom = o.workletUrl?.();
      const url = custom || URL.createObjectURL(new Blob([workletSource], { type: 'text/javascript' }));
      await ctx.audioWorklet
        .addModule(url)
        .catch(e => oops('worklet', 'worklet-blocked', e))
        .finally(() => custom || URL.revokeObjectURL(url));
      if (id != this.id) return;
      let node: AudioWorkletNode;
      try {
        node = this.node = new AudioWorkletNode(ctx, CAPTURE_PROCESSOR);
      } catch (e) {
        oops('worklet', 'failed', e);
      }
      node.onprocessorerror = e => id == this.id && this.fail('worklet', 'failed', e);
      node.port.onmessage = (e: MessageEvent<WorkletMessage>) => id == this.id && this.message(e.data);
      // The node keeps its (unconnected) output: Chrome then runs it every quantum; with none it may skip some.
      ctx.createMediaStreamSource(stream).connect(node);
      stream.getTracks().forEach(t => (t.onended = () => void this.stop()));
      this.set('recording');
      call(o.onStart);
    } catch (e) {
      if (id != this.id) return;
      const reason = REASONS[(e as Error)?.name] ?? 'failed';
      this.fail(...((Array.isArray(e) ? e : [reason == 'denied' ? 'mic-permission' : MIC, reason, e]) as Failure));
    }
  }

  /** Ends the recording: the worklet flushes, the microphone closes, then onStop gets the turn. */
  async stop(): Promise<void> {
    if (this.state == 'starting') return this.cancel();
    if (this.state != 'recording' || this.stopping) return;
    const id = this.id;
    this.stopping = true;
    await new Promise<void>(r => {
      this.done = r;
      setTimeout(r, 500); // a suspended context never answers
      this.node!.port.postMessage({ type: 'stop' });
    });
    if (id == this.id) this.finish(false);
  }

  /** Closes the microphone at once; nothing is sent. */
  cancel(): void {
    if (this.state != 'inactive') this.finish(true);
  }

  /** Listening modes: a turn starts here, with the pre-roll. */
  markStart(): void {
    if (this.state == 'recording' && !this.stopping) this.inTurn = true;
  }

  /** Listening modes: ends the current turn (onStop) and keeps listening. */
  cut(): void {
    if (this.mode == 'push-to-talk' || !this.inTurn || this.stopping) return;
    this.inTurn = false;
    this.ended(this.take(), false);
  }

  private max() {
    return this.o.maxMs?.() ?? 30000;
  }

  private set(s: RecorderState) {
    this.state = s;
    this.host.requestUpdate();
  }

  private message(m: WorkletMessage) {
    if (m.type == 'done') return this.done?.();
    const f = new Float32Array(m.data),
      t = m.time * 1000,
      v = this.vad;
    this.chunks.push(f);
    this.len += f.length;
    if (!this.inTurn) {
      const keep = (this.o.preRollMs ?? 400) * 16;
      while (this.chunks.length && this.len - this.chunks[0].length >= keep) this.len -= this.chunks.shift()!.length;
    } else if (this.mode == 'push-to-talk' && this.len >= this.max() * 16) void this.stop();
    call(this.o.onLevel, m.level, t);
    if (!v || this.stopping) return;
    if (this.paused && !this.inTurn) return v.reset();
    const e = v.update(m.level, t);
    if (e == 'start') this.markStart();
    if (e) call(this.o.onSpeech, e);
    if (e == 'end') this.cut();
    if (e == 'discard') this.inTurn = false; // its audio is trimmed to the pre-roll as frames come in
  }

  /** The samples so far, as one array; empties the buffer. */
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

  private ended(samples: Float32Array, cancelled: boolean) {
    call(this.o.onStop, { samples, durationMs: samples.length / 16, cancelled });
  }

  private finish(cancelled: boolean) {
    const was = this.state,
      samples = this.take(),
      keep = !cancelled && this.inTurn;
    this.release();
    if (was == 'recording') this.ended(keep ? samples : new Float32Array(), !keep);
  }

  private fail(...[code, reason, cause]: Failure) {
    this.finish(true);
    call(this.o.onError, code, reason, cause);
  }

  /** Stops the tracks and closes the context (which ends the worklet); a pending stop() resolves. */
  private release() {
    this.id++;
    this.done?.();
    this.stream?.getTracks().forEach(t => t.stop());
    this.ctx?.close().catch(() => {});
    this.stream = this.ctx = this.node = undefined;
    this.inTurn = this.stopping = false;
    this.set('inactive');
  }
}
