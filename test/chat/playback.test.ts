import { expect } from '@open-wc/testing';
import { Playback } from '../../src/chat/playback.js';

describe('Playback', () => {
  it('follows the reply that plays; a late end of an earlier reply changes nothing', () => {
    const playback = new Playback();
    expect(playback.playingId).to.equal('');
    playback.start('a', { onStage: true });
    playback.start('b', { onStage: true });
    expect(playback.end('a')).to.equal(false);
    expect(playback.playingId).to.equal('b');
    expect(playback.end('b')).to.equal(true);
    expect(playback.playingId).to.equal('');
  });

  it('the header shows the speaking indicator only while a reply plays off the stage', () => {
    const playback = new Playback();
    playback.start('a', { onStage: false });
    expect(playback.inHeader).to.equal(true);
    playback.end('a');
    expect(playback.inHeader).to.equal(false);
    playback.start('b', { onStage: true });
    expect(playback.inHeader).to.equal(false);
  });

  it('remembers which replies played, in a new set at each change; a new conversation forgets them', () => {
    const playback = new Playback();
    const empty = playback.played;
    playback.start('a', { onStage: true });
    const once = playback.played;
    expect(once).not.to.equal(empty);
    expect([...once]).to.deep.equal(['a']);
    playback.end('a');
    playback.start('a', { onStage: true });
    expect(playback.played, 'played again: the same set').to.equal(once);
    playback.forgetPlayed();
    expect([...playback.played]).to.deep.equal([]);
  });
});
