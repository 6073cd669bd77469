import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import sinon from 'sinon';
import { CredentialsRefusedError } from '../../src/controllers/connection-controller.js';
import { hasToken, socketUrl, withToken, type TokenSource } from '../../src/controllers/token.js';

const uid = () => `u-${Math.random().toString(36).slice(2)}`;
const rejection = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('did not reject');
};
/** A fetch stub answering `status` with `body`, recording each request. */
const fakeFetch = (status: number, body: unknown) =>
  sinon.fake(
    async (_url: RequestInfo | URL, _init?: RequestInit) =>
      new Response(typeof body == 'string' ? body : JSON.stringify(body), { status }),
  );

describe('token', () => {
  describe('withToken', () => {
    it('appends ?token= or &token=, URL-encoded', () => {
      expect(withToken('wss://h.test/ws/chat', 'a b/+=')).to.equal('wss://h.test/ws/chat?token=a%20b%2F%2B%3D');
      expect(withToken('wss://h.test/ws/chat?x=1', 'abc')).to.equal('wss://h.test/ws/chat?x=1&token=abc');
      expect(withToken('wss://h.test/ws/chat?', 'abc')).to.equal('wss://h.test/ws/chat?token=abc');
    });

    it('replaces an existing token parameter and keeps the others as they were', () => {
      expect(withToken('wss://h.test/ws?token=old&x=%20y', 'new')).to.equal('wss://h.test/ws?x=%20y&token=new');
      expect(withToken('wss://h.test/ws?a=1&token&tokenx=2', 'new')).to.equal('wss://h.test/ws?a=1&tokenx=2&token=new');
      expect(withToken('wss://h.test/ws?a=1#frag', 't')).to.equal('wss://h.test/ws?a=1&token=t#frag');
    });
  });

  describe('socketUrl', () => {
    it('leaves the URL alone without a token source', async () => {
      const s = { url: 'wss://h.test/ws?token=x', userId: 'u' };
      expect(hasToken(s)).to.equal(false);
      expect(hasToken({ ...s, token: '' })).to.equal(false);
      expect(await socketUrl(s, false)).to.equal(s.url);
      expect(await socketUrl({ ...s, token: '' }, true)).to.equal(s.url);
    });

    it('uses the static token', async () => {
      const s = { url: 'wss://h.test/ws', userId: 'u', token: 'T1' };
      expect(hasToken(s)).to.equal(true);
      expect(await socketUrl(s, false)).to.equal('wss://h.test/ws?token=T1');
      expect(await socketUrl(s, true)).to.equal('wss://h.test/ws?token=T1');
    });

    it('calls getToken for every URL; it wins over auth-url and token', async () => {
      let n = 0;
      const fetch = fakeFetch(200, { jwt: 'from-auth' });
      const s: TokenSource = {
        url: 'wss://h.test/ws?c=1',
        userId: uid(),
        token: 'static',
        authUrl: 'https://auth.test/auth',
        getToken: async () => `g${++n}`,
        fetch,
      };
      expect(hasToken({ url: s.url, userId: 'u', getToken: s.getToken })).to.equal(true);
      expect(await socketUrl(s, false)).to.equal('wss://h.test/ws?c=1&token=g1');
      expect(await socketUrl(s, false)).to.equal('wss://h.test/ws?c=1&token=g2');
      expect(await socketUrl(s, true)).to.equal('wss://h.test/ws?c=1&token=g3');
      expect(fetch.callCount).to.equal(0);
    });

    it('rejects when getToken gives nothing or fails', async () => {
      const base = { url: 'wss://h.test/ws', userId: 'u' };
      expect((await rejection(socketUrl({ ...base, getToken: () => '' }, false))).message).to.equal('No token');
      const boom = new Error('page says no');
      expect(await rejection(socketUrl({ ...base, getToken: () => Promise.reject(boom) }, false))).to.equal(boom);
    });

    it('POSTs user_id and project_id as JSON to auth-url, caches the jwt until fresh, and wins over token', async () => {
      let n = 0;
      const fetch = sinon.fake(async (_u: RequestInfo | URL, _i?: RequestInit) =>
        Response.json({ result: 'success', jwt: `jwt-${++n}` }),
      );
      const userId = uid();
      const s: TokenSource = {
        url: 'wss://h.test/ws',
        userId,
        projectId: 'p1',
        authUrl: 'https://a.test/auth',
        token: 'x',
        fetch,
      };
      expect(await socketUrl(s, false)).to.equal('wss://h.test/ws?token=jwt-1');
      expect(await socketUrl(s, false)).to.equal('wss://h.test/ws?token=jwt-1');
      expect(fetch.callCount).to.equal(1);
      expect(await socketUrl(s, true)).to.equal('wss://h.test/ws?token=jwt-2');
      expect(await socketUrl(s, false)).to.equal('wss://h.test/ws?token=jwt-2');
      expect(fetch.callCount).to.equal(2);
      const [url, init] = fetch.firstCall.args;
      expect(url).to.equal('https://a.test/auth');
      expect(init?.method).to.equal('POST');
      expect(new Headers(init?.headers).get('content-type')).to.equal('application/json');
      expect(init?.body).to.equal(`{"user_id":"${userId}","project_id":"p1"}`);
      await socketUrl({ ...s, projectId: undefined, userId: 'other' }, false);
      expect(fetch.lastCall.args[1]?.body).to.equal('{"user_id":"other"}');
    });

    it('rejects with a plain message, without the token, on HTTP errors and answers without a jwt', async () => {
      const s = { url: 'wss://h.test/ws', userId: uid(), authUrl: 'https://a.test/auth' };
      const cases: [number, unknown, string][] = [
        [401, { result: 'error', jwt: 'SECRET-1' }, 'Token request failed (HTTP 401)'],
        [500, 'oops SECRET-2', 'Token request failed (HTTP 500)'],
        [200, { result: 'success' }, 'Token response has no jwt'],
        [200, { jwt: 42 }, 'Token response has no jwt'],
        [200, 'not json SECRET-3', 'Token response has no jwt'],
      ];
      for (const [status, body, message] of cases) {
        const e = await rejection(socketUrl({ ...s, fetch: fakeFetch(status, body) }, false));
        expect(e.message).to.equal(message);
        expect(String(e) + JSON.stringify(e)).not.to.contain('SECRET');
      }
      const down = await rejection(
        socketUrl({ ...s, fetch: () => Promise.reject(new TypeError('Failed to fetch')) }, false),
      );
      expect(down.message).to.equal('Failed to fetch');
    });

    it('only a 400/401/403 from auth-url is a refusal; a 5xx, a 404 or a network failure is not', async () => {
      const s = { url: 'wss://h.test/ws', userId: uid(), authUrl: 'https://a.test/auth' };
      for (const status of [400, 401, 403]) {
        const e = await rejection(socketUrl({ ...s, fetch: fakeFetch(status, {}) }, true));
        expect(e, `HTTP ${status}`).to.be.instanceOf(CredentialsRefusedError);
        expect((e as CredentialsRefusedError).code).to.equal('auth');
      }
      for (const status of [404, 429, 500, 502, 503, 504]) {
        const e = await rejection(socketUrl({ ...s, fetch: fakeFetch(status, {}) }, true));
        expect(e, `HTTP ${status}`).not.to.be.instanceOf(CredentialsRefusedError);
        expect(e.message).to.equal(`Token request failed (HTTP ${status})`);
      }
      const down = await rejection(socketUrl({ ...s, fetch: () => Promise.reject(new TypeError('x')) }, true));
      expect(down).not.to.be.instanceOf(CredentialsRefusedError);
    });

    it('a getToken that throws with a status of 400/401/403 is a refusal; other failures are not', async () => {
      const base = { url: 'wss://h.test/ws', userId: 'u' };
      const failing = (status?: number) => () => Promise.reject(Object.assign(new Error('no'), { status }));
      for (const status of [400, 401, 403]) {
        const e = await rejection(socketUrl({ ...base, getToken: failing(status) }, false));
        expect(e).to.be.instanceOf(CredentialsRefusedError);
        expect(e.message).to.equal(`getToken refused (HTTP ${status})`);
      }
      for (const status of [undefined, 500, 503]) {
        const e = await rejection(socketUrl({ ...base, getToken: failing(status) }, false));
        expect(e).not.to.be.instanceOf(CredentialsRefusedError);
      }
    });

    it('gets a token from the reference server and the server accepts it', async () => {
      const origin = await executeServerCommand<string, unknown>('chat-origin');
      const client = `tok-${Math.random().toString(36).slice(2)}`;
      await executeServerCommand('chat-behaviour', { client, requireToken: true });
      const s: TokenSource = {
        url: `${origin.replace(/^http/, 'ws')}/ws/chat?client=${client}`,
        authUrl: `${origin}/auth?client=${client}`,
        userId: uid(),
        projectId: 'p1',
      };
      const url = await socketUrl(s, false);
      expect(url).to.match(new RegExp(`^ws://[^?]+/ws/chat\\?client=${client}&token=[\\w.-]+$`));
      expect(await socketUrl(s, false)).to.equal(url);
      expect(await executeServerCommand('chat-auth-calls', { client })).to.equal(1);
      expect(await executeServerCommand('chat-log', { client })).to.deep.equal(['auth ok with project_id']);
      const opened = (u: string) =>
        new Promise<boolean>(resolve => {
          const ws = new WebSocket(u);
          ws.onopen = () => (ws.close(1000), resolve(true));
          ws.onclose = () => resolve(false);
        });
      expect(await opened(url)).to.equal(true);
      expect(await opened(s.url)).to.equal(false); // the server really checks it
      const fresh = await socketUrl(s, true);
      expect(fresh).not.to.equal(url);
      expect(await executeServerCommand('chat-auth-calls', { client })).to.equal(2);
      await executeServerCommand('chat-behaviour', { client, authStatus: 403 });
      const e = await rejection(socketUrl(s, true));
      expect(e.message).to.equal('Token request failed (HTTP 403)');
    });
  });
});
