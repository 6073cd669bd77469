/** The one host for a controller under test: a Lit element of a fresh tag, with no behaviour of its own. */
import { LitElement } from 'lit';

let hosts = 0;

/**
 * A new, unattached host element. It renders what `render` returns into its shadow root (nothing without it).
 * Attach it with `document.body.append(host)`, or `await fixture(html`${host}`)` to have it removed after the test.
 */
export function controllerHost({ render }: { render?: () => unknown } = {}): LitElement {
  const tag = `controller-host-${hosts++}-${Math.random().toString(36).slice(2)}`;
  customElements.define(
    tag,
    class extends LitElement {
      override render() {
        return render?.();
      }
    },
  );
  return document.createElement(tag) as LitElement;
}
