import type { PropertyValues, ReactiveController } from 'lit';
import type { AvatarChat } from '../avatar-chat.js';
import { decodeWavHeader, encodeWav, toBase64 } from '../audio/wav.js';
import { Conversation, uuid, type ChatMessage } from '../conversation.js';
import * as ev from '../events.js';
import type { ErrorCode, Status } from '../names.js';
import { loadChat, loadUserId, saveChat, saveUserId } from '../persist.js';
import { textFrame, voiceFrame } from '../protocol/frames.js';
import type { FrameError } from '../protocol/messages.js';
import { parseServerFrame } from '../protocol/parse.js';
import { format, type Strings } from '../strings.js';
import { ConnectionController } from './connection-controller.js';
import { MicController, type MicAction } from './mic-controller.js';
import { PlayerController } from './player-controller.js';
import { RecorderController, type Recording } from './recorder-controller.js';
import { hasToken, socketUrl, type TokenSource } from './token.js';

const RATE = 16000;
/** Frames kept for the retry button (the newest turns). */
const KEEP_FRAMES = 20;
/** Only one widget on a page records at a time. */
let active: TurnController | undefined;

type Entry = Omit<ChatMessage, 'id' | 'time'> & { time?: number };
const isBlob = (m: ChatMessage) => !!m.media?.url.startsWith('blob:');
const revoke = (m: ChatMessage) => isBlob(m) && URL.revokeObjectURL(m.media!.url);

/**
 * The conversation: turns out (text, voice, retry, outbox), replies in (parse, transcript, player), configuration,
 * persistence. Owns the connection, recorder, player and mic controllers; the element renders and forwards.
 */
export class TurnController implements ReactiveController {
  readonly conversation = new Conversation(revoke);
  readonly connection: ConnectionController;
  readonly recorder: RecorderController;
  readonly player: PlayerController;
  readonly mic: MicController;
  /** Why the mic cannot be used ('' when it can). */
  micProblem = '';
  private readonly frames = new Map<string, string>();
  private config = '';
  private userId = '';
  private restored = '';

  constructor(private readonly host: AvatarChat) {
    host.addController(this);
    const c = (this.connection = new ConnectionController(host, {
      url: fresh => socketUrl(this.tokens(), fresh),
      usesToken: () => hasToken(this.tokens()),
      onStatus: (s, attempt) => this.onStatus(s, attempt),
      onFrame: data => this.onFrame(data),
      onError: (code, _m, recoverable, cause) =>
        this.fail(code, code === 'auth' ? 'authFailed' : 'socketLost', recoverable, cause),
      onTurnState: (id, state) => this.patch(id, { state }),
    }));
    c.autoConnect = false;
    this.recorder = new RecorderController(host, {
      workletUrl: () => host.workletUrl || undefined,
      maxMs: () => host.maxRecording * 1000,
      onLevel: level => this.mic.level(level, this.recorder.durationMs),
      onStart: () => this.onOpen(),
      onSpeech: e => e === 'start' && host.emit(new ev.AvatarChatRecordStartEvent()),
      onStop: r => this.onRecorded(r),
      onError: (code, reason, cause) => {
        const s = this.str;
        const key =
          code === 'worklet'
            ? 'workletBlocked'
            : ((
                {
                  denied: 'micDenied',
                  'no-device': 'micNoDevice',
                  busy: 'micBusy',
                  insecure: 'micInsecure',
                  'no-worklet': 'micNoWorklet',
                } as const
              )[reason as 'denied'] ?? 'micFailed');
        this.micProblem = s[key];
        this.fail(code, key, false, cause);
      },
    });
    this.player = new PlayerController(host, {
      onReply: (id, start) => this.onReply(id, start),
      onError: (blocked, cause) => this.onPlaybackError(blocked, cause),
    });
    this.mic = new MicController(host, {
      state: () => ({
        mode: host.voice === 'vad' ? 'vad' : 'push-to-talk',
        recording: host.recording,
        disabled: host.disabled,
        unavailable: this.micProblem,
        strings: host.str,
      }),
      on: a => this.onMic(a),
    });
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    // Removed, not moved: Blob URLs would outlive the element until the page unloads. Revoke them; entries keep their text.
    Promise.resolve().then(() => {
      const c = this.conversation;
      if (this.host.isConnected || !c.messages.some(isBlob)) return;
      c.replace(c.messages.map(m => (isBlob(m) ? { ...m, media: undefined } : m)));
      this.changed();
    });
  }

  private get str(): Strings {
    return this.host.str;
  }

  private fail(code: ErrorCode, key: keyof Strings, recoverable: boolean, cause?: unknown, show = true) {
    this.host.fail(code, this.str[key], recoverable, cause, show);
  }

  // ---------------------------------------------------------------- configuration
  /** Applies attribute changes (called from the element's willUpdate). */
  configure(changed: PropertyValues<AvatarChat>): void {
    const h = this.host;
    const s = this.str;
    if (h.persist && h.avatarId && this.restored !== h.avatarId) this.restore();
    let problem: keyof Strings | '' = '';
    try {
      if (!/^wss?:$/.test(new URL(h.url).protocol)) problem = 'configUrl';
    } catch {
      problem = 'configUrl';
    }
    if (!h.avatarId.trim()) problem ||= 'configAvatar';
    const text = problem && s[problem];
    if (text !== this.config) {
      if (text) this.fail('config', problem as keyof Strings, false);
      else if (h.problem === this.config) h.problem = '';
      this.config = text;
    }
    const c = this.connection;
    const want = !text && !h.disabled && (h.layout !== 'floating' || h.open || c.status !== 'idle');
    if (want !== c.autoConnect || (want && changed.has('url') && changed.get('url') !== undefined)) {
      c.autoConnect = want;
      c.disconnect();
      if (want) c.connect();
    }
    // No mic button (voice off) or no input (disabled): a hold or a listening session ends, nothing is sent.
    if (h.disabled || h.voice === 'off') {
      this.mic.cancel();
      this.recorder.cancel();
    }
  }

  private tokens(): TokenSource {
    const h = this.host;
    return {
      url: h.url,
      token: h.token,
      getToken: h.getToken,
      authUrl: h.authUrl,
      projectId: h.projectId,
      userId: this.user(),
    };
  }

  private user(): string {
    const h = this.host;
    if (!h.userId && !this.userId) {
      this.userId = (h.persist && loadUserId(h.avatarId)) || `anon-${uuid()}`;
      if (h.persist) saveUserId(h.avatarId, this.userId);
    }
    return h.userId || this.userId;
  }

  connect(): void {
    if (this.config) return this.host.fail('config', this.config, false);
    this.connection.autoConnect = !this.host.disabled;
    this.connection.connect();
  }

  // ---------------------------------------------------------------- transcript
  private add(entry: Entry): ChatMessage {
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
    const { messages, session } = loadChat((this.restored = h.avatarId));
    this.conversation.replace(messages.map(m => (m.state === 'sent' ? m : { ...m, state: undefined })));
    h.session ||= session ?? '';
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
    return this.turn('text', textFrame(this.cfg(), t), { text: t });
  }

  async sendAudio(audio: Blob | ArrayBuffer): Promise<ChatMessage | null> {
    let wav: Uint8Array;
    try {
      wav = new Uint8Array(audio instanceof Blob ? await audio.arrayBuffer() : audio);
      const h = decodeWavHeader(wav);
      if (h?.format !== 1 || h.sampleRate !== RATE || h.channels !== 1 || h.bitsPerSample !== 16) {
        const buf = await new OfflineAudioContext(1, 1, RATE).decodeAudioData(wav.slice().buffer);
        const n = buf.numberOfChannels;
        const mono = new Float32Array(buf.length);
        for (let c = 0; c < n; c++) buf.getChannelData(c).forEach((v, i) => (mono[i] += v / n));
        wav = encodeWav(mono, RATE);
      }
    } catch (cause) {
      this.fail('send', 'audioUnreadable', true, cause, false);
      throw new Error(this.str.audioUnreadable, { cause });
    }
    return this.voice(wav);
  }

  private voice(wav: Uint8Array) {
    const frame = voiceFrame(this.cfg(), toBase64(wav), this.host.voice !== 'vad');
    return this.turn('voice', frame, {
      kind: 'voice',
      text: '',
      durationMs: (decodeWavHeader(wav)!.dataBytes / 2 / RATE) * 1000,
    });
  }

  private cfg() {
    const h = this.host;
    const language = h.language || h.closest('[lang]')?.getAttribute('lang') || 'en';
    return {
      avatarId: h.avatarId,
      userId: this.user(),
      language,
      source: h.source || 'avatar-chat',
      session: h.session,
    };
  }

  private turn(kind: 'text' | 'voice', payload: Record<string, unknown>, entry: Partial<ChatMessage>) {
    const h = this.host;
    if (this.config) {
      h.fail('config', this.config, false);
      throw new Error(this.config);
    }
    if (!h.emit(new ev.AvatarChatSendEvent({ kind, payload }))) return null;
    this.player.unlock();
    const m = this.add({ role: 'user', kind, text: '', state: 'queued', ...entry });
    this.frames.set(m.id, JSON.stringify(payload));
    for (const k of [...this.frames.keys()].slice(0, -KEEP_FRAMES)) this.frames.delete(k);
    this.deliver(m.id);
    return this.conversation.get(m.id)!;
  }

  private deliver(id: string) {
    const r = this.connection.send(id, this.frames.get(id)!);
    this.patch(id, { state: r === 'full' ? 'failed' : r });
    if (r === 'full') {
      this.fail('send', 'outboxFull', true);
      throw new Error(this.str.outboxFull);
    }
  }

  onRetry(id: string): void {
    if (!this.frames.has(id)) return this.patch(id, { state: undefined });
    try {
      this.deliver(id);
    } catch {
      /* reported; stays failed */
    }
  }

  // ---------------------------------------------------------------- replies in
  private onStatus(status: Status, attempt: number) {
    const h = this.host;
    const lost = this.str.socketLost;
    for (const s of ['connecting', 'connected', 'reconnecting'] as const) h.setState(s, s === status);
    if (status === 'connected' && h.problem === lost) h.problem = '';
    h.requestUpdate();
    h.emit(new ev.AvatarChatStatusEvent({ status, attempt }));
  }

  private onFrame(raw: unknown) {
    const h = this.host;
    const f = parseServerFrame(raw, { baseUrl: h.url.replace(/^ws/, 'http') }); // relative media: the service's host
    for (const p of f.problems) this.fail('protocol', 'protocolError', true, p, false);
    if (f.session && f.session !== h.session) {
      h.session = f.session;
      this.changed();
    }
    if (f.error) this.serverError(f.error);
    if (f.quoted && this.conversation.attachTranscript(f.quoted)) this.changed();
    if ((f.kind !== 'reply' && f.kind !== 'system') || (!f.text && !f.media)) return;
    const media =
      f.media && 'data' in f.media
        ? { url: URL.createObjectURL(new Blob([f.media.data as BlobPart], { type: f.media.mime })), type: f.media.type }
        : f.media;
    const m = this.add({
      role: f.kind === 'system' ? 'system' : 'avatar',
      kind: 'text',
      text: f.text,
      media,
      time: f.time,
    });
    h.emit(new ev.AvatarChatMessageEvent({ message: m, raw }));
    if (m.role !== 'avatar') return;
    if (m.text) h.announce(m.text);
    if (media) void this.player.play(m.id, media, h.playback === 'auto');
  }

  private serverError(e: FrameError) {
    const s = this.str;
    const st = e.status ?? 0;
    const auth = st === 401 || st === 403;
    const text =
      { 402: s.server402, 401: s.server403, 403: s.server403, 503: s.server503, 504: s.server504 }[st] ??
      (e.message ? format(s.serverError, { message: e.message }) : format(s.serverStatus, { status: st }));
    this.add({ role: 'system', kind: 'text', text });
    const last = this.conversation.messages.findLast(m => m.role === 'user');
    if (last?.state === 'sent' && !auth) this.patch(last.id, { state: 'failed' });
    this.host.fail('server', text, e.recoverable, e, false);
    if (auth) this.connection.reauth();
  }

  // ---------------------------------------------------------------- player
  onReplay(id: string): void {
    const m = this.conversation.get(id);
    if (m?.media) void this.player.play(m.id, m.media, true);
  }

  private onReply(id: string, start: boolean) {
    const h = this.host;
    if (!start && h.playingId !== id) return;
    h.playingId = start ? id : '';
    h.setState('playing', start);
    this.recorder.paused = start; // hands-free: the avatar is not heard as the user
    h.emit(new (start ? ev.AvatarChatReplyStartEvent : ev.AvatarChatReplyEndEvent)({ messageId: id }));
  }

  private onPlaybackError(blocked: boolean, cause: unknown) {
    if (!blocked) this.add({ role: 'system', kind: 'text', text: this.str.mediaFailed });
    this.fail('playback', blocked ? 'playbackBlocked' : 'mediaFailed', true, cause, false);
  }

  // ---------------------------------------------------------------- microphone
  async startRecording(): Promise<void> {
    const h = this.host;
    if (h.disabled || h.voice === 'off' || this.recorder.state !== 'inactive') return;
    if (active && active !== this) await active.stopRecording();
    active = this; // eslint-disable-line @typescript-eslint/no-this-alias -- the one recording widget on the page
    this.player.stop(); // barge-in: the avatar never talks into the microphone
    this.player.unlock();
    await this.recorder.start(h.voice === 'vad' ? 'vad' : 'push-to-talk');
    if (this.recorder.state === 'inactive') throw new Error(this.micProblem);
  }

  stopRecording(): Promise<void> {
    return this.recorder.stop();
  }

  cancelRecording(): void {
    this.recorder.cancel();
  }

  /** Hiding the page ends the recording and sends what was said. */
  private onVisibility = () => {
    if (document.visibilityState === 'hidden' && this.recorder.state !== 'inactive') void this.stopRecording();
  };

  private onOpen() {
    const h = this.host;
    this.micProblem = '';
    h.setState('recording', true);
    if (h.voice !== 'vad') h.emit(new ev.AvatarChatRecordStartEvent());
  }

  private onRecorded(r: Recording) {
    const h = this.host;
    const open = this.recorder.state !== 'inactive';
    if (!open) {
      if (active === this) active = undefined;
      h.setState('recording', false);
      this.mic.level(0, 0);
    }
    h.requestUpdate();
    let bytes = 0;
    let sent = false;
    if (!r.cancelled && r.samples.length) {
      const wav = encodeWav(r.samples, RATE);
      bytes = wav.length;
      try {
        sent = !!this.voice(wav);
      } catch {
        /* reported; the entry keeps a retry button */
      }
    }
    if (r.durationMs || !open) h.emit(new ev.AvatarChatRecordStopEvent({ durationMs: r.durationMs, bytes, sent }));
  }

  private onMic(a: MicAction) {
    if (a === 'start' || (a === 'toggle' && this.recorder.state === 'inactive'))
      return void this.startRecording().catch(() => {});
    if (a === 'cancel') this.cancelRecording();
    else void this.stopRecording();
  }
}
