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
  /** Times (ms): loud since, previous update, turn start, last loud update; loud time in the turn. */
  private onset?: number;
  private prev?: number;
  private begin!: number;
  private last!: number;
  private voiced!: number;

  constructor(opts: Partial<VadOptions> = {}) {
    this.o = { ...VAD_DEFAULTS, ...opts };
    this.floor = this.o.floor;
  }

  get threshold(): number {
    return this.floor + this.o.margin;
  }

  /** Back to silence (the noise floor is kept). */
  reset(): void {
    this.speaking = false;
    this.onset = this.prev = undefined;
  }

  update(level: number, t: number): VadEvent | null {
    const o = this.o,
      loud = level > this.threshold,
      dt = t - (this.prev ?? t);
    this.prev = t;
    this.floor = level < this.floor ? level : this.floor + (level - this.floor) * Math.min(1, dt / o.riseMs);
    if (this.speaking) {
      if (loud) {
        this.last = t;
        this.voiced += dt;
      }
      const max = t - this.begin >= o.maxMs;
      if (!max && t - this.last < o.endMs) return null;
      this.reset();
      return max || this.voiced >= o.minSpeechMs ? 'end' : 'discard';
    }
    const onset = (this.onset = loud ? (this.onset ?? t) : undefined);
    if (onset === undefined || t - onset < o.startMs) return null;
    this.speaking = true;
    this.begin = onset;
    this.last = t;
    this.voiced = t - onset;
    return 'start';
  }
}
