import { parseAuditText } from '../../../dev/tools/audit/read-lines';
import { TRAIL, trailAsTwilioLogs, trailJsonl } from '../../support/audit-trail';

describe('parseAuditText', () => {
  it('reads AUDIT_LOG_FILE lines as the relay writes them', () => {
    const { lines, unreadable, foreign } = parseAuditText(trailJsonl());
    expect(lines).toHaveLength(TRAIL.length);
    expect(lines[2]).toEqual({ ts: '2026-11-28T13:01:01.000Z', audit: 'forwarded', level: 'info', inbound: expect.stringMatching(/^SM/), outbound: expect.stringMatching(/^SM/), leg: 'primary', to: '***0111', status: 'queued' });
    expect([unreadable, foreign]).toEqual([[], 0]);
  });

  it('reads the same lines out of twilio serverless:logs --output-format=json', () => {
    expect(parseAuditText(trailAsTwilioLogs()).lines).toEqual(parseAuditText(trailJsonl()).lines);
  });

  it('reads the JSON array the Twilio CLI prints for logs:list -o json (camelCase dateCreated)', () => {
    const logs = trailAsTwilioLogs().trim().split('\n').map((line) => {
      const { date_created: dateCreated, ...log } = JSON.parse(line);
      return { ...log, dateCreated };
    });
    expect(parseAuditText(JSON.stringify(logs, null, 2)).lines).toEqual(parseAuditText(trailJsonl()).lines);
  });

  it('reads the plain "[LEVEL][date]: message" output of twilio serverless:logs too', () => {
    const line = '[INFO][2026-11-28T13:01:00Z]: {"ts":"2026-11-28T13:01:00.000Z","audit":"received","level":"info","inbound":"SM1"}';
    expect(parseAuditText(line).lines).toEqual([{ ts: '2026-11-28T13:01:00.000Z', audit: 'received', level: 'info', inbound: 'SM1' }]);
  });

  it("takes the log's date_created when a message has no ts", () => {
    const log = JSON.stringify({ message: '{"audit":"received","inbound":"SM1"}', date_created: '2026-11-28T13:01:00Z' });
    expect(parseAuditText(log).lines[0].ts).toBe('2026-11-28T13:01:00Z');
  });

  it('counts other log output and lines that are not JSON, without failing', () => {
    const text = ['{"message":"Execution started"}', 'garbage', '', '{"audit":"received","ts":"not a time"}', '[1,2]', trailJsonl().split('\n')[1]].join('\n');
    expect(parseAuditText(text)).toEqual({ lines: [expect.objectContaining({ audit: 'received' })], unreadable: [2], foreign: 3 });
  });
});
