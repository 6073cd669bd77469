/**
 * The engine the tests run in: Chromium (npm test), Firefox ESR or WebKitGTK (npm run test:browsers), and what each
 * one's fake microphone gives getUserMedia, for the tests that measure it.
 */
import sinon from 'sinon';
import { toneStream } from './audio.js';

export type Engine = 'chromium' | 'firefox' | 'webkit';

const ua = navigator.userAgent;
export const engine: Engine = / Firefox\//.test(ua) ? 'firefox' : / Chrome\//.test(ua) ? 'chromium' : 'webkit';

/**
 * The fake microphone's tone where it is a known one: Chromium plays wtr/fake-mic.mjs's file (1 kHz at 0.5) through
 * its echo cancellation, noise suppression and gain control (about 43 % comes out); Firefox's fake device is a
 * fixed 1 kHz tone at 0.1 that ignores the processing constraints. WebKit's mock microphone is not a steady tone
 * (null): tests that look for the tone feed a known signal instead (knownMicrophone()).
 */
export const FAKE_MIC_TONE: Record<Engine, { hz: number; amp: [min: number, max: number] } | null> = {
  chromium: { hz: 1000, amp: [0.1, 0.5] },
  firefox: { hz: 1000, amp: [0.095, 0.105] },
  webkit: null,
};

/**
 * A microphone with a known 1 kHz tone: getUserMedia where the fake microphone is one (FAKE_MIC_TONE), else a tone
 * stream (1 kHz at 0.5) from an AudioContext of its own, fed to the capture path in its place. `tone` says what to
 * expect; close() ends the tone streams made.
 */
export function knownMicrophone() {
  const made: ReturnType<typeof toneStream>[] = [];
  const devices = navigator.mediaDevices;
  const getUserMedia = devices.getUserMedia.bind(devices);
  const getStream = async (constraints?: MediaStreamConstraints): Promise<MediaStream> => {
    if (FAKE_MIC_TONE[engine]) return getUserMedia(constraints);
    const src = toneStream([{ hz: 1000, amp: 0.5 }]);
    made.push(src);
    return src.stream;
  };
  return {
    tone: FAKE_MIC_TONE[engine] ?? { hz: 1000, amp: [0.45, 0.55] as [number, number] },
    getStream,
    /** Element tests: where the fake microphone is no known tone, getUserMedia answers with the tone stream. */
    install() {
      if (!FAKE_MIC_TONE[engine]) sinon.stub(devices, 'getUserMedia').callsFake(getStream);
    },
    close: () => Promise.all(made.splice(0).map(src => src.close())),
  };
}

/**
 * Whether the runner can emulate the media features the tests set (prefers-reduced-motion, a touch screen's
 * `pointer: coarse`): Chromium over CDP (emulateMedia, wtr/media-plugin.mjs), Firefox through its preferences
 * (wtr/firefox-emulation.mjs). WebKitWebDriver has no command for either, and WebKitGTK takes both from GTK and the X
 * server's devices, fixed for the browser's life: there the tests see the engine's own (no preference, a mouse).
 */
export const EMULATES_MEDIA = engine !== 'webkit';
