import { expect } from '@open-wc/testing';
import { connectionLine, ProblemLine, serviceLine, stopsConnecting } from '../../src/chat/problem-line.js';
import { defaultStrings as str, type Strings } from '../../src/strings.js';

/** A line with the default strings (or `strings()`), counting the renders it asks for. */
function line(strings: () => Strings = () => str) {
  let changes = 0;
  const problem = new ProblemLine({ strings, onChange: () => changes++ });
  return { problem, changes: () => changes };
}

describe('ProblemLine', () => {
  it('shows a line and asks for a render only when the words change', () => {
    const { problem, changes } = line();
    expect(problem.text).to.equal('');
    problem.show(str.socketLost);
    problem.show(str.socketLost);
    expect(problem.text).to.equal(str.socketLost);
    expect(changes()).to.equal(1);
    problem.show('');
    expect(problem.text).to.equal('');
    expect(changes()).to.equal(2);
  });

  it('"lost" and "can\'t reach" are over once the socket connects or stops trying; not while it retries', () => {
    for (const status of ['connected', 'closed'] as const) {
      for (const text of [str.socketLost, str.unreachable]) {
        const { problem } = line();
        problem.show(text);
        problem.handleStatus('reconnecting', { service: false });
        problem.handleStatus('connecting', { service: false });
        expect(problem.text, `${text}, reconnecting`).to.equal(text);
        problem.handleStatus(status, { service: false });
        expect(problem.text, `${text}, ${status}`).to.equal('');
      }
    }
  });

  it('a busy service is over once its token opens the socket (service mode only)', () => {
    for (const text of [str.server503, str.server504]) {
      const plain = line();
      plain.problem.show(text);
      plain.problem.handleStatus('connected', { service: false });
      expect(plain.problem.text, `${text} without service`).to.equal(text);
      const service = line();
      service.problem.show(text);
      service.problem.handleStatus('closed', { service: true });
      expect(service.problem.text, `${text}, closed`).to.equal(text);
      service.problem.handleStatus('connected', { service: true });
      expect(service.problem.text, `${text}, connected`).to.equal('');
    }
  });

  it('a connection does not clear a line it did not cause (microphone, sign-in, outbox, configuration)', () => {
    for (const text of [str.micDenied, str.authFailed, str.outboxFull, str.unavailable, str.server402]) {
      const { problem } = line();
      problem.show(text);
      problem.handleStatus('connected', { service: true });
      expect(problem.text, text).to.equal(text);
    }
  });

  it('"unavailable" is over once the configuration can be used; other lines stay', () => {
    const { problem } = line();
    problem.show(str.unavailable);
    problem.handleConfigUsable();
    expect(problem.text).to.equal('');
    problem.show(str.socketLost);
    problem.handleConfigUsable();
    expect(problem.text).to.equal(str.socketLost);
  });

  it('compares with the strings in use now (overridden words clear too)', () => {
    const strings = { ...str, socketLost: 'Verbindung verloren' };
    const { problem } = line(() => strings);
    problem.show('Verbindung verloren');
    problem.handleStatus('connected', { service: false });
    expect(problem.text).to.equal('');
  });
});

describe('connectionLine', () => {
  it('names the line for each socket failure', () => {
    expect(connectionLine('auth', { recoverable: false, unreachable: false })).to.equal('authFailed');
    expect(connectionLine('auth', { recoverable: true, unreachable: true })).to.equal('authFailed');
    expect(connectionLine('socket', { recoverable: false, unreachable: false })).to.equal('unavailable');
    expect(connectionLine('socket', { recoverable: true, unreachable: true })).to.equal('unreachable');
    expect(connectionLine('socket', { recoverable: true, unreachable: false })).to.equal('socketLost');
  });
});

describe('serviceLine and stopsConnecting', () => {
  it('names the line for each REST failure; the rest have none', () => {
    expect(serviceLine({ reason: 'payment', status: 402 })).to.equal('server402');
    expect(serviceLine({ reason: 'busy', status: 503 })).to.equal('server503');
    expect(serviceLine({ reason: 'busy', status: 504 })).to.equal('server504');
    expect(serviceLine({ reason: 'refused', status: 401 })).to.equal('authFailed');
    expect(serviceLine({ reason: 'config' })).to.equal('unavailable');
    expect(serviceLine({ reason: 'unreachable' })).to.equal('unreachable');
    expect(serviceLine({ reason: 'timeout' })).to.equal('unreachable');
    for (const reason of ['aborted', 'status', 'malformed', 'too-large'] as const)
      expect(serviceLine({ reason }), reason).to.equal(undefined);
  });

  it('stops connecting for a 402, refused credentials or a wrong service URL only', () => {
    for (const reason of ['payment', 'refused', 'config'] as const)
      expect(stopsConnecting({ reason }), reason).to.be.true;
    for (const reason of ['unreachable', 'timeout', 'busy', 'aborted', 'status', 'malformed', 'too-large'] as const)
      expect(stopsConnecting({ reason }), reason).to.be.false;
  });
});
