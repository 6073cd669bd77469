/**
 * Reading the service's JSON answers (configuration, history) into typed values. Pure: no DOM, no globals.
 * Defensive: every field is read one by one into new plain objects (a `__proto__` key is never copied), values of the
 * wrong type are left out and each is named in `problems`, icon and media URLs must be http(s).
 */
import { mediaTypeOfPath } from '../protocol/parse.js';
import { httpUrl } from './urls.js';

export interface ServiceAvatar {
  id: string;
  name?: string;
  greetingText?: string;
  /** http(s) URLs only. */
  previewIcons: { small?: string; medium?: string; large?: string };
}
export interface ServiceLanguage {
  code: string;
  /** The service's name for it, else the code. */
  name: string;
}
export interface ServiceConfig {
  session?: string;
  avatars: ServiceAvatar[];
  languages: ServiceLanguage[];
  vadEnabled?: boolean;
  /** A plain copy of the service's JSON without any token field and without `__proto__` keys (for `avatar-chat-config`). */
  json: Record<string, unknown>;
  /** What was left out and why, one sentence each (for the site owner). */
  problems: string[];
}

/** A transcript-entry-shaped record of history (structurally a `ChatMessage`). */
export interface HistoryEntry {
  id: string;
  role: 'user' | 'avatar';
  kind: 'text' | 'voice';
  text: string;
  media?: { url: string; type: 'audio' | 'video' };
  /** ms epoch */
  time: number;
}
export interface HistoryRecord {
  id: string;
  direction?: string;
  request?: string;
  answer?: string;
  /** ms epoch */
  date: number;
  chatType?: string;
  fileUrl?: string;
}
export interface HistoryPage {
  page: number;
  /** Oldest first. */
  records: HistoryRecord[];
  /** The records as transcript entries: each record's request (user), then its answer (avatar); oldest first. */
  entries: HistoryEntry[];
  hasMore: boolean;
  problems: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const own = (o: Obj, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined);
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
/** An id: a non-blank string, or a finite number as text. */
const idOf = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : text(v));
const LANGUAGE_CODE = /^[a-z]{2,8}(?:[-_][a-z\d]{1,8})*$/i;
const SECRET_KEYS = new Set(['jwt', 'token', 'access_token']);
const MAX_COPY_DEPTH = 20;

/** A plain deep copy of JSON data: no `__proto__` keys, no token fields, nothing deeper than 20 levels. */
export function plainCopy(value: unknown, depth = 0): unknown {
  if (depth > MAX_COPY_DEPTH) return undefined;
  if (Array.isArray(value)) return value.map(v => plainCopy(v, depth + 1));
  if (!isObj(value)) return value;
  const copy: Obj = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__' || SECRET_KEYS.has(key.toLowerCase())) continue;
    copy[key] = plainCopy(value[key], depth + 1);
  }
  return copy;
}

/**
 * The configuration from `GET {service}/connection` (element-api.md): `{ session, avatars_info: [{ _id | id, name,
 * greetingText, previewIcons }], languages: [{ name, language_code | code }], vadEnabled }`. Undefined when the
 * answer is not an object at all.
 */
export function readConfiguration(json: unknown, base: URL): ServiceConfig | undefined {
  if (!isObj(json)) return undefined;
  const problems: string[] = [];
  const config: ServiceConfig = { avatars: [], languages: [], json: plainCopy(json) as Obj, problems };

  const session = own(json, 'session');
  if (text(session)) config.session = text(session);
  else if (session !== undefined && session !== null) problems.push('session is not a non-empty string: ignored');

  const avatars = own(json, 'avatars_info');
  if (Array.isArray(avatars)) avatars.forEach((a, i) => readAvatar(a, i, base, config));
  else if (avatars !== undefined) problems.push('avatars_info is not a list: no avatar from the service');

  const languages = own(json, 'languages');
  if (Array.isArray(languages)) languages.forEach((l, i) => readLanguage(l, i, config));
  else if (languages !== undefined) problems.push('languages is not a list: no language list from the service');

  const vad = own(json, 'vadEnabled');
  if (typeof vad === 'boolean') config.vadEnabled = vad;
  else if (vad !== undefined && vad !== null) problems.push('vadEnabled is not true or false: ignored');
  return config;
}

function readAvatar(a: unknown, i: number, base: URL, config: ServiceConfig) {
  const where = `avatars_info[${i}]`;
  if (!isObj(a)) {
    config.problems.push(`${where} is not an object: ignored`);
    return;
  }
  const id = idOf(own(a, '_id')) ?? idOf(own(a, 'id'));
  if (!id) {
    config.problems.push(`${where} has no _id or id: ignored`);
    return;
  }
  const avatar: ServiceAvatar = { id, previewIcons: {} };
  for (const field of ['name', 'greetingText'] as const) {
    const value = own(a, field);
    if (text(value)) avatar[field] = text(value);
    else if (value !== undefined && value !== null) config.problems.push(`${where}.${field} is not text: ignored`);
  }
  const icons = own(a, 'previewIcons');
  if (isObj(icons)) {
    for (const size of ['small', 'medium', 'large'] as const) {
      const value = own(icons, size);
      if (value === undefined || value === null) continue;
      const url = httpUrl(value, base);
      if (url) avatar.previewIcons[size] = url;
      else config.problems.push(`${where}.previewIcons.${size} is not an http(s) URL: ignored`);
    }
  } else if (icons !== undefined && icons !== null)
    config.problems.push(`${where}.previewIcons is not an object: ignored`);
  config.avatars.push(avatar);
}

function readLanguage(l: unknown, i: number, config: ServiceConfig) {
  const where = `languages[${i}]`;
  if (!isObj(l)) {
    config.problems.push(`${where} is not an object: ignored`);
    return;
  }
  const code = text(own(l, 'language_code')) ?? text(own(l, 'code'));
  if (!code || !LANGUAGE_CODE.test(code)) {
    config.problems.push(`${where} has no language_code or code that is a language tag: ignored`);
    return;
  }
  if (config.languages.some(known => known.code.toLowerCase() === code.toLowerCase())) return;
  config.languages.push({ code, name: text(own(l, 'name')) ?? code });
}

/** The avatar's picture for `poster`: the largest preview icon it has. */
export const posterOf = (avatar: ServiceAvatar | undefined): string | undefined =>
  avatar && (avatar.previewIcons.large ?? avatar.previewIcons.medium ?? avatar.previewIcons.small);

/**
 * One page of `GET {service}/chat` (`{ payload: [{ _id, direction, request, answer?, date, chat_type, fileUrl? }],
 * has_more_messages }`). Undefined when the answer is not an object with a `payload` list. Records are put oldest
 * first whatever order the service sends. A record's `fileUrl` goes with its answer (the avatar's media), or with
 * the request when there is no answer; history media never autoplays (the element's rule).
 */
export function readHistory(json: unknown, page: number, base: URL, now: () => number): HistoryPage | undefined {
  if (!isObj(json) || !Array.isArray(own(json, 'payload'))) return undefined;
  const problems: string[] = [];
  const payload = own(json, 'payload') as unknown[];
  const records: HistoryRecord[] = [];
  payload.forEach((r, i) => {
    const record = readRecord(r, `payload[${i}]`, { page, index: i, base, now, problems });
    if (record) records.push(record);
  });
  // newest-first pages (the usual database order) are reversed; then a stable sort by date
  if (records.length > 1 && records[0].date > records[records.length - 1].date) records.reverse();
  records.sort((a, b) => a.date - b.date);
  const more = own(json, 'has_more_messages');
  if (more !== undefined && typeof more !== 'boolean')
    problems.push('has_more_messages is not true or false: read as false');
  return { page, records, entries: records.flatMap(toEntries), hasMore: more === true, problems };
}

interface RecordContext {
  page: number;
  index: number;
  base: URL;
  now: () => number;
  problems: string[];
}

function readRecord(r: unknown, where: string, c: RecordContext): HistoryRecord | undefined {
  if (!isObj(r)) {
    c.problems.push(`${where} is not an object: ignored`);
    return undefined;
  }
  const request = text(own(r, 'request'));
  const answer = text(own(r, 'answer'));
  if (!request && !answer) {
    c.problems.push(`${where} has neither request nor answer text: ignored`);
    return undefined;
  }
  const rawDate = own(r, 'date');
  let date = typeof rawDate === 'number' ? rawDate : typeof rawDate === 'string' ? Date.parse(rawDate) : NaN;
  if (date > 0 && date < 1e12) date *= 1000; // seconds
  if (!(date > 0 && date < 8.64e15)) {
    c.problems.push(`${where}.date is not a time in ms: shown as now`);
    date = c.now();
  }
  const record: HistoryRecord = { id: idOf(own(r, '_id')) ?? `history-${c.page}-${c.index}`, date: Math.round(date) };
  if (request) record.request = request;
  if (answer) record.answer = answer;
  const direction = text(own(r, 'direction'));
  if (direction) record.direction = direction;
  const chatType = text(own(r, 'chat_type'));
  if (chatType) record.chatType = chatType.toLowerCase();
  const file = own(r, 'fileUrl');
  if (file !== undefined && file !== null && file !== '') {
    const url = httpUrl(file, c.base);
    if (url) record.fileUrl = url;
    else c.problems.push(`${where}.fileUrl is not an http(s) URL: ignored`);
  }
  return record;
}

function toEntries(r: HistoryRecord): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  const media = r.fileUrl
    ? {
        url: r.fileUrl,
        type: mediaTypeOfPath(new URL(r.fileUrl).pathname) ?? (r.chatType === 'video' ? 'video' : 'audio'),
      }
    : undefined;
  if (r.request) {
    const user: HistoryEntry = {
      id: `${r.id}:request`,
      role: 'user',
      kind: r.chatType === 'voice' ? 'voice' : 'text',
      text: r.request,
      time: r.date,
    };
    if (media && !r.answer) user.media = media;
    entries.push(user);
  }
  if (r.answer) {
    const avatar: HistoryEntry = { id: `${r.id}:answer`, role: 'avatar', kind: 'text', text: r.answer, time: r.date };
    if (media) avatar.media = media;
    entries.push(avatar);
  }
  return entries;
}
