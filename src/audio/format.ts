/** The audio format on the wire: every voice turn is 16-bit PCM mono WAV at this rate (protocol.md). */
export const WIRE_SAMPLE_RATE = 16000;

/** Samples per millisecond at the wire rate (exactly 16). */
export const SAMPLES_PER_MS = WIRE_SAMPLE_RATE / 1000;
