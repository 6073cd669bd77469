/** Calls an optional page callback; what it throws is logged, never thrown into the controller. */
export function call<A extends unknown[]>(f: ((...a: A) => void) | undefined, ...a: A): void {
  try {
    f?.(...a);
  } catch (e) {
    console.error(e);
  }
}
