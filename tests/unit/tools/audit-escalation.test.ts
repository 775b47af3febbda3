/** npm run audit with escalation: whether and when each dispatch escalated, and who acknowledged it (primary, backup, nobody). */
import { buildChains } from '../../../dev/tools/audit/chains';
import { parseAuditText } from '../../../dev/tools/audit/read-lines';
import { renderHtml } from '../../../dev/tools/audit/html-report';
import { formatReport } from '../../../dev/tools/audit/report';

const sid = (n: number) => `SM${n.toString(16).padStart(32, '0')}`;
const [BY_PRIMARY, BY_BACKUP, NOBODY, OFF] = [1, 2, 3, 4].map(sid);
const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 12, minutes, 0)).toISOString();
const line = (minutes: number, audit: string, inbound: string, extra: Record<string, unknown> = {}) => JSON.stringify({ ts: at(minutes), audit, level: 'info', inbound, ...extra });

function dispatch(inbound: string, code: number, extra: string[]): string[] {
  return [
    line(0, 'received', inbound, { from: '***0100', to: '***0000', media: 0 }),
    line(0, 'forwarded', inbound, { code, leg: 'primary', outbound: sid(100 + code), to: '***0111', status: 'accepted' }),
    ...(inbound === OFF ? [] : [line(0, 'escalation-scheduled', inbound, { code, copy: 'backup', outbound: sid(200 + code), sendAt: '2026-12-01T12:15:00Z' })]),
    ...extra,
  ];
}
const text = [
  ...dispatch(BY_PRIMARY, 1, [line(3, 'acknowledged', BY_PRIMARY, { code: 1, leg: 'primary', seconds: 180 }), line(3, 'escalation-canceled', BY_PRIMARY, { code: 1, copy: 'backup', why: 'acknowledged' })]),
  ...dispatch(BY_BACKUP, 2, [line(15, 'escalated', BY_BACKUP, { copy: 'backup', status: 'queued' }), line(20, 'acknowledged', BY_BACKUP, { code: 2, leg: 'backup', seconds: 1200 })]),
  ...dispatch(NOBODY, 3, [line(15, 'escalated', NOBODY, { copy: 'backup', status: 'queued' }), line(30, 'unacknowledged', NOBODY, { copy: 'dispatcher', status: 'queued' })]),
  ...dispatch(OFF, 4, []),
].join('\n');

const { chains, loose } = buildChains(parseAuditText(text).lines);
const report = formatReport(chains, loose, false, new Date(Date.UTC(2026, 11, 1, 11, 0, 0)));

test('each dispatch shows whether and when it escalated; one without escalation shows nothing of it', () => {
  expect(report).toContain(`  #1    ${BY_PRIMARY}  pending             acknowledged by primary after 3 min, not escalated`);
  expect(report).toContain(`  #2    ${BY_BACKUP}  pending             acknowledged by backup after 20 min, escalated at 12:15:00Z`);
  expect(report).toContain(`  #3    ${NOBODY}  pending             not acknowledged, escalated at 12:15:00Z`);
  expect(report).toContain(`  #4    ${OFF}  pending             not acknowledged`);
});

test('the report counts the dispatches acknowledged by the primary, by the backup and by nobody', () => {
  expect(report).toContain('Escalation: 2 of 3 escalated to the backup; acknowledged by the primary 1, by the backup 1, by nobody 1');
});

test('the HTML page says it too', () => {
  const html = renderHtml(chains, { source: 'audit.jsonl', generatedAt: new Date(Date.UTC(2026, 11, 1, 13, 0, 0)), openSince: new Date(Date.UTC(2026, 11, 1, 11, 0, 0)) });
  expect(html).toContain('acknowledged by backup after 20 min, escalated at 12:15:00Z');
});
