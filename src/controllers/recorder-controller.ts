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

/**
 * Microphone → AudioContext (native rate) → capture worklet → 16 kHz turns. The private state lives in the
 * constructor's closure (short local names, no property lookups); the methods are closures over it.
 */
export class RecorderController implements ReactiveController {
  state: RecorderState = 'inactive';
  mode: RecorderMode = 'push-to-talk';
  /** Listening modes: while true no new turn starts (e.g. while a reply plays). */
  paused = false;
  readonly hostDisconnected: () => void;
  /** Opens the microphone. Never rejects: failures go to onError and leave the state 'inactive'. */
  readonly start: (mode?: RecorderMode) => Promise<void>;
  /** Ends the recording: the worklet flushes, the microphone closes, then onStop gets the turn. */
  readonly stop: () => Promise<void>;
  /** Closes the microphone at once; nothing is sent. */
  readonly cancel: () => void;
  /** Listening modes: a turn starts here, with the pre-roll. */
  readonly markStart: () => void;
  /** Listening modes: ends the current turn (onStop) and keeps listening. */
  readonly cut: () => void;
  private readonly turnMs: () => number;

  /** Length of the current turn (ms; 0 while listening between turns). */
  get durationMs(): number {
    return this.turnMs();
  }

  constructor(host: ReactiveControllerHost, o: RecorderOptions = {}) {
    // id: session id (results of a released session are ignored); chunks: the 16 kHz frames kept (len samples):
    // the turn, or the pre-roll between turns; done: resolves a pending stop()
    let id = 0,
      stream: MediaStream | undefined,
      ctx: AudioContext | undefined,
      src: AudioNode | undefined,
      node: AudioWorkletNode | undefined,
      vad: Vad | undefined,
      chunks: Float32Array[] = [],
      len = 0,
      inTurn = false,
      stopping = false,
      done: (() => void) | undefined;
    const max = () => o.maxMs?.() ?? 30000;
    const set = (s: RecorderState) => {
      this.state = s;
      host.requestUpdate();
    };
    /** The samples so far, as one array; empties the buffer. */
    const take = () => {
      const out = new Float32Array(len);
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      chunks = [];
      len = 0;
      return out;
    };
    const ended = (samples: Float32Array, cancelled: boolean) =>
      call(o.onStop, { samples, durationMs: samples.length / 16, cancelled });
    /** Stops the tracks, disconnects the nodes, closes our context (which ends the worklet); a pending stop() resolves. */
    const release = () => {
      id++;
      done?.();
      stream?.getTracks().forEach(t => t.stop());
      src?.disconnect();
      node?.disconnect();
      ctx?.close().catch(() => {});
      stream = ctx = src = node = undefined;
      inTurn = stopping = false;
      set('inactive');
    };
    const finish = (cancelled: boolean) => {
      const was = this.state,
        samples = take(),
        keep = !cancelled && inTurn;
      release();
      if (was == 'recording') ended(keep ? samples : new Float32Array(), !keep);
    };
    const fail = (...[code, reason, cause]: Failure) => {
      finish(true);
      call(o.onError, code, reason, cause);
    };
    const message = (m: WorkletMessage) => {
      if (m.type == 'done') return done?.();
      const f = new Float32Array(m.data),
        t = m.time * 1000;
      chunks.push(f);
      len += f.length;
      if (!inTurn) {
        const keep = (o.preRollMs ?? 400) * 16;
        while (chunks.length && len - chunks[0].length >= keep) len -= chunks.shift()!.length;
      } else if (this.mode == 'push-to-talk' && len >= max() * 16) void this.stop();
      call(o.onLevel, m.level, t);
      if (!vad || stopping) return;
      if (this.paused && !inTurn) return vad.reset();
      const e = vad.update(m.level, t);
      if (e == 'start') this.markStart();
      if (e) call(o.onSpeech, e);
      if (e == 'end') this.cut();
      if (e == 'discard') inTurn = false; // its audio is trimmed to the pre-roll as frames come in
    };

    this.turnMs = () => (inTurn ? len / 16 : 0);
    this.hostDisconnected = () => this.cancel();
    this.start = async (mode = 'push-to-talk') => {
      if (this.state != 'inactive') return;
      const my = ++id,
        md = navigator.mediaDevices;
      this.mode = mode;
      inTurn = mode == 'push-to-talk';
      vad = mode == 'vad' ? new Vad({ ...o.vad, maxMs: max() }) : undefined;
      set('starting');
      try {
        const get = o.getStream ?? md?.getUserMedia.bind(md);
        if (!get) oops(MIC, 'insecure');
        const s = await get(CONSTRAINTS); // its errors are mapped by name below
        if (my != id) return s.getTracks().forEach(t => t.stop());
        stream = s;
        const Ctx = o.AudioContext ?? window.AudioContext;
        const c = (ctx = Ctx && new Ctx());
        if (!c?.audioWorklet) oops(MIC, 'no-worklet');
        c.resume().catch(() => {});
        const custom = o.workletUrl?.();
        const url = custom || URL.createObjectURL(new Blob([workletSource], { type: 'text/javascript' }));
        await c.audioWorklet
          .addModule(url)
          .catch(e => oops('worklet', 'worklet-blocked', e))
          .finally(() => custom || URL.revokeObjectURL(url));
        if (my != id) return;
        let n: AudioWorkletNode;
        try {
          n = node = new AudioWorkletNode(c, CAPTURE_PROCESSOR);
        } catch (e) {
          oops('worklet', 'failed', e);
        }
        n.onprocessorerror = e => my == id && fail('worklet', 'failed', e);
        n.port.onmessage = (e: MessageEvent<WorkletMessage>) => my == id && message(e.data);
        // The node keeps its (unconnected) output: Chrome then runs it every quantum; with none it may skip some.
        (src = c.createMediaStreamSource(s)).connect(n);
        s.getTracks().forEach(t => (t.onended = () => void this.stop()));
        set('recording');
        call(o.onStart);
      } catch (e) {
        if (my != id) return;
        const reason = REASONS[(e as Error)?.name] ?? 'failed';
        fail(...((Array.isArray(e) ? e : [reason == 'denied' ? 'mic-permission' : MIC, reason, e]) as Failure));
      }
    };
    this.stop = async () => {
      if (this.state == 'starting') return this.cancel();
      if (this.state != 'recording' || stopping) return;
      const my = id;
      stopping = true;
      await new Promise<void>(r => {
        done = r;
        setTimeout(r, 500); // a suspended context never answers
        node!.port.postMessage({ type: 'stop' });
      });
      if (my == id) finish(false);
    };
    this.cancel = () => {
      if (this.state != 'inactive') finish(true);
    };
    this.markStart = () => {
      if (this.state == 'recording' && !stopping) inTurn = true;
    };
    this.cut = () => {
      if (this.mode == 'push-to-talk' || !inTurn || stopping) return;
      inTurn = false;
      ended(take(), false);
    };
    host.addController(this);
  }
}
