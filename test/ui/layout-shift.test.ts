// No layout jumps while replies play: the stage keeps one size for the whole conversation. Layout shifts are what
// the browser reports to a `layout-shift` PerformanceObserver (the Cumulative Layout Shift of web-vitals), summed
// over a video reply (a WebM recorded in the page from a canvas) and an audio reply (the server's reply.wav).
import { expect, waitUntil } from '@open-wc/testing';
import type { AvatarChat } from '../../src/avatar-chat.js';
import { push } from '../helpers/chat.js';
import { engine } from '../helpers/engine.js';
import { connected, deepAll, part, settled, shown } from './ui.js';

const POSTER =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 120"><rect width="200" height="120"/></svg>',
  );

/** 1.2 s of a 320×180 canvas recorded as WebM (no sound). */
async function recordCanvas(): Promise<Blob> {
  const canvas = Object.assign(document.createElement('canvas'), { width: 320, height: 180 });
  const g = canvas.getContext('2d')!;
  const recorder = new MediaRecorder(canvas.captureStream(30), { mimeType: 'video/webm;codecs=vp8' });
  const chunks: Blob[] = [];
  recorder.ondataavailable = e => chunks.push(e.data);
  const done = new Promise(resolve => (recorder.onstop = resolve));
  recorder.start();
  const t0 = performance.now();
  while (performance.now() - t0 < 1200) {
    g.fillStyle = `hsl(${(performance.now() - t0) / 4} 70% 50%)`;
    g.fillRect(0, 0, 320, 180);
    await new Promise(requestAnimationFrame);
  }
  recorder.stop();
  await done;
  return new Blob(chunks, { type: 'video/webm' });
}

/**
 * A 1.2 s 320×180 WebM video (no sound) as a data: URL, recorded from a canvas; where the engine records nothing
 * (WebKitGTK: "The MediaRecorder is unsupported on this platform") such a recording made in Chromium, kept as
 * test/fixtures/canvas-1200ms.webm.
 */
async function videoDataUrl(): Promise<string> {
  let video: Blob;
  try {
    video = await recordCanvas();
  } catch (error) {
    if ((error as Error).name !== 'NotSupportedError') throw error;
    const recorded = await (await fetch(new URL('../fixtures/canvas-1200ms.webm', import.meta.url))).arrayBuffer();
    video = new Blob([recorded], { type: 'video/webm' });
  }
  const reader = new FileReader();
  const read = new Promise(resolve => (reader.onload = resolve));
  reader.readAsDataURL(video);
  await read;
  return reader.result as string;
}

/**
 * Chromium reports `layout-shift` entries; Firefox and WebKit have none, so there the sum stays 0 whatever moves and
 * the measured boxes each test also checks (stage height, where the indicator shows) carry the test.
 */
const REPORTS_SHIFTS = PerformanceObserver.supportedEntryTypes.includes('layout-shift');

/** Sums the layout shifts from now until `stop()`. */
function watchShifts() {
  // npm test (Chromium) must really measure: a sum that cannot be anything but 0 proves nothing.
  if (engine === 'chromium') expect(REPORTS_SHIFTS, 'Chromium reports layout-shift entries').to.be.true;
  let total = 0;
  const observer = new PerformanceObserver(list => {
    for (const entry of list.getEntries() as (PerformanceEntry & { value: number })[]) total += entry.value;
  });
  if (REPORTS_SHIFTS) observer.observe({ type: 'layout-shift' });
  return {
    stop: async () => {
      await new Promise(requestAnimationFrame);
      for (const entry of observer.takeRecords() as (PerformanceEntry & { value: number })[]) total += entry.value;
      observer.disconnect();
      return total;
    },
  };
}

const playerHeight = (el: AvatarChat) => part(el, 'player')!.getBoundingClientRect().height;
/** The header's speaking indicator (in <avatar-chat-header>'s shadow root), or null. */
const headerWave = (el: AvatarChat) => deepAll(el.shadowRoot!, 'header .wave')[0] ?? null;

/** Pushes a reply with media and waits until it has played to its end. */
async function playReply(el: AvatarChat, client: string, fileUrl: string, during?: () => void) {
  const ended = new Promise(resolve => el.addEventListener('avatar-chat-reply-end', resolve, { once: true }));
  await push(client, { type: 'incoming', answer: 'Here you go.', fileUrl });
  await waitUntil(() => el.matches(':state(playing)'), 'playing', { timeout: 6000 });
  await settled(el);
  during?.();
  await ended;
  await settled(el);
}

describe('no layout jumps while replies play', () => {
  let video = '';
  before(async () => {
    video = await videoDataUrl();
  });

  it('with a poster: a video reply then an audio reply shift nothing; the stage keeps its size', async () => {
    // a panel 320 px wide: the poster (5:3) and the video (16:9) would be of different heights at full width
    const wrap = { style: 'height: 560px; width: 320px' };
    const { el, client, origin } = await connected({ poster: POSTER }, { wrap });
    const size = playerHeight(el);
    expect(size).to.be.greaterThan(100);
    const shifts = watchShifts();
    const heights: number[] = [];
    await playReply(el, client, video, () => {
      expect(shown(part(el, 'video'))).to.be.true;
      heights.push(playerHeight(el));
    });
    heights.push(playerHeight(el));
    await playReply(el, client, `${origin}/media/reply.wav`, () => heights.push(playerHeight(el)));
    heights.push(playerHeight(el));
    expect(await shifts.stop()).to.be.below(0.001);
    for (const height of heights) expect(height).to.be.closeTo(size, 0.5);
  });

  it('without a poster: an audio reply shows the speaking indicator in the header, and no stage', async () => {
    const { el, client, origin } = await connected({}, { wrap: { style: 'height: 560px' } });
    expect(shown(part(el, 'player'))).to.be.false;
    const shifts = watchShifts();
    let during = false;
    await playReply(el, client, `${origin}/media/reply.wav`, () => {
      during = shown(headerWave(el)) && !shown(part(el, 'player'));
      expect(headerWave(el)!.getAttribute('aria-label')).to.equal('Speaking…');
    });
    expect(during, 'header indicator, no stage while playing').to.be.true;
    expect(headerWave(el)).to.equal(null);
    expect(await shifts.stop()).to.be.below(0.001);
  });

  it('without a poster: the first video brings the stage, which then stays (no jump back, none for audio)', async () => {
    const { el, client, origin } = await connected({}, { wrap: { style: 'height: 560px' } });
    await playReply(el, client, video, () => expect(shown(part(el, 'player'))).to.be.true);
    expect(shown(part(el, 'player'))).to.be.true;
    const size = playerHeight(el);
    const shifts = watchShifts();
    await playReply(el, client, `${origin}/media/reply.wav`, () => expect(headerWave(el)).to.equal(null));
    expect(playerHeight(el)).to.be.closeTo(size, 0.5);
    expect(await shifts.stop()).to.be.below(0.001);
    expect(deepAll(el.shadowRoot!, '.stage .wave')).to.have.length(0);
  });
});
