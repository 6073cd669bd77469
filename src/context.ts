import { createContext } from '@lit/context';
import type { Strings } from './strings.js';

/** The resolved user-visible strings, provided by <avatar-chat> to the elements in its shadow tree. */
export const stringsContext = createContext<Strings>('avatar-chat/strings');
