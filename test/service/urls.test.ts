import { expect } from '@open-wc/testing';
import { httpUrl, parseServiceUrl, serviceEndpoint, serviceSocketUrl } from '../../src/service/urls.js';

const base = (s: string) => {
  const parsed = parseServiceUrl(s);
  if (!('url' in parsed)) throw new Error(parsed.error);
  return parsed.url;
};

describe('service URLs', () => {
  it('derives the socket URL as element-api.md says', () => {
    expect(serviceSocketUrl(base('https://chat.example.com'))).to.equal('wss://chat.example.com/ws/chat');
    expect(serviceSocketUrl(base('http://127.0.0.1:8080/api'))).to.equal('ws://127.0.0.1:8080/api/ws/chat');
    expect(serviceSocketUrl(base('https://chat.example.com/v1/'), 'a b&c')).to.equal(
      'wss://chat.example.com/v1/ws/chat?token=a+b%26c',
    );
  });

  it('puts endpoints under the base path, keeping its query', () => {
    expect(serviceEndpoint(base('https://x.example/api?k=1'), 'jwt').href).to.equal('https://x.example/api/jwt?k=1');
    expect(serviceEndpoint(base('https://x.example'), 'chat', { user_id: 'u 1', page: 2 }).href).to.equal(
      'https://x.example/chat?user_id=u+1&page=2',
    );
  });

  it('accepts https anywhere and http only on the loopback host', () => {
    for (const ok of [
      'https://x.example',
      'http://localhost:8080',
      'http://127.0.0.1',
      'http://[::1]:9',
      'http://app.localhost',
    ])
      expect(parseServiceUrl(ok), ok).to.have.property('url');
    for (const [bad, why] of [
      ['http://x.example', 'must be an https: URL'],
      ['ws://x.example', 'must be an https: URL'],
      ['javascript:alert(1)', 'must be an https: URL'],
      ['x.example', 'not an absolute URL'],
      ['', 'not an absolute URL'],
      ['https://user:pw@x.example', 'must not contain credentials'],
    ])
      expect((parseServiceUrl(bad) as { error: string }).error, bad).to.contain(why);
  });

  it('lets only http(s) icon URLs through, relative ones resolved', () => {
    const b = base('https://x.example/api/');
    expect(httpUrl('icons/a.png', b)).to.equal('https://x.example/api/icons/a.png');
    expect(httpUrl('https://cdn.example/a.png', b)).to.equal('https://cdn.example/a.png');
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT:x',
      ' java\tscript:x',
      'data:image/png;base64,AA',
      'blob:https://x/1',
      '',
      5,
      null,
    ])
      expect(httpUrl(bad, b), String(bad)).to.equal(undefined);
  });
});
