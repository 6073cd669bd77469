import { LitElement } from 'lit';
import {
  configContext,
  consume,
  snapshotContext,
  stringsContext,
  type ChatConfig,
  type ChatSnapshot,
} from '../context.js';
import { defaultStrings, type Strings } from '../strings.js';

/** The contexts a sub-element can read. */
export type ChatPartContext = 'snapshot' | 'strings' | 'config';

/** What a sub-element renders before <avatar-chat> provides the first values (or outside one, in unit tests). */
export const DEFAULTS = {
  snapshot: { messages: [], playingId: '', recording: false, micProblem: '' } as ChatSnapshot,
  config: { greeting: '', poster: '', placeholder: '', voice: 'push-to-talk', disabled: false } as ChatConfig,
};

/**
 * The base of <avatar-chat>'s sub-elements: reads the snapshot, strings and configuration from context (each new
 * value renders the sub-element again). A sub-element that does not render the snapshot leaves it out of `contexts`,
 * so that the conversation's changes do not render it.
 */
export class ChatPartElement extends LitElement {
  static override properties = {
    snapshot: { attribute: false },
    strings: { attribute: false },
    config: { attribute: false },
  };

  /** The contexts this sub-element reads. */
  static contexts: readonly ChatPartContext[] = ['snapshot', 'strings', 'config'];

  snapshot: ChatSnapshot = DEFAULTS.snapshot;
  strings: Strings = defaultStrings;
  config: ChatConfig = DEFAULTS.config;

  constructor() {
    super();
    const { contexts } = this.constructor as typeof ChatPartElement;
    if (contexts.includes('snapshot')) {
      consume(this, snapshotContext, snapshot => {
        this.snapshot = snapshot;
      });
    }
    if (contexts.includes('strings')) {
      consume(this, stringsContext, strings => {
        this.strings = strings;
      });
    }
    if (contexts.includes('config')) {
      consume(this, configContext, config => {
        this.config = config;
      });
    }
  }
}
