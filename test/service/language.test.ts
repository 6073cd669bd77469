import { expect } from '@open-wc/testing';
import { pickLanguage, type PickLanguageInput } from '../../src/service/language.js';

// element-api.md, `language`: set → as written; unset → the service's entry matching the nearest lang exactly, then
// by primary subtag; else the primary subtag; else en.
const rows: [name: string, input: PickLanguageInput, expected: string][] = [
  ['the attribute as written', { attribute: 'de-AT', pageLang: 'fr', serviceCodes: ['de'] }, 'de-AT'],
  ['the attribute even when the service lists another', { attribute: 'xx', serviceCodes: ['en'] }, 'xx'],
  ['a blank attribute counts as unset', { attribute: ' ', pageLang: 'fr-CA' }, 'fr'],
  ['page de-DE, no list → de', { pageLang: 'de-DE' }, 'de'],
  ['page de-DE, service lists de', { pageLang: 'de-DE', serviceCodes: ['en', 'de', 'fr'] }, 'de'],
  ['exact match first', { pageLang: 'pt-BR', serviceCodes: ['pt-PT', 'pt-BR'] }, 'pt-BR'],
  ['then by primary subtag, in the service order', { pageLang: 'pt', serviceCodes: ['pt-PT', 'pt-BR'] }, 'pt-PT'],
  ['exact match ignores case and _', { pageLang: 'zh-hant', serviceCodes: ['zh_Hant', 'zh'] }, 'zh_Hant'],
  ["the service's spelling is kept", { pageLang: 'de', serviceCodes: ['DE'] }, 'DE'],
  ['no match in the list → the primary subtag', { pageLang: 'it-IT', serviceCodes: ['en', 'de'] }, 'it'],
  ['primary subtag is lower-cased', { pageLang: 'EN-GB' }, 'en'],
  ['no lang → en', {}, 'en'],
  ['empty lang → en', { pageLang: '' }, 'en'],
  ['a lang that is not a tag → en', { pageLang: '12 monkeys' }, 'en'],
  ['no lang, the service lists en-US → en-US', { serviceCodes: ['de', 'en-US'] }, 'en-US'],
  ['no lang, the service lacks en → en', { serviceCodes: ['de', 'fr'] }, 'en'],
];

describe('pickLanguage', () => {
  for (const [name, input, expected] of rows) it(name, () => expect(pickLanguage(input)).to.equal(expected));
});
