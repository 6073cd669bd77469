import { expect } from '@open-wc/testing';
import { textFrame, voiceFrame, type TurnConfig } from '../../src/protocol/frames.js';

const cfg: TurnConfig = { avatarId: 'avatar-id-123', userId: 'user-123', language: 'en', source: 'my-source-app-name' };
const withSession: TurnConfig = { ...cfg, session: 'session-identifier' };

describe('textFrame', () => {
  it('has the spec keys in spec order, without session when none is known', () => {
    expect(JSON.stringify(textFrame(cfg, 'Hello, how are you?'))).to.equal(
      '{"avatar_id":"avatar-id-123","user_id":"user-123","chat_type":"text","language":"en","request":"Hello, how are you?","requestType":"text","source":"my-source-app-name","isLive":false}',
    );
  });

  it('ends with the session when one is known', () => {
    expect(JSON.stringify(textFrame(withSession, 'Hello, how are you?'))).to.equal(
      '{"avatar_id":"avatar-id-123","user_id":"user-123","chat_type":"text","language":"en","request":"Hello, how are you?","requestType":"text","source":"my-source-app-name","isLive":false,"session":"session-identifier"}',
    );
  });

  it('leaves an empty session out and sends the text verbatim', () => {
    const text = ' <b>"quoted"</b>\n\u202E ';
    expect(JSON.stringify(textFrame({ ...cfg, session: '' }, text))).to.equal(
      `{"avatar_id":"avatar-id-123","user_id":"user-123","chat_type":"text","language":"en","request":${JSON.stringify(text)},"requestType":"text","source":"my-source-app-name","isLive":false}`,
    );
  });

  it('lets a listener append fields after the spec keys', () => {
    const f = textFrame(cfg, 'hi');
    f.extra = 1;
    expect(Object.keys(f)).to.deep.equal([
      'avatar_id',
      'user_id',
      'chat_type',
      'language',
      'request',
      'requestType',
      'source',
      'isLive',
      'extra',
    ]);
  });
});

describe('voiceFrame', () => {
  const b64 = 'UklGRiQAAABXQVZFZm10IBAAAAABAAEA';

  it('push-to-talk with a session: the spec example', () => {
    expect(JSON.stringify(voiceFrame(withSession, b64, true))).to.equal(
      '{"avatar_id":"avatar-id-123","user_id":"user-123","chat_type":"voice","language":"en","requestType":"audio","source":"my-source-app-name","isLive":false,"isPushToTalk":true,"file_base64_data":"UklGRiQAAABXQVZFZm10IBAAAAABAAEA","session":"session-identifier"}',
    );
  });

  it('push-to-talk without a session', () => {
    expect(JSON.stringify(voiceFrame(cfg, b64, true))).to.equal(
      '{"avatar_id":"avatar-id-123","user_id":"user-123","chat_type":"voice","language":"en","requestType":"audio","source":"my-source-app-name","isLive":false,"isPushToTalk":true,"file_base64_data":"UklGRiQAAABXQVZFZm10IBAAAAABAAEA"}',
    );
  });

  it('voice activity detection leaves isPushToTalk out', () => {
    expect(JSON.stringify(voiceFrame(withSession, b64, false))).to.equal(
      '{"avatar_id":"avatar-id-123","user_id":"user-123","chat_type":"voice","language":"en","requestType":"audio","source":"my-source-app-name","isLive":false,"file_base64_data":"UklGRiQAAABXQVZFZm10IBAAAAABAAEA","session":"session-identifier"}',
    );
    expect(JSON.stringify(voiceFrame(cfg, b64, false))).to.equal(
      '{"avatar_id":"avatar-id-123","user_id":"user-123","chat_type":"voice","language":"en","requestType":"audio","source":"my-source-app-name","isLive":false,"file_base64_data":"UklGRiQAAABXQVZFZm10IBAAAAABAAEA"}',
    );
  });

  it('returns a fresh object per call', () => {
    const a = voiceFrame(withSession, b64, true);
    a.isLive = true;
    expect(voiceFrame(withSession, b64, true).isLive).to.equal(false);
  });
});
