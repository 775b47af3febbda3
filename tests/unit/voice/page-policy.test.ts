import { decidePageDigits, decidePageEnd } from '../../../src/core/voice/page-policy';

describe('decidePageDigits', () => {
  it('acknowledges on 1 only; any other key, or none, hears the prompt again', () => {
    expect(decidePageDigits('1')).toBe('acknowledge');
    expect(decidePageDigits(' 1 ')).toBe('acknowledge');
    for (const other of ['2', '0', '#', '*', '11', '', undefined, 1]) expect(decidePageDigits(other)).toBe('reprompt');
  });
});

describe('decidePageEnd', () => {
  const end = (callStatus: string, extra: { answeredBy?: string; acknowledged?: boolean } = {}) =>
    decidePageEnd({ callStatus, acknowledged: false, ...extra });

  it('waits while the call is under way', () => {
    for (const status of ['queued', 'initiated', 'ringing', 'in-progress']) expect(end(status)).toEqual({ action: 'wait' });
  });

  it('is done when the phone pressed 1, whatever the call then reported', () => {
    expect(end('completed', { acknowledged: true })).toEqual({ action: 'done' });
    expect(end('completed', { acknowledged: true, answeredBy: 'human' })).toEqual({ action: 'done' });
  });

  it('escalates on busy, no-answer, failed and canceled', () => {
    for (const status of ['busy', 'no-answer', 'failed', 'canceled']) expect(end(status)).toEqual({ action: 'escalate', reason: status });
    expect(end('No-Answer')).toEqual({ action: 'escalate', reason: 'no-answer' });
  });

  it('escalates on a call a machine answered (a greeting cannot press 1)', () => {
    for (const by of ['machine_start', 'machine_end_beep', 'machine_end_silence', 'machine_end_other', 'fax']) {
      expect(end('completed', { answeredBy: by })).toEqual({ action: 'escalate', reason: `answered by ${by}` });
    }
  });

  it('escalates on a call that ended without the press: hung up, or the prompt said twice to silence', () => {
    expect(end('completed')).toEqual({ action: 'escalate', reason: 'ended without pressing 1' });
    expect(end('completed', { answeredBy: 'human' })).toEqual({ action: 'escalate', reason: 'ended without pressing 1' });
    expect(end('completed', { answeredBy: 'unknown' })).toEqual({ action: 'escalate', reason: 'ended without pressing 1' });
  });

  it('escalates on a status it does not know, or none', () => {
    expect(end('exploded')).toEqual({ action: 'escalate', reason: 'unknown CallStatus "exploded"' });
    expect(end('')).toEqual({ action: 'escalate', reason: 'CallStatus missing' });
  });
});
