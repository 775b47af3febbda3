import { decideScheduledCopyStatus, decideStatus } from '../../../src/core/sms/status-policy';

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

describe('decideScheduledCopyStatus (a copy the relay scheduled: issue 11)', () => {
  it('takes "canceled" as the relay\'s own cancel: no failover, no exhaustion, whatever the other phone did', () => {
    expect(decideStatus('canceled', false)).toBe('failover');
    expect(decideScheduledCopyStatus('canceled', false)).toBe('canceled');
    expect(decideScheduledCopyStatus(' Canceled ', true)).toBe('canceled');
  });

  it.each(['queued', 'sending', 'sent', 'delivered', 'read'])('takes "%s" as the escalation: Twilio sent the copy', (status) => {
    expect(decideScheduledCopyStatus(status, false)).toBe('escalated');
  });

  it('exhausts the chain on a failure only when the other phone failed too', () => {
    for (const status of ['failed', 'undelivered', 'partially_delivered']) {
      expect(decideScheduledCopyStatus(status, false)).toBe('failed');
      expect(decideScheduledCopyStatus(status, true)).toBe('exhausted');
    }
  });

  it('waits on "scheduled" or "accepted", and does not guess at other words', () => {
    expect(decideScheduledCopyStatus('scheduled', false)).toBe('progress');
    expect(decideScheduledCopyStatus('accepted', false)).toBe('progress');
    expect(decideScheduledCopyStatus('cancelled', false)).toBe('unknown');
  });
});
