// A puppeteer-shaped page for a WebDriver (classic) launcher, so that the commands the tests use — sendKeys,
// sendMouse, resetMouse, setViewport (@web/test-runner-commands) and touch (wtr/touch-plugin.mjs) — drive WebKit
// through W3C actions the same way they drive Chromium and Firefox through puppeteer.
//
// Why not the launcher's own webdriver support: @web/test-runner-commands only presses and types over WebDriver
// (no key down/up, no viewport), and types with webdriverio's keys(), which sends every keyDown before any keyUp
// (WebKit then drops the second "l" of "hello"). Its built-in command plugins run before the project's, so the
// launcher presents itself as a puppeteer one and answers getPage() with this page. One session at a time
// (concurrency 1): every action goes to the launcher's single driver.

/** W3C WebDriver key codes for the named keys the tests press (other keys are their own character). */
const W3C_KEYS = {
  Backspace: '\uE003',
  Tab: '\uE004',
  Enter: '\uE007',
  Shift: '\uE008',
  Control: '\uE009',
  Alt: '\uE00A',
  Escape: '\uE00C',
  Space: ' ',
  ArrowLeft: '\uE012',
  ArrowUp: '\uE013',
  ArrowRight: '\uE014',
  ArrowDown: '\uE015',
};
const MOUSE_BUTTONS = { left: 0, middle: 1, right: 2 };

const move = (x, y) => ({ type: 'pointerMove', duration: 0, origin: 'viewport', x: Math.round(x), y: Math.round(y) });

/**
 * A finger on a touch screen, puppeteer's touchscreen API over W3C pointer actions with pointerType "touch" (the page
 * sees pointerdown/touchstart with pointerType "touch"). Also used by wtr/touch-plugin.mjs for WebDriver launchers.
 * @param {() => WebdriverIO.Browser} driver
 */
export function w3cTouchscreen(driver) {
  const finger = (...actions) =>
    driver().performActions([{ type: 'pointer', id: 'finger', parameters: { pointerType: 'touch' }, actions }]);
  return {
    touchStart: (x, y) => finger(move(x, y), { type: 'pointerDown', button: 0 }),
    touchMove: (x, y) => finger(move(x, y)),
    touchEnd: () => finger({ type: 'pointerUp', button: 0 }),
  };
}

/** @param {import('@web/test-runner-webdriver').WebdriverLauncher} launcher */
export function asPuppeteerLauncher(launcher) {
  const perform = actions => launcher.driver.performActions(actions);
  const keys = (...actions) => perform([{ type: 'key', id: 'keyboard', actions }]);
  const mouse = (...actions) =>
    perform([{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }]);
  const key = name => W3C_KEYS[name] ?? name;

  const page = {
    keyboard: {
      down: name => keys({ type: 'keyDown', value: key(name) }),
      up: name => keys({ type: 'keyUp', value: key(name) }),
      press: name => keys({ type: 'keyDown', value: key(name) }, { type: 'keyUp', value: key(name) }),
      /** One key action per character: each key goes up before the next goes down, as a person types. */
      async type(text) {
        for (const c of text) await page.keyboard.press(c);
      },
    },
    mouse: {
      move: (x, y) => mouse(move(x, y)),
      down: ({ button = 'left' } = {}) => mouse({ type: 'pointerDown', button: MOUSE_BUTTONS[button] }),
      up: ({ button = 'left' } = {}) => mouse({ type: 'pointerUp', button: MOUSE_BUTTONS[button] }),
      click: (x, y, { button = 'left' } = {}) =>
        mouse(
          move(x, y),
          { type: 'pointerDown', button: MOUSE_BUTTONS[button] },
          { type: 'pointerUp', button: MOUSE_BUTTONS[button] },
        ),
      /** Releases whatever the tests pressed (keys, buttons, fingers) and parks the mouse at the top left corner. */
      async reset() {
        await launcher.driver.releaseActions();
        await mouse(move(0, 0));
      },
    },
    touchscreen: w3cTouchscreen(() => launcher.driver),
    /** The viewport (not the window) at this size: resize the window, then correct by the browser's own chrome. */
    async setViewport({ width, height }) {
      const { driver } = launcher;
      await driver.setWindowSize(width, height);
      const [innerWidth, innerHeight] = await driver.execute(() => [window.innerWidth, window.innerHeight]);
      if (innerWidth !== width || innerHeight !== height) {
        await driver.setWindowSize(2 * width - innerWidth, 2 * height - innerHeight);
      }
    },
  };
  return Object.assign(launcher, { type: 'puppeteer', getPage: () => page });
}
