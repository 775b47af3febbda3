import { decideStatus } from '../../../src/core/sms/status-policy';

describe('decideStatus', () => {
  // [status, action when more legs follow, action on the last leg]
  it.each([
    ['accepted', 'progress', 'progress'],
    ['scheduled', 'progress', 'progress'],
    ['queued', 'progress', 'progress'],
    ['sending', 'progress', 'progress'],
    // The carrier has it; a receipt may never come (some carriers send none).
    ['sent', 'pending', 'pending'],
    ['receiving', 'progress', 'progress'],
    ['received', 'progress', 'progress'],
    ['delivered', 'delivered', 'delivered'],
    ['read', 'delivered', 'delivered'],
    ['undelivered', 'failover', 'exhausted'],
    ['failed', 'failover', 'exhausted'],
    ['canceled', 'failover', 'exhausted'],
    // Part of the message is missing: the dispatch may be incomplete, so it fails over.
    ['partially_delivered', 'failover', 'exhausted'],
    ['something-new', 'unknown', 'unknown'],
    ['', 'unknown', 'unknown'],
  ])('%j → %s (more legs) / %s (last leg)', (status, notLast, last) => {
    expect(decideStatus(status, false)).toBe(notLast);
    expect(decideStatus(status, true)).toBe(last);
  });

  it('ignores case and surrounding whitespace', () => {
    expect(decideStatus('UNDELIVERED', false)).toBe('failover');
    expect(decideStatus('Failed', true)).toBe('exhausted');
    expect(decideStatus(' Delivered ', false)).toBe('delivered');
    expect(decideStatus('SENT', false)).toBe('pending');
    expect(decideStatus(' sent\n', true)).toBe('pending');
  });

  it('treats a late "sent" after "undelivered" as pending, never as another failover', () => {
    const sequence = ['queued', 'sent', 'undelivered', 'sent'].map((status) => decideStatus(status, false));
    expect(sequence).toEqual(['progress', 'pending', 'failover', 'pending']);
  });

  it('does not mistake similar words for a final status', () => {
    expect(decideStatus('undeliverable', false)).toBe('unknown');
    expect(decideStatus('cancelled', false)).toBe('unknown');
    expect(decideStatus('fail', false)).toBe('unknown');
  });
});
