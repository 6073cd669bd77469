import { expect } from '@open-wc/testing';
import { Vad, VadOptions } from '../../src/audio/vad.js';

/** Feeds [level, durationMs] segments at one level every `step` ms; returns the events with their times. */
function run(segments: [number, number][], opts: Partial<VadOptions> = {}, step = 20) {
  const vad = new Vad(opts);
  const events: string[] = [];
  let t = 0;
  for (const [level, ms] of segments)
    for (const end = t + ms; t < end; t += step) {
      const e = vad.update(level, t);
      if (e) events.push(`${e}@${t}`);
    }
  return { events, vad };
}

describe('Vad', () => {
  const cases: [string, [number, number][], string[], Partial<VadOptions>?][] = [
    ['silence only', [[0, 5000]], []],
    ['quiet noise below the threshold', [[0.012, 5000]], []],
    [
      'a 60 ms blip starts nothing',
      [
        [0, 500],
        [0.3, 60],
        [0, 2000],
      ],
      [],
    ],
    [
      'a 100 ms blip starts nothing',
      [
        [0, 500],
        [0.3, 100],
        [0, 2000],
      ],
      [],
    ],
    [
      'a 200 ms blip is discarded',
      [
        [0, 500],
        [0.3, 200],
        [0, 2000],
      ],
      ['start@600', 'discard@1580'],
    ],
    [
      'one utterance: start after 100 ms, end after 900 ms of silence',
      [
        [0, 500],
        [0.2, 800],
        [0, 1500],
      ],
      ['start@600', 'end@2180'],
    ],
    [
      'pauses shorter than the hangover keep one turn',
      [
        [0, 200],
        [0.2, 400],
        [0, 600],
        [0.2, 400],
        [0, 800],
        [0.2, 300],
        [0, 1500],
      ],
      ['start@300', 'end@3580'],
    ],
    [
      'two utterances, two turns',
      [
        [0, 300],
        [0.2, 800],
        [0, 1500],
        [0.2, 800],
        [0, 1500],
      ],
      ['start@400', 'end@1980', 'start@2700', 'end@4280'],
    ],
    [
      'max duration ends a turn and the next one starts',
      [
        [0, 100],
        [0.2, 2500],
        [0, 1200],
      ],
      ['start@200', 'end@1100', 'start@1220', 'end@2120', 'start@2240', 'end@3140'],
      { maxMs: 1000 },
    ],
    [
      'options: shorter hangover',
      [
        [0, 100],
        [0.2, 400],
        [0, 600],
      ],
      ['start@200', 'end@780'],
      { endMs: 300 },
    ],
  ];
  for (const [name, segments, expected, opts] of cases)
    it(name, () => expect(run(segments, opts).events).to.deep.equal(expected));

  it('starts from a ~0.02 RMS threshold', () => {
    const vad = new Vad();
    expect(vad.threshold).to.be.closeTo(0.02, 1e-9);
    expect(run([[0.019, 3000]]).events).to.deep.equal([]);
    expect(run([[0.021, 200]]).events).to.deep.equal(['start@100']);
  });

  it('the noise floor falls at once to a lower level and rises slowly', () => {
    const { vad } = run([[0.001, 100]]);
    expect(vad.floor).to.equal(0.001);
    const rise = run([
      [0.001, 100],
      [0.01, 3000],
    ]).vad.floor;
    expect(rise).to.be.greaterThan(0.005).and.lessThan(0.008); // 1 - e^-1 of the way after one time constant
  });

  it('adapts to steady noise: no more turns from it, speech above it still starts one', () => {
    const noisy: [number, number][] = [[0.05, 10000]];
    const { events, vad } = run(noisy);
    // the first seconds of a sudden noise look like speech; after that the floor has caught up
    expect(events.filter(e => e.startsWith('start')).length).to.equal(1);
    expect(Number(events.at(-1)!.split('@')[1])).to.be.lessThan(6000);
    expect(vad.floor).to.be.closeTo(0.05, 0.002);
    const after = run([
      [0.05, 10000],
      [0.3, 800],
      [0.05, 1500],
    ]).events;
    expect(after.slice(-2)).to.deep.equal(['start@10100', 'end@11680']);
  });

  it('reset() returns to silence and keeps the floor', () => {
    const vad = new Vad();
    for (let t = 0; t <= 200; t += 20) vad.update(0.2, t);
    expect(vad.speaking).to.equal(true);
    const floor = vad.floor;
    vad.reset();
    expect(vad.speaking).to.equal(false);
    expect(vad.floor).to.equal(floor);
    expect(vad.update(0, 5000)).to.equal(null);
  });
});
