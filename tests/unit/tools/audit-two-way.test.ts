/** npm run audit with two-way dispatch: codes, acknowledgements, open dispatches, opted-out phones. */
import { buildChains, isFailure, isUnacknowledged } from '../../../dev/tools/audit/chains';
import { parseAuditText } from '../../../dev/tools/audit/read-lines';
import { formatReport } from '../../../dev/tools/audit/report';
import { TW, twoWayJsonl } from '../../support/two-way-trail';

const BASE = new Date('2026-11-28T13:00:00Z');
const { chains, loose } = buildChains(parseAuditText(twoWayJsonl(BASE)).lines);
const chain = (sid: string) => chains.find((c) => c.inbound === sid)!;
const WINDOW_OPEN = new Date(BASE.getTime() - 3_600_000);

test('a reply joins the dispatch it answered: its code, who acknowledged it and after how long', () => {
  expect(chains.map((c) => c.inbound)).not.toContain(TW.reply);
  expect(chain(TW.acked)).toMatchObject({ outcome: 'delivered', code: 7, acknowledged: { leg: 'primary', seconds: 45 } });
  expect(chain(TW.acked).lines.map((l) => l.audit)).toEqual(['received', 'forwarded', 'delivered', 'received', 'replied', 'acknowledged', 'loop-suppressed']);
  expect(chain(TW.ackedByBackup)).toMatchObject({ code: 8, deliveredBy: 'backup', acknowledged: { leg: 'backup', seconds: 200 } });
  expect(loose).toEqual([]);
});

test('a reply that matched no dispatch is neither a dispatch nor a failure', () => {
  expect(chain(TW.unmatched).kind).toBe('reply');
  expect(isFailure(chain(TW.unmatched))).toBe(false);
  expect(formatReport(chains, loose, false, WINDOW_OPEN)).toContain('Messages: 5');
});

test('the report shows each dispatch code, who acknowledged it after how long, and the open ones nobody did', () => {
  const report = formatReport(chains, loose, false, WINDOW_OPEN);
  expect(report).toContain('Dispatches (two-way): 3 of 5 acknowledged (primary 1, backup 2), median 45 s, longest 3 min 20 s');
  expect(report).toContain(`  #7    ${TW.acked}  delivered           acknowledged by primary after 45 s`);
  expect(report).toContain(`  #9    ${TW.open}  delivered           not acknowledged`);
  expect(report).toContain('Open, nobody acknowledged (1): delivered or on its way, and no phone has replied yet');
  expect(report).toContain(`${TW.open} #9  delivered: a phone confirmed delivery (not acknowledged)`);
  expect(report.some((l) => / {2}notice {6}exhausted notice, to \*\*\*0100, sms SM\w+$/.test(l))).toBe(true);
  expect(report).toContain('Replies that named no open dispatch: 1 (each phone got one short answer listing its open codes)');
});

test('--failures lists the open unacknowledged dispatches; past the reply window they are no longer open', () => {
  const failures = formatReport(chains, loose, true, WINDOW_OPEN);
  expect(failures[0]).toBe('Not delivered (1):');
  expect(failures).toContain('Open, nobody acknowledged (1): delivered or on its way, and no phone has replied yet');
  expect(chains.filter((c) => isUnacknowledged(c, WINDOW_OPEN)).map((c) => c.inbound)).toEqual([TW.open]);
  expect(chains.filter((c) => isUnacknowledged(c, new Date(BASE.getTime() + 3_600_000)))).toEqual([]);
});

test('a phone that opted out shows up with what to do', () => {
  const failures = formatReport(chains, loose, true, WINDOW_OPEN);
  expect(failures).toContain('Phones that opted out (21610: the recipient replied STOP: Twilio will not text them until they reply START):');
  expect(failures).toContain('  primary ***0111: 1 send refused, last 2026-11-28T13:05:01.000Z. What to do: from that phone, text START to the relay number');
});
