// Web Test Runner plugin: a real touch screen for the tests. From the browser:
// executeServerCommand('touch', { type: 'start' | 'move' | 'end', x, y }) with viewport coordinates.
// Puppeteer-driven browsers use puppeteer's touchscreen: Chromium over CDP (Input.dispatchTouchEvent), Firefox over
// WebDriver BiDi (input.performActions with a "touch" pointer). WebDriver launchers (WebKit: WebKitWebDriver) get
// W3C pointer actions with pointerType "touch" (wtr/webdriver-page.mjs, whose puppeteer-shaped page also serves it
// to web-test-runner.webkit.config.mjs). Either way the page sees the touchstart/pointerdown sequence a finger gives.
import { w3cTouchscreen } from './webdriver-page.mjs';

/** The session's touch screen, or an error that says which launcher has none. */
function touchscreen(session) {
  const { browser } = session;
  if (browser.type === 'puppeteer') return browser.getPage(session.id).touchscreen;
  if (browser.type === 'webdriver') return w3cTouchscreen(() => browser.driver);
  throw new Error(`touch is not supported for browser type ${browser.type}`);
}

export function touchPlugin() {
  return {
    name: 'touch',
    async executeCommand({ command, payload, session }) {
      if (command !== 'touch') return undefined;
      const touch = touchscreen(session);
      const { type, x, y } = payload;
      if (type === 'start') await touch.touchStart(x, y);
      else if (type === 'move') await touch.touchMove(x, y);
      else if (type === 'end') await touch.touchEnd();
      else throw new Error(`touch: unknown type ${type}`);
      return true;
    },
  };
}
