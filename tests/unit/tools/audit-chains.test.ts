import { buildChains, isFailure, outcomeOf } from '../../../dev/tools/audit/chains';
import { callOutcomeOf } from '../../../dev/tools/audit/call-outcomes';
import { parseAuditText, type AuditLine } from '../../../dev/tools/audit/read-lines';
import { chainBlock, describeLine, formatReport } from '../../../dev/tools/audit/report';
import { IN, trailJsonl } from '../../support/audit-trail';

const { lines } = parseAuditText(trailJsonl());
const line = (audit: string, extra: Partial<AuditLine> = {}): AuditLine => ({ ts: '2026-11-28T13:00:00.000Z', audit, inbound: 'SM1', ...extra });

describe('buildChains', () => {
  const { chains, loose } = buildChains(lines);
  const outcome = (inbound: string) => chains.find((c) => c.inbound === inbound)?.outcome;

  it('gives every inbound message its outcome', () => {
    expect(Object.fromEntries(Object.entries(IN).map(([name, sid]) => [name, outcome(sid)]))).toEqual({
      delivered: 'delivered',
      viaBackup: 'delivered',
      exhausted: 'exhausted',
      pending: 'pending',
      failedOver: 'failed-over-pending',
      rejected: 'rejected',
      notForwarded: 'not-forwarded',
    });
    expect(chains.find((c) => c.inbound === IN.viaBackup)?.deliveredBy).toBe('backup');
  });

  it('keeps lines about no message apart', () => {
    expect(loose.map((l) => l.audit)).toEqual(['whitelist', 'rejected']);
  });

  it('orders each timeline by time, whatever the order of the log', () => {
    const shuffled = buildChains([...lines].reverse()).chains.find((c) => c.inbound === IN.exhausted)!;
    expect(shuffled.lines.map((l) => l.audit)).toEqual(['received', 'forwarded', 'failover', 'forwarded', 'exhausted']);
    expect(shuffled.start).toBe('2026-11-28T13:03:00.000Z');
  });
});

describe('outcomeOf', () => {
  it('lets unknown events (duplicate, pending, later ones) pass without changing the outcome', () => {
    expect(outcomeOf([line('received'), line('claim-unavailable'), line('duplicate'), line('forwarded'), line('pending'), line('something-new')])).toBe('pending');
  });

  it('counts a forward by /sms/fallback (the main handler failed) as a failover', () => {
    const viaFallback = [line('received'), line('error'), line('fallback', { errorCode: '11200' }), line('forwarded', { leg: 'backup' })];
    expect(outcomeOf(viaFallback)).toBe('failed-over-pending');
    expect(outcomeOf([...viaFallback, line('delivered', { leg: 'backup' })])).toBe('delivered');
    expect(outcomeOf([line('received'), line('fallback'), line('error')])).toBe('not-forwarded');
  });

  it('calls a failover that could only send a notice notice-only, delivered or not: nobody has the text', () => {
    const notice = [line('received'), line('forwarded', { leg: 'primary' }), line('failover', { content: 'notice' }), line('forwarded', { leg: 'backup', content: 'notice' })];
    expect(outcomeOf(notice)).toBe('notice-only');
    expect(outcomeOf([...notice, line('delivered', { leg: 'backup' })])).toBe('notice-only');
    expect(outcomeOf([...notice, line('exhausted', { leg: 'backup' })])).toBe('exhausted');
  });

  it('calls a Twilio keyword relayed to nobody keyword, not a failure', () => {
    const chain = buildChains([line('received'), line('keyword')]).chains[0];
    expect(chain.outcome).toBe('keyword');
    expect(isFailure(chain)).toBe(false);
  });

  it('calls a last send whose outcome is unknown unknown, not "nothing was sent"', () => {
    expect(outcomeOf([line('received'), line('send-unknown', { leg: 'primary' })])).toBe('unknown');
    expect(outcomeOf([line('received'), line('send-unknown', { leg: 'primary' }), line('delivered', { leg: 'primary' })])).toBe('delivered');
  });

  it('calls a chain seen only mid-way (older lines gone from the log) by what it shows', () => {
    expect(outcomeOf([line('status', { status: 'sent' })])).toBe('not-forwarded');
    expect(outcomeOf([line('failover'), line('status')])).toBe('failed-over-pending');
  });
});

describe('formatReport', () => {
  const { chains, loose } = buildChains(lines);

  it('counts per outcome, then lists each message not delivered with its timeline', () => {
    const report = formatReport(chains, loose);
    expect(report.slice(0, 11)).toEqual([
      'Messages: 7',
      '  delivered               2   (1 by the backup phone, after a failover)',
      '  exhausted               1',
      '  notice-only             0',
      '  failed-over-pending     1',
      '  pending                 1',
      '  unknown                 0',
      '  not-forwarded           1',
      '  rejected                1',
      '  keyword                 0',
      '',
    ]);
    expect(report).toContain('Not delivered (4):');
    expect(report.filter((l) => /^SM/.test(l)).map((l) => l.slice(0, 34))).toEqual([IN.exhausted, IN.pending, IN.failedOver, IN.notForwarded]);
    expect(report.at(-1)).toBe('Events about no particular message: whitelist 1, rejected 1');
  });

  it('says how many attempts a send took when it was retried', () => {
    expect(describeLine(line('forwarded', { leg: 'primary', attempts: 3 }))).toBe('2026-11-28T13:00:00.000Z  forwarded   primary, after 3 attempts');
  });

  it('says how many media of a message were not forwarded', () => {
    expect(describeLine(line('received', { media: 10, mediaDropped: 2 }))).toBe('2026-11-28T13:00:00.000Z  received    10 media, 2 media NOT forwarded');
  });

  it('explains the error codes in a timeline', () => {
    const exhausted = chainBlock(chains.find((c) => c.inbound === IN.exhausted)!);
    expect(exhausted[0]).toBe(`${IN.exhausted}  exhausted: NOBODY received it: primary and backup both failed`);
    expect(exhausted.at(-1)).toMatch(
      /^ {4}2026-11-28T13:03:09.000Z {2}exhausted {3}backup, status failed, error 30005 \(unknown handset: the number does not exist\), primary error 30003, sms SM\w+, no phone received the message$/,
    );
  });

  it('prints only the failures with failuresOnly, and says so when there are none', () => {
    expect(formatReport(chains, loose, true)[0]).toBe('Not delivered (4):');
    expect(formatReport(chains.filter((c) => c.outcome === 'delivered'), [], true)).toEqual(['Every message was delivered or rejected by design.']);
  });
});

describe('callOutcomeOf', () => {
  const call = (audit: string, extra: Partial<AuditLine> = {}) => line(audit, { inbound: `CA${'0'.repeat(32)}`, ...extra });

  it('calls a call still ringing or talking in-progress, which is no failure', () => {
    const { chains } = buildChains([call('received'), call('dialing', { leg: 'primary' })]);
    expect(chains[0]).toMatchObject({ kind: 'call', outcome: 'in-progress' });
    expect(isFailure(chains[0])).toBe(false);
  });

  it('calls a call whose handler failed, or died before dialing, a relay error', () => {
    expect(callOutcomeOf([call('received'), call('dialing'), call('error')])).toBe('relay-error');
    expect(callOutcomeOf([call('received')])).toBe('relay-error');
  });

  it('a voicemail recorded but not transcribed yet is not texted (yet)', () => {
    expect(callOutcomeOf([call('received'), call('exhausted'), call('voicemail', { reason: 'recorded' })])).toBe('voicemail-not-texted');
  });
});
