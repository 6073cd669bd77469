import { expect } from '@open-wc/testing';
import { ProblemLine } from '../src/chat/problem-line.js';
import { ServiceUnavailable, type ServiceFailure } from '../src/controllers/service-controller.js';
import type { ErrorDetail } from '../src/events.js';
import { FailureReporter } from '../src/failures.js';
import { defaultStrings as str } from '../src/strings.js';

/** A reporter with its error line, the `avatar-chat-error` details it fired and the console warnings. */
function reporter() {
  const problem = new ProblemLine({ strings: () => str, onChange: () => {} });
  const events: ErrorDetail[] = [];
  const warnings: string[] = [];
  const failures = new FailureReporter({
    problem,
    strings: () => str,
    emit: detail => events.push(detail),
    warn: message => warnings.push(message),
  });
  return { failures, problem, events, warnings };
}

const failure = (over: Partial<ServiceFailure> = {}): ServiceFailure => ({
  code: 'server',
  reason: 'busy',
  endpoint: 'connection',
  status: 503,
  message: 'GET /connection: 503',
  recoverable: true,
  ...over,
});

describe('FailureReporter: the event, and the error line when the failure blocks the chat', () => {
  it('report: the event always (cause only when given); the line only when blocking, in its own words if given', () => {
    const { failures, problem, events } = reporter();
    failures.report('playback', 'blocked', { recoverable: true });
    expect(problem.text).to.equal('');
    failures.report('send', 'full', { recoverable: true, blocking: true, cause: 1 });
    expect(problem.text).to.equal('full');
    failures.report('config', 'for the owner', { recoverable: false, blocking: true, line: 'for the visitor' });
    expect(problem.text).to.equal('for the visitor');
    expect(events).to.deep.equal([
      { code: 'playback', message: 'blocked', recoverable: true },
      { code: 'send', message: 'full', recoverable: true, cause: 1 },
      { code: 'config', message: 'for the owner', recoverable: false },
    ]);
  });

  it('config: the precise reason in the event and the console (once per problem); visitors see "unavailable"', () => {
    const { failures, problem, events, warnings } = reporter();
    failures.config('no url');
    failures.config('no url');
    failures.config('no avatar-id');
    expect(warnings).to.deep.equal(['no url', 'no avatar-id']);
    expect(events.map(e => [e.code, e.message, e.recoverable])).to.deep.equal([
      ['config', 'no url', false],
      ['config', 'no url', false],
      ['config', 'no avatar-id', false],
    ]);
    expect(problem.text).to.equal(str.unavailable);
  });

  it('answerProblems: a used answer with fields it could not read is a `protocol` event, no line', () => {
    const { failures, problem, events } = reporter();
    failures.answerProblems('GET /chat', []);
    failures.answerProblems('GET /chat', ['entry 1 has no text', 'entry 2 has no role']);
    expect(events).to.deep.equal([
      { code: 'protocol', message: 'GET /chat: entry 1 has no text; entry 2 has no role', recoverable: false },
    ]);
    expect(problem.text).to.equal('');
  });

  it("service: the visitor's line only when blocking; refusals stop connecting, a busy service does not", () => {
    const { failures, problem, events } = reporter();
    expect(failures.service(failure(), { blocking: false })).to.deep.equal({ stopConnecting: false });
    expect(problem.text).to.equal('');
    expect(failures.service(failure(), { blocking: true })).to.deep.equal({ stopConnecting: false });
    expect(problem.text).to.equal(str.server503);
    const refused = failure({ code: 'auth', reason: 'refused', status: 401, recoverable: false });
    expect(failures.service(refused, { blocking: false })).to.deep.equal({ stopConnecting: false });
    expect(failures.service(refused, { blocking: true })).to.deep.equal({ stopConnecting: true });
    expect(problem.text).to.equal(str.authFailed);
    expect(events.map(e => [e.code, e.cause === undefined])).to.deep.equal([
      ['server', false],
      ['server', false],
      ['auth', false],
      ['auth', false],
    ]);
  });

  it("connection: the line in the visitor's words; a service failure already reported says nothing more", () => {
    const { failures, problem, events } = reporter();
    failures.connection('socket', { recoverable: true, cause: 'x', unreachable: false });
    expect(problem.text).to.equal(str.socketLost);
    failures.connection('socket', { recoverable: true, cause: 'x', unreachable: true });
    expect(problem.text).to.equal(str.unreachable);
    failures.connection('auth', { recoverable: false, cause: 'x', unreachable: false });
    expect(problem.text).to.equal(str.authFailed);
    expect(events.map(e => e.message)).to.deep.equal([str.socketLost, str.unreachable, str.authFailed]);

    const down = failure({ message: 'GET /connection: timed out', reason: 'timeout' });
    failures.connection('socket', {
      recoverable: true,
      cause: new ServiceUnavailable(down, { reported: true }),
      unreachable: true,
    });
    expect(events).to.have.length(3);
    problem.show('');
    failures.connection('socket', { recoverable: true, cause: new ServiceUnavailable(down), unreachable: false });
    expect(problem.text).to.equal(str.unreachable);
    expect(events[3]).to.deep.equal({ code: 'socket', message: down.message, recoverable: true, cause: down });
  });
});
