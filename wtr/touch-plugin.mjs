// Web Test Runner plugin: a real touch screen for the tests. From the browser:
// executeServerCommand('touch', { type: 'start' | 'move' | 'end', x, y }) with viewport coordinates.
// Puppeteer-driven browsers (Chromium over CDP, Firefox over BiDi) use puppeteer's touchscreen, which sends
// Input.dispatchTouchEvent: the page sees the same touchstart/pointerdown sequence a finger gives.
export function touchPlugin() {
  return {
    name: 'touch',
    async executeCommand({ command, payload, session }) {
      if (command !== 'touch') return undefined;
      if (session.browser.type !== 'puppeteer') {
        throw new Error(`touch is not supported for browser type ${session.browser.type}`);
      }
      const touch = session.browser.getPage(session.id).touchscreen;
      const { type, x, y } = payload;
      if (type === 'start') await touch.touchStart(x, y);
      else if (type === 'move') await touch.touchMove(x, y);
      else if (type === 'end') await touch.touchEnd();
      else throw new Error(`touch: unknown type ${type}`);
      return true;
    },
  };
}
