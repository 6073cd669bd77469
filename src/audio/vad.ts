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
  readonly o: VadOptions;
  /** Current noise floor estimate (minimum tracking, slow rise). */
  floor: number;
  /** True between 'start' and 'end'/'discard'. */
  speaking = false;
  /** Back to silence (the noise floor is kept). */
  readonly reset: () => void;
  readonly update: (level: number, t: number) => VadEvent | null;

  get threshold(): number {
    return this.floor + this.o.margin;
  }

  constructor(opts: Partial<VadOptions> = {}) {
    const o = (this.o = { ...VAD_DEFAULTS, ...opts });
    this.floor = o.floor;
    // Times (ms), in the constructor's closure: loud since, previous update, turn start, last loud update; loud
    // time in the turn.
    let onset: number | undefined, prev: number | undefined, begin: number, last: number, voiced: number;
    this.reset = () => {
      this.speaking = false;
      onset = prev = undefined;
    };
    this.update = (level, t) => {
      const loud = level > this.threshold,
        dt = t - (prev ?? t),
        floor = this.floor;
      prev = t;
      this.floor = level < floor ? level : floor + (level - floor) * Math.min(1, dt / o.riseMs);
      if (this.speaking) {
        if (loud) {
          last = t;
          voiced += dt;
        }
        const max = t - begin >= o.maxMs;
        if (!max && t - last < o.endMs) return null;
        this.reset();
        return max || voiced >= o.minSpeechMs ? 'end' : 'discard';
      }
      onset = loud ? (onset ?? t) : undefined;
      if (onset === undefined || t - onset < o.startMs) return null;
      this.speaking = true;
      begin = onset;
      last = t;
      voiced = t - onset;
      return 'start';
    };
  }
}
