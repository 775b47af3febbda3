/** npm run audit with PAGE_BY_CALL: which phones each dispatch paged, whose page escalated, and whether pressing 1 acknowledged it. */
import { buildChains } from '../../../dev/tools/audit/chains';
import { parseAuditText } from '../../../dev/tools/audit/read-lines';
import { formatReport } from '../../../dev/tools/audit/report';

const sid = (prefix: string, n: number) => `${prefix}${n.toString(16).padStart(32, '0')}`;
const [PRESSED, ESCALATED, NOT_PAGED] = [1, 2, 3].map((n) => sid('SM', n));
const at = (seconds: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, seconds)).toISOString();
const line = (seconds: number, audit: string, inbound: string, extra: Record<string, unknown> = {}) => JSON.stringify({ ts: at(seconds), audit, level: 'info', inbound, ...extra });
const dispatch = (inbound: string, code: number, extra: string[]) => [
  line(0, 'received', inbound, { from: '***0100', to: '***0000', media: 0 }),
  line(0, 'forwarded', inbound, { code, leg: 'primary', outbound: sid('SM', 100 + code), to: '***0111', status: 'accepted' }),
  ...extra,
];
const text = [
  ...dispatch(PRESSED, 1, [line(1, 'paged', PRESSED, { code: 1, leg: 'primary', outbound: sid('CA', 1), to: '***0111' }), line(9, 'acknowledged', PRESSED, { code: 1, leg: 'primary', seconds: 9, outbound: sid('CA', 1), reason: 'pressed 1 on a page call' })]),
  ...dispatch(ESCALATED, 2, [
    line(1, 'paged', ESCALATED, { code: 2, leg: 'primary', outbound: sid('CA', 2) }),
    line(22, 'page-escalated', ESCALATED, { code: 2, leg: 'primary', level: 'warn', reason: 'no-answer: backup texted and paged now' }),
    line(22, 'paged', ESCALATED, { code: 2, leg: 'backup', outbound: sid('CA', 3) }),
  ]),
  ...dispatch(NOT_PAGED, 3, []),
].join('\n');

const { chains, loose } = buildChains(parseAuditText(text).lines);
const report = formatReport(chains, loose, false, new Date(Date.UTC(2026, 11, 1, 11, 0, 0)));

test('each paged dispatch shows its pages, whose escalated, and an acknowledgement by call; one not paged shows nothing of it', () => {
  expect(report).toContain(`  #1    ${PRESSED}  pending             acknowledged by primary after 9 s, paged primary, acknowledged by call`);
  expect(report).toContain(`  #2    ${ESCALATED}  pending             not acknowledged, paged primary, backup (primary escalated)`);
  expect(report).toContain(`  #3    ${NOT_PAGED}  pending             not acknowledged`);
});
