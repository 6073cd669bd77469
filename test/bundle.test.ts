import { expect, waitUntil } from '@open-wc/testing';
import { deepPart } from './dist/frame.js';
import { newClient, waitForFrames } from './helpers/chat.js';

// Runs in its own page: loads the built one-file script like a site owner would.
describe('dist/avatar-chat.js (classic script)', () => {
  it('defines <avatar-chat> and does a text turn end to end', async () => {
    await new Promise<void>((res, rej) => {
      const s = document.createElement('script');
      s.src = '/dist/avatar-chat.js';
      s.onload = () => res();
      s.onerror = () => rej(new Error('dist/avatar-chat.js did not load: run npm run build'));
      document.head.append(s);
    });
    const { client, url } = await newClient('bundle');
    const el = document.createElement('avatar-chat') as HTMLElement & { send(t: string): Promise<unknown> };
    el.setAttribute('url', url);
    el.setAttribute('avatar-id', 'bundle-avatar');
    document.body.append(el);
    await waitUntil(() => (el as unknown as { status: string }).status === 'connected');
    await el.send('from the bundle');
    const [frame] = await waitForFrames(client);
    expect(JSON.parse(frame)).to.include({ avatar_id: 'bundle-avatar', request: 'from the bundle', isLive: false });
    await waitUntil(() => deepPart(el, 'transcript')!.textContent!.includes('You said'));
    el.remove();
  });
});
