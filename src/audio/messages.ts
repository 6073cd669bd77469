/** Port messages between the capture worklet and the main thread (types only, plus the processor name). */

/** Name the capture processor is registered under. */
export const CAPTURE_PROCESSOR = 'avatar-chat-capture';

/** Worklet → main. */
export type WorkletMessage =
  /** 16 kHz mono Float32 samples (transferred). */
  | { type: 'frame'; data: ArrayBuffer }
  /** RMS of the mono input since the last level; `time` is the worklet's `currentTime` (s). */
  | { type: 'level'; level: number; time: number }
  /** Answer to 'stop': every remaining sample has been posted. */
  | { type: 'done' };

/** Main → worklet. */
export type ControlMessage = { type: 'stop' };

/** `processorOptions` of the capture node. */
export interface CaptureOptions {
  /** Samples per posted frame at 16 kHz [320 = 20 ms]. */
  frameSize?: number;
  /** Level messages per second [50]. */
  levelRate?: number;
}
