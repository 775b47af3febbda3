import { durationText, escalatedBody, escalationTimes, sendAtText, unacknowledgedNotice } from '../../../src/core/dispatch/escalation';
import { MAX_BODY_LENGTH, TRUNCATION_MARKER } from '../../../src/core/sms/forward-body';
import { dispatch, T0 } from '../../support/dispatch-records';

const NAMES = { primary: 'Primary', backup: 'Backup' };

describe('escalationTimes', () => {
  it('puts the backup\'s copy at forward + timeout and the dispatcher\'s message at forward + 2 × timeout, in UTC', () => {
    const { backupAt, dispatcherAt } = escalationTimes(T0, 15);
    expect(sendAtText(backupAt)).toBe('2026-12-01T12:15:00Z');
    expect(sendAtText(dispatcherAt)).toBe('2026-12-01T12:30:00Z');
  });

  it('cuts to whole seconds, as the SDK sends SendAt, and crosses days and months in UTC', () => {
    const { backupAt, dispatcherAt } = escalationTimes(new Date('2026-12-31T23:50:59.999Z'), 7);
    expect(backupAt.toISOString()).toBe('2026-12-31T23:57:59.000Z');
    expect(sendAtText(dispatcherAt)).toBe('2027-01-01T00:04:59Z');
    expect(sendAtText(escalationTimes(T0, 21_600).dispatcherAt)).toBe('2026-12-31T12:00:00Z');
  });
});

describe('durationText', () => {
  it.each([[7, '7 min'], [15, '15 min'], [30, '30 min'], [60, '1 h'], [90, '90 min'], [1440, '24 h']])('%i minutes read "%s"', (minutes, text) => {
    expect(durationText(minutes)).toBe(text);
  });
});

describe('escalatedBody', () => {
  it('says why it comes, with the code, in the forward\'s form', () => {
    expect(escalatedBody(dispatch(), NAMES, 15)).toBe('From Dispatch (+16195550100) #7, not acknowledged by Primary in 15 min: Gate code changed');
  });

  it('names the primary as configured; without a code, the one-way form', () => {
    expect(escalatedBody(dispatch({ code: undefined }), { primary: 'Day shift', backup: 'Night' }, 60)).toBe(
      'From Dispatch (+16195550100), not acknowledged by Day shift in 1 h: Gate code changed',
    );
  });

  it('says "(media only)" for a picture, and stays within 1,600 characters', () => {
    expect(escalatedBody(dispatch({ text: ' ', mediaUrl: ['https://api.twilio.com/m/ME1'] }), NAMES, 15)).toBe(
      'From Dispatch (+16195550100) #7, not acknowledged by Primary in 15 min: (media only)',
    );
    const long = escalatedBody(dispatch({ code: 999, text: 'x'.repeat(5000) }), { primary: 'p'.repeat(40), backup: 'b' }, 25_199);
    expect(long).toHaveLength(MAX_BODY_LENGTH);
    expect(long.endsWith(TRUNCATION_MARKER)).toBe(true);
  });
});

describe('unacknowledgedNotice', () => {
  it('tells the dispatcher, with the code, after twice the timeout', () => {
    expect(unacknowledgedNotice(dispatch(), NAMES, 15)).toBe('#7: not acknowledged by Primary or Backup after 30 min');
  });

  it('names only the phones of the chain; without a code, quotes the dispatcher\'s text', () => {
    expect(unacknowledgedNotice(dispatch({ chain: ['primary'] }), NAMES, 30)).toBe('#7: not acknowledged by Primary after 1 h');
    expect(unacknowledgedNotice(dispatch({ code: undefined, text: 'y'.repeat(100) }), NAMES, 15)).toBe(
      `Your message was not acknowledged by Primary or Backup after 30 min: "${'y'.repeat(60)}…"`,
    );
  });
});
