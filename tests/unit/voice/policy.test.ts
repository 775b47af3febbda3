import type { DialResult } from '../../../src/core/voice/events';
import { readDialResult } from '../../../src/core/voice/events';
import { decideDialResult, wasBridged } from '../../../src/core/voice/policy';

const dial = (status: string, more: Partial<DialResult> = {}): DialResult => ({ status, bridged: '', callerStatus: 'in-progress', ...more });

describe('decideDialResult', () => {
  // lastLeg=false: the primary with a backup to follow. lastLeg=true: the backup, or a primary
  // whose backup is the caller's own phone (loop guard).
  describe.each([
    ['a leg with another to follow', false, 'failover'],
    ['the last leg', true, 'exhausted'],
  ] as const)('on %s', (_name, lastLeg, unanswered) => {
    it.each(['completed', 'answered'])('%s is a connected call', (status) => {
      expect(decideDialResult(dial(status), lastLeg)).toEqual({ action: 'connected', reason: status });
    });

    it.each(['busy', 'no-answer', 'failed', 'canceled'])(`%s is ${unanswered}`, (status) => {
      expect(decideDialResult(dial(status), lastLeg)).toEqual({ action: unanswered, reason: status });
    });

    it('"complete" (the hunt template\'s typo) is not an answer', () => {
      expect(decideDialResult(dial('complete'), lastLeg)).toEqual({ action: unanswered, reason: 'unknown DialCallStatus "complete"' });
    });

    it('an unknown value is not an answer', () => {
      expect(decideDialResult(dial('ringing'), lastLeg)).toEqual({ action: unanswered, reason: 'unknown DialCallStatus "ringing"' });
    });

    it('a missing value is not an answer', () => {
      expect(decideDialResult(dial(''), lastLeg)).toEqual({ action: unanswered, reason: 'DialCallStatus missing' });
    });

    it.each(['completed', 'answered'])('%s without a bridge (screening not accepted) is not an answer', (status) => {
      expect(decideDialResult(dial(status, { bridged: 'false' }), lastLeg)).toEqual({
        action: unanswered,
        reason: `${status} but never bridged: the screening prompt was not accepted`,
      });
    });
  });

  it('reads the status as Twilio sends it, whatever its case', () => {
    expect(decideDialResult(readDialResult({ DialCallStatus: 'No-Answer' }), false).action).toBe('failover');
  });
});

describe('wasBridged', () => {
  it('believes DialBridged when Twilio sends it', () => {
    expect(wasBridged({ bridged: 'true', callerStatus: 'ringing' })).toBe(true);
    expect(wasBridged({ bridged: 'false', callerStatus: 'in-progress' })).toBe(false);
  });

  it('without DialBridged: a caller still ringing (answerOnBridge) was never connected', () => {
    expect(wasBridged({ bridged: '', callerStatus: 'ringing' })).toBe(false);
    expect(wasBridged({ bridged: '', callerStatus: 'in-progress' })).toBe(true);
    expect(wasBridged({ bridged: '', callerStatus: 'completed' })).toBe(true);
  });
});

describe('readDialResult', () => {
  it('reads the status, bridge, caller status and duration', () => {
    expect(
      readDialResult({ DialCallStatus: 'completed', DialBridged: 'True', CallStatus: 'in-progress', DialCallDuration: '42' }),
    ).toEqual({ status: 'completed', bridged: 'true', callerStatus: 'in-progress', durationSeconds: 42 });
  });

  it('leaves out a duration that is not a number of seconds', () => {
    expect(readDialResult({ DialCallStatus: 'busy', DialCallDuration: 'x' })).toEqual({ status: 'busy', bridged: '', callerStatus: '' });
  });
});
