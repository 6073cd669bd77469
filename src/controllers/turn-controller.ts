import type { PropertyValues, ReactiveController } from 'lit';
import type { AvatarChat } from '../avatar-chat.js';
import { decodeWavHeader, encodeWav, toBase64 } from '../audio/wav.js';
import { Conversation, uuid, type ChatMessage } from '../conversation.js';
import * as ev from '../events.js';
import type { Status } from '../names.js';
import { loadChat, loadUserId, saveChat, saveUserId } from '../persist.js';
import { textFrame, voiceFrame, type TurnConfig } from '../protocol/frames.js';
import { parseServerFrame } from '../protocol/parse.js';
import { format } from '../strings.js';
import { ConnectionController } from './connection-controller.js';
import { RecorderController } from './recorder-controller.js';
import { hasToken, socketUrl, type TokenSource } from './token.js';

const RATE = 16000;
/** Frames kept for the retry button (the newest turns). */
const KEEP_FRAMES = 20;
/** Only one widget on a page records at a time. */
let activeRecorder: TurnController | undefined;

const revoke = (m: ChatMessage) => m.media?.url.startsWith('blob:') && URL.revokeObjectURL(m.media.url);
const detail = <T>(e: Event) => (e as CustomEvent<T>).detail;

/**
 * The conversation: turns out (text, voice, retry, outbox), replies in (parse, transcript, player), configuration,
 * persistence. Owns the connection and recorder controllers; the element only renders and forwards.
 */
export class TurnController implements ReactiveController {
  readonly conversation = new Conversation(revoke);
  readonly connection: ConnectionController;
  readonly recorder: RecorderController;
  /** Why the mic cannot be used ('' when it can). */
  micProblem = '';
  private readonly frames = new Map<string, string>();
  private configProblem = '';
  private netProblem = false;
  private userId = '';
  private restoredFor = '';
  private stopTimer = 0;
  private tick = 0;
  private startedAt = 0;

  constructor(private readonly host: AvatarChat) {
    host.addController(this);
    this.connection = new ConnectionController(host, {
      url: fresh => socketUrl(this.tokenSource(), fresh),
      usesToken: () => hasToken(this.tokenSource()),
      onStatus: (s, attempt) => this.onStatus(s, attempt),
      onFrame: data => this.onFrame(data),
      onError: (code, _message, recoverable, cause) =>
        host.fail(code, code === 'auth' ? host['str'].authFailed : host['str'].socketLost, recoverable, cause),
      onTurnState: (id, state) => this.patch(id, { state }),
    });
    this.connection.autoConnect = false;
    this.recorder = new RecorderController(host, {
      workletUrl: () => host.workletUrl || undefined,
      onLevel: level => host['mic'] && (host['mic'].level = level),
      onStart: () => this.onRecordStart(),
      onStop: r => void this.onRecordStop(r),
      onError: (code, reason, cause) => this.onMicError(code, reason, cause),
    });
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.cancelRecording();
    this.host['player']?.stop();
  }

  private get str() {
    return this.host['str'];
  }

  // ---------------------------------------------------------------- configuration
  /** Applies attribute changes (called from the element's willUpdate). */
  configure(changed: PropertyValues<AvatarChat>): void {
    const h = this.host;
    if (h.persist && h.avatarId && this.restoredFor !== h.avatarId) this.restore();
    let problem = '';
    try {
      if (!/^wss?:$/.test(new URL(h.url).protocol)) problem = this.str.configUrl;
    } catch {
      problem = this.str.configUrl;
    }
    if (!h.avatarId.trim()) problem ||= this.str.configAvatar;
    if (problem !== this.configProblem) {
      this.configProblem = problem;
      if (problem) h.fail('config', problem, false);
      else if (h['problem'] === this.str.configUrl || h['problem'] === this.str.configAvatar) h['problem'] = '';
    }
    const want = !problem && !h.disabled && (h.layout !== 'floating' || h.open || this.connection.status !== 'idle');
    const c = this.connection;
    if (want !== c.autoConnect) {
      c.autoConnect = want;
      if (want) c.connect();
      else c.disconnect();
    } else if (want && changed.has('url') && changed.get('url') !== undefined) {
      c.disconnect();
      c.connect();
    }
    if (h.disabled && this.recorder.state !== 'inactive') this.cancelRecording();
  }

  private tokenSource(): TokenSource {
    const h = this.host;
    return { url: h.url, token: h.token, getToken: h.getToken, authUrl: h.authUrl, projectId: h.projectId, userId: this.user() };
  }

  private user(): string {
    const h = this.host;
    if (h.userId) return h.userId;
    if (!this.userId) {
      this.userId = (h.persist && loadUserId(h.avatarId)) || `anon-${uuid()}`;
      if (h.persist) saveUserId(h.avatarId, this.userId);
    }
    return this.userId;
  }

  private cfg(): TurnConfig {
    const h = this.host;
    const lang = h.language || h.closest('[lang]')?.getAttribute('lang') || 'en';
    return { avatarId: h.avatarId, userId: this.user(), language: lang, source: h.source || 'avatar-chat', session: h.session };
  }

  // ---------------------------------------------------------------- transcript
  private add(entry: Omit<ChatMessage, 'id' | 'time'> & { time?: number }): ChatMessage {
    const m = this.conversation.add(entry);
    this.changed();
    return m;
  }

  private patch(id: string, p: Partial<ChatMessage>) {
    if (this.conversation.update(id, p)) this.changed();
  }

  private changed() {
    const h = this.host;
    h.requestUpdate();
    if (h.persist && h.avatarId) saveChat(h.avatarId, this.conversation.messages, h.session);
  }

  private restore() {
    const h = this.host;
    this.restoredFor = h.avatarId;
    const { messages, session } = loadChat(h.avatarId);
    this.conversation.replace(
      messages.map(m => (m.state === 'queued' || m.state === 'failed' ? { ...m, state: undefined } : m)),
    );
    if (session && !h.session) h.session = session;
  }

  clear(): void {
    this.conversation.clear();
    this.frames.clear();
    this.changed();
  }

  // ---------------------------------------------------------------- turns out
  async sendText(text: string): Promise<ChatMessage | null> {
    const t = String(text ?? '').trim();
    if (!t) throw new Error(this.str.emptyText);
    return this.turn('text', textFrame(this.cfg(), t), { kind: 'text', text: t });
  }

  async sendAudio(audio: Blob | ArrayBuffer): Promise<ChatMessage | null> {
    let bytes: Uint8Array;
    let samples = 0;
    try {
      bytes = new Uint8Array(audio instanceof Blob ? await audio.arrayBuffer() : audio);
      const head = decodeWavHeader(bytes);
      if (head && head.sampleRate === RATE && head.channels === 1 && head.bitsPerSample === 16) {
        samples = head.dataBytes / 2;
      } else {
        const pcm = await decodeToMono16k(bytes);
        samples = pcm.length;
        bytes = encodeWav(pcm, RATE);
      }
    } catch (cause) {
      this.host.fail('send', this.str.audioUnreadable, true, cause, false);
      throw new Error(this.str.audioUnreadable);
    }
    return this.voiceTurn(bytes, (samples / RATE) * 1000);
  }

  private voiceTurn(wav: Uint8Array, durationMs: number) {
    const frame = voiceFrame(this.cfg(), toBase64(wav), this.host.voice !== 'vad');
    return this.turn('voice', frame, { kind: 'voice', text: '', durationMs });
  }

  private turn(kind: 'text' | 'voice', payload: Record<string, unknown>, entry: Pick<ChatMessage, 'kind' | 'text' | 'durationMs'>) {
    const h = this.host;
    if (this.configProblem) {
      h.fail('config', this.configProblem, false);
      throw new Error(this.configProblem);
    }
    if (!h.emit(new ev.AvatarChatSendEvent({ kind, payload }))) return null;
    h['player']?.unlock();
    const m = this.add({ role: 'user', state: 'queued', ...entry });
    this.frames.set(m.id, JSON.stringify(payload));
    for (const k of [...this.frames.keys()].slice(0, -KEEP_FRAMES)) this.frames.delete(k);
    this.deliver(m.id);
    return this.conversation.get(m.id) ?? m;
  }

  private deliver(id: string) {
    const r = this.connection.send(id, this.frames.get(id)!);
    this.patch(id, { state: r === 'full' ? 'failed' : r });
    if (r === 'full') {
      this.host.fail('send', this.str.outboxFull, true);
      throw new Error(this.str.outboxFull);
    }
  }

  onRetry = (e: Event) => {
    const id = detail<string>(e);
    if (!this.frames.has(id)) return this.patch(id, { state: undefined });
    try {
      this.deliver(id);
    } catch {
      /* reported */
    }
  };

  connect(): void {
    if (this.configProblem) return this.host.fail('config', this.configProblem, false);
    this.connection.autoConnect = !this.host.disabled;
    this.connection.connect();
  }

  // ---------------------------------------------------------------- replies in
  private onStatus(status: Status, attempt: number) {
    const h = this.host;
    for (const s of ['connecting', 'connected', 'reconnecting'] as const) h.setState(s, s === status);
    if (status === 'reconnecting' && !this.netProblem) {
      this.netProblem = true;
      h['problem'] = this.str.socketLost;
    } else if (status === 'connected' && this.netProblem) {
      this.netProblem = false;
      if (h['problem'] === this.str.socketLost) h['problem'] = '';
    }
    h.requestUpdate();
    h.emit(new ev.AvatarChatStatusEvent({ status, attempt }));
  }

  private onFrame(raw: unknown) {
    const h = this.host;
    const s = this.str;
    const f = parseServerFrame(raw);
    for (const p of f.problems) h.fail('protocol', s.protocolError, true, p, false);
    if (f.session && f.session !== h.session) {
      h.session = f.session;
      this.changed();
    }
    if (f.error) this.serverError(f.error);
    if (f.quoted) this.conversation.attachTranscript(f.quoted) && this.changed();
    if ((f.kind !== 'reply' && f.kind !== 'system') || (!f.text && !f.media)) return;
    const media = f.media && ('data' in f.media ? blobMedia(f.media) : f.media);
    const m = this.add({ role: f.kind === 'system' ? 'system' : 'avatar', kind: 'text', text: f.text, media, time: f.time });
    h.emit(new ev.AvatarChatMessageEvent({ message: m, raw }));
    if (m.role !== 'avatar') return;
    if (m.text) h.announce(m.text);
    if (m.media) void h['player']?.play(m.id, m.media, h.playback === 'auto');
  }

  private serverError(e: NonNullable<ReturnType<typeof parseServerFrame>['error']>) {
    const s = this.str;
    const text =
      { 402: s.server402, 401: s.server403, 403: s.server403, 503: s.server503, 504: s.server504 }[e.status ?? 0] ??
      (e.message ? format(s.serverError, { message: e.message }) : format(s.serverStatus, { status: e.status ?? '?' }));
    this.add({ role: 'system', kind: 'text', text });
    const last = [...this.conversation.messages].reverse().find(m => m.role === 'user');
    if (last?.state === 'sent' && e.status !== 401 && e.status !== 403) this.patch(last.id, { state: 'failed' });
    this.host.fail('server', text, e.recoverable, e, false);
    if (e.status === 401 || e.status === 403) this.connection.reauth();
  }

  // ---------------------------------------------------------------- player
  onReplay = (e: Event) => {
    const m = this.conversation.get(detail<string>(e));
    if (m?.media) void this.host['player'].play(m.id, m.media, true);
  };

  onReplyStart = (e: Event) => {
    const id = detail<string>(e);
    this.host['playingId'] = id;
    this.host.setState('playing', true);
    this.host.emit(new ev.AvatarChatReplyStartEvent({ messageId: id }));
  };

  onReplyEnd = (e: Event) => {
    const id = detail<string>(e);
    if (this.host['playingId'] !== id) return;
    this.host['playingId'] = '';
    this.host.setState('playing', false);
    this.host.emit(new ev.AvatarChatReplyEndEvent({ messageId: id }));
  };

  onPlaybackError = (e: Event) => {
    const d = detail<{ id: string; blocked: boolean; cause: unknown }>(e);
    const s = this.str;
    if (!d.blocked) this.add({ role: 'system', kind: 'text', text: s.mediaFailed });
    this.host.fail('playback', d.blocked ? s.playbackBlocked : s.mediaFailed, true, d.cause, false);
  };

  // ---------------------------------------------------------------- microphone
  async startRecording(): Promise<void> {
    const h = this.host;
    if (h.disabled || h.voice === 'off' || this.recorder.state !== 'inactive') return;
    if (activeRecorder && activeRecorder !== this) await activeRecorder.stopRecording();
    activeRecorder = this;
    h['player']?.stop(); // barge-in: the avatar never talks into the microphone
    h['player']?.unlock();
    h['hint'] = '';
    await this.recorder.start();
    if (this.recorder.state === 'inactive' && this.micProblem) throw new Error(this.micProblem);
  }

  async stopRecording(): Promise<void> {
    if (this.recorder.state !== 'inactive') await this.recorder.stop();
  }

  cancelRecording(): void {
    if (this.recorder.state !== 'inactive') this.recorder.cancel();
  }

  private onRecordStart() {
    const h = this.host;
    this.micProblem = '';
    this.startedAt = performance.now();
    this.stopTimer = window.setTimeout(() => void this.stopRecording(), h.maxRecording * 1000);
    this.tick = window.setInterval(() => h['mic'] && (h['mic'].elapsedMs = performance.now() - this.startedAt), 200);
    h.setState('recording', true);
    h.requestUpdate();
    h.emit(new ev.AvatarChatRecordStartEvent());
  }

  private async onRecordStop(r: { samples: Float32Array; durationMs: number; cancelled: boolean }) {
    const h = this.host;
    clearTimeout(this.stopTimer);
    clearInterval(this.tick);
    if (activeRecorder === this) activeRecorder = undefined;
    h.setState('recording', false);
    if (h['mic']) h['mic'].elapsedMs = 0;
    h.requestUpdate();
    let bytes = 0;
    let sent = false;
    if (!r.cancelled && r.samples.length) {
      const wav = encodeWav(r.samples, RATE);
      bytes = wav.length;
      try {
        sent = !!this.voiceTurn(wav, r.durationMs);
      } catch {
        /* reported; the entry keeps a retry button */
      }
    }
    h.emit(new ev.AvatarChatRecordStopEvent({ durationMs: r.durationMs, bytes, sent }));
  }

  private onMicError(code: 'mic-permission' | 'mic-unavailable' | 'worklet', reason: string, cause?: unknown) {
    const s = this.str;
    const text =
      code === 'worklet'
        ? s.workletBlocked
        : ({ denied: s.micDenied, 'no-device': s.micNoDevice, busy: s.micBusy, insecure: s.micInsecure, 'no-worklet': s.micNoWorklet }[
            reason
          ] ?? s.micFailed);
    this.micProblem = text;
    this.host.fail(code, text, false, cause);
  }

  onMicStart = () => void this.startRecording().catch(() => {});
  onMicStop = () => void this.stopRecording();
  onMicCancel = (e: Event) => {
    this.cancelRecording();
    if (detail<{ tooShort?: boolean } | null>(e)?.tooShort) this.host['hint'] = this.str.micTooShort;
  };
  onMicToggle = () => void (this.recorder.state === 'inactive' ? this.onMicStart() : this.stopRecording());
}

function blobMedia(m: { data: Uint8Array; mime: string; type: 'audio' | 'video' }): ChatMessage['media'] {
  return { url: URL.createObjectURL(new Blob([m.data as BlobPart], { type: m.mime })), type: m.type };
}

/** Decodes any audio the browser understands into 16 kHz mono (the browser's own sinc conversion). */
async function decodeToMono16k(bytes: Uint8Array): Promise<Float32Array> {
  const buf = await new OfflineAudioContext(1, 1, RATE).decodeAudioData(bytes.slice().buffer);
  const n = buf.numberOfChannels;
  const mono = new Float32Array(buf.length);
  for (let c = 0; c < n; c++) buf.getChannelData(c).forEach((v, i) => (mono[i] += v / n));
  return mono;
}
