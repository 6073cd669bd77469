// Media emulation for Firefox over WebDriver BiDi: what Chromium does over CDP (emulateMedia's Emulation.
// setEmulatedMedia, wtr/media-plugin.mjs's touch emulation), done with the user preferences Firefox's media queries
// read. puppeteer's BiDi page answers emulateMediaFeatures with "CDP support is required", and Firefox ESR has no
// BiDi emulation command for either feature (emulation.setTouchOverride is an unknown command). So a script in the
// browser's own (chrome) scope sets the preference, which needs Firefox started with --remote-allow-system-access;
// then the page waits until its own matchMedia sees the new value (a preference reaches the page a moment later).
//
// Preferences (modules/libpref/init/StaticPrefList.yaml): ui.prefersReducedMotion (0 no-preference, 1 reduce),
// ui.primaryPointerCapabilities (bits: 1 coarse, 2 fine, 4 hover; unset: the device's).

/** Firefox's launch argument that lets WebDriver BiDi reach the browser's chrome scope. */
export const SYSTEM_ACCESS_ARG = '--remote-allow-system-access';

const REDUCED_MOTION = { 'no-preference': 0, reduce: 1 };
const COARSE_POINTER = 1; // a touch screen: coarse, no hover

/**
 * Gives a puppeteer BiDi page of Firefox `emulateMediaFeatures` (as puppeteer's CDP page has it; only
 * prefers-reduced-motion) and `emulatePointer('coarse' | 'fine')` (wtr/media-plugin.mjs calls it).
 * @param {import('puppeteer-core').Page} page
 */
export function addFirefoxEmulation(page) {
  // puppeteer-core's BiDi objects (pinned version): the page's browsing context, and the session that sends commands
  const session = () => page.mainFrame().browsingContext.userContext.browser.session;

  /** Runs `expression` in the browser's chrome scope (where `Services` is). */
  async function inChrome(expression) {
    const { result } = await session().send('browsingContext.getTree', { 'moz:scope': 'chrome' });
    const { result: evaluated } = await session().send('script.evaluate', {
      expression,
      target: { context: result.contexts[0].context },
      awaitPromise: false,
    });
    if (evaluated.type !== 'success') {
      throw new Error(`${expression}: ${evaluated.exceptionDetails?.text ?? evaluated.type}`);
    }
  }
  const setIntPref = (name, value) => inChrome(`Services.prefs.setIntPref(${JSON.stringify(name)}, ${Number(value)})`);
  const clearPref = name => inChrome(`Services.prefs.clearUserPref(${JSON.stringify(name)})`);
  /** Until the page's media queries see the change. */
  const until = query => page.waitForFunction(q => matchMedia(q).matches, { timeout: 5000, polling: 'raf' }, query);

  return Object.assign(page, {
    /** @param {{ name: string, value: string }[]} features */
    async emulateMediaFeatures(features = []) {
      for (const { name, value = 'no-preference' } of features) {
        if (name !== 'prefers-reduced-motion') throw new Error(`Firefox emulation: ${name} is not supported`);
        if (!(value in REDUCED_MOTION)) throw new Error(`Firefox emulation: ${name}: ${value} is not supported`);
        await setIntPref('ui.prefersReducedMotion', REDUCED_MOTION[value]);
        await until(`(${name}: ${value})`);
      }
    },
    /**
     * `coarse`: a touch screen's primary pointer; `fine`: the browser's own again (as Chromium's touch emulation
     * turned off; headless Firefox says `pointer: none`, neither coarse nor fine).
     * @param {'coarse' | 'fine'} value
     */
    async emulatePointer(value) {
      if (value === 'coarse') await setIntPref('ui.primaryPointerCapabilities', COARSE_POINTER);
      else if (value === 'fine') await clearPref('ui.primaryPointerCapabilities');
      else throw new Error(`emulate-pointer: ${value} is not coarse or fine`);
      await until(value === 'coarse' ? '(pointer: coarse)' : 'not (pointer: coarse)');
    },
  });
}
