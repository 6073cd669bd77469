// The browser tests in WebKitGTK (Debian's webkit2gtk-driver: WebKitWebDriver and MiniBrowser), the engine family of
// Safari. Run through scripts/browsers.sh (npm run test:browsers): it starts Xvfb, a PulseAudio null sink (Web Audio
// needs an audio output) and WebKitWebDriver on WEBKIT_WEBDRIVER_PORT.
// AVATAR_CHAT_TESTS=bundle runs the element-level tests against the built module instead of the sources.
import { webdriverLauncher } from '@web/test-runner-webdriver';
import { targetConfig } from './wtr/shared-config.mjs';
import { asPuppeteerLauncher } from './wtr/webdriver-page.mjs';

const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

const launcher = webdriverLauncher({
  automationProtocol: 'webdriver',
  hostname: '127.0.0.1',
  port: Number(process.env.WEBKIT_WEBDRIVER_PORT ?? 4444),
  path: '/',
  logLevel: 'error',
  capabilities: {
    browserName: 'MiniBrowser',
    'wdio:enforceWebDriverClassic': true, // no webSocketUrl (BiDi): WebKitWebDriver 2.50 refuses such a session
    'webkitgtk:browserOptions': {
      binary: MINIBROWSER,
      args: [
        '--automation',
        '--enable-media-stream=true',
        '--enable-mock-capture-devices=true', // getUserMedia: "Mock audio device 1" (not a steady tone)
        '--enable-webaudio=true',
        '--media-playback-requires-user-gesture=false',
        '--autoplay-policy=allow',
      ],
    },
  },
});

export default { ...targetConfig(), browsers: [asPuppeteerLauncher(launcher)] };
