/** The `language` rule of element-api.md. Pure. */

export interface PickLanguageInput {
  /** The `language` attribute (wins, as written, when set). */
  attribute?: string | null;
  /** The nearest `lang` up the tree (`''` or undefined when none). */
  pageLang?: string | null;
  /** The service's language codes, in its order. */
  serviceCodes?: readonly string[];
}

const DEFAULT_LANGUAGE = 'en';
/** A language tag's primary subtag (`de-DE` → `de`, `zh_Hant` → `zh`), lower-cased; undefined for a non-tag. */
const primary = (tag: string) => /^([a-z]{2,8})(?:[-_][a-z\d]{1,8})*$/i.exec(tag.trim())?.[1].toLowerCase();
const same = (a: string, b: string) =>
  a.trim().replace(/_/g, '-').toLowerCase() === b.trim().replace(/_/g, '-').toLowerCase();

/**
 * The language to send: the attribute as written when set; else the service's entry matching the page's `lang`
 * exactly, then by primary subtag (`de-DE` page → `de`; `de` page → `de-DE`); else the page's primary subtag; else
 * `en` (matched against the service's list the same way, so a service listing `en-US` gets `en-US`).
 */
export function pickLanguage({ attribute, pageLang, serviceCodes = [] }: PickLanguageInput): string {
  if (attribute && attribute.trim()) return attribute;
  const lang = pageLang && primary(pageLang) ? pageLang.trim() : DEFAULT_LANGUAGE;
  const subtag = primary(lang)!;
  return serviceCodes.find(code => same(code, lang)) ?? serviceCodes.find(code => primary(code) === subtag) ?? subtag;
}
