/** Voice activity detection from a stream of levels (RMS) and their times. Pure: no DOM, no globals. */

export interface VadOptions {
  /** Noise floor to start from (RMS) [0.005]; the start threshold is `floor + margin`. */
  floor: number;
  /** Margin above the noise floor (RMS) [0.015]. */
  margin: number;
  /** The level must stay above the threshold this long to start a turn (ms) [100]. */
  startMs: number;
  /** A turn ends after this long below the threshold (ms) [900]. */
  endMs: number;
  /** Turns with less speech than this are discarded (ms) [300]. */
  minSpeechMs: number;
  /** A turn ends at this length (ms) [30000]. */
  maxMs: number;
  /** Time constant of the noise floor's rise (ms) [3000]; it falls at once to any lower level. */
  riseMs: number;
}

export type VadEvent = 'start' | 'end' | 'discard';

export const VAD_DEFAULTS: VadOptions = {
  floor: 0.005,
  margin: 0.015,
  startMs: 100,
  endMs: 900,
  minSpeechMs: 300,
  maxMs: 30000,
  riseMs: 3000,
};

/** `update(level, timeMs)` returns 'start' when speech begins, then 'end' (send) or 'discard' (too short). */
export class Vad {
  readonly options: VadOptions;
  /** Current noise floor estimate (minimum tracking, slow rise). */
  floor: number;
  /** True between 'start' and 'end'/'discard'. */
  speaking = false;
  // Times (ms): loud since, previous update, turn start, last loud update; loud time in the turn.
  #onset: number | undefined;
  #previous: number | undefined;
  #begin = 0;
  #lastLoud = 0;
  #voiced = 0;

  get threshold(): number {
    return this.floor + this.options.margin;
  }

  constructor(options: Partial<VadOptions> = {}) {
    this.options = { ...VAD_DEFAULTS, ...options };
    this.floor = this.options.floor;
  }

  /** Back to silence (the noise floor is kept). */
  reset(): void {
    this.speaking = false;
    this.#onset = undefined;
    this.#previous = undefined;
  }

  update(level: number, t: number): VadEvent | null {
    const { riseMs, maxMs, endMs, minSpeechMs, startMs } = this.options;
    const loud = level > this.threshold;
    const dt = t - (this.#previous ?? t);
    const floor = this.floor;
    this.#previous = t;
    this.floor = level < floor ? level : floor + (level - floor) * Math.min(1, dt / riseMs);
    if (this.speaking) {
      if (loud) {
        this.#lastLoud = t;
        this.#voiced += dt;
      }
      const tooLong = t - this.#begin >= maxMs;
      if (!tooLong && t - this.#lastLoud < endMs) return null;
      this.reset();
      return tooLong || this.#voiced >= minSpeechMs ? 'end' : 'discard';
    }
    this.#onset = loud ? (this.#onset ?? t) : undefined;
    if (this.#onset === undefined || t - this.#onset < startMs) return null;
    this.speaking = true;
    this.#begin = this.#onset;
    this.#lastLoud = t;
    this.#voiced = t - this.#onset;
    return 'start';
  }
}
