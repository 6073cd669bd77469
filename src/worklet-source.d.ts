declare module 'avatar-chat:worklet-source' {
  /** The capture worklet's source text (built by scripts/worklet.mjs). */
  const source: string;
  export default source;
}
