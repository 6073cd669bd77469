/** Port messages between the capture worklet and the main thread (types only, plus the processor name). */

/** Name the capture processor is registered under. */
export const CAPTURE_PROCESSOR = 'avatar-chat-capture';

/** Worklet → main. */
export type WorkletMessage =
  /**
   * Every ~20 ms: the 16 kHz mono Float32 samples since the previous frame (transferred), the RMS level of that
   * input, and the worklet's `currentTime` (s) when it was posted.
   */
  | { type: 'frame'; data: ArrayBuffer; level: number; time: number }
  /** Answer to 'stop': every remaining sample has been posted; the processor has ended. */
  | { type: 'done' };

/** Main → worklet. */
export type ControlMessage = { type: 'stop' };
