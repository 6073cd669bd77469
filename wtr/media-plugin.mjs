// Web Test Runner plugin: a touch screen's primary pointer (`pointer: coarse`) for the tests.
// From the browser: executeServerCommand('emulate-pointer', 'coarse' | 'fine'). Chromium's media emulation
// (emulateMedia, Emulation.setEmulatedMedia) does not cover `pointer`; touch emulation does (as DevTools' device
// mode): Emulation.setTouchEmulationEnabled, on one CDP session per page that stays attached (an emulation ends
// with its session). Firefox: the page's own emulatePointer (wtr/firefox-emulation.mjs).
export function mediaPlugin() {
  const sessions = new WeakMap();
  return {
    name: 'emulate-pointer',
    async executeCommand({ command, payload, session }) {
      if (command !== 'emulate-pointer') return undefined;
      if (session.browser.type !== 'puppeteer') {
        throw new Error(`emulate-pointer is not supported for browser type ${session.browser.type}`);
      }
      const page = session.browser.getPage(session.id);
      if (page.emulatePointer) return page.emulatePointer(payload).then(() => true); // wtr/firefox-emulation.mjs
      if (!sessions.has(page)) sessions.set(page, await page.createCDPSession());
      const enabled = payload === 'coarse';
      await sessions
        .get(page)
        .send('Emulation.setTouchEmulationEnabled', enabled ? { enabled, maxTouchPoints: 1 } : { enabled });
      return true;
    },
  };
}
