import { formatAuditLine, type AuditRecord } from '../../src/core/twilio/audit';

const sid = (tag: string) => `SM${tag.padStart(32, '0')}`;
export const IN = { delivered: sid('a1'), viaBackup: sid('b2'), exhausted: sid('c3'), pending: sid('d4'), failedOver: sid('e5'), rejected: sid('f6'), notForwarded: sid('a7') };
const OUT = (n: number) => sid(`ff${n}`);

const at = (minute: number, second = 0) => new Date(Date.UTC(2026, 10, 28, 13, minute, second));

/**
 * One audit trail with a message of every outcome, written by the relay's own formatAuditLine, so
 * the tools read exactly what the relay writes. Minute m of 2026-11-28 13:mm UTC.
 */
export const TRAIL: Array<[Date, AuditRecord]> = [
  [at(0), { event: 'whitelist', level: 'warn', reason: 'entry #2 skipped' }],
  [at(1), { event: 'received', inbound: IN.delivered, from: '+16195550100', to: '+16195550000', media: 0 }],
  [at(1, 1), { event: 'forwarded', inbound: IN.delivered, outbound: OUT(1), leg: 'primary', to: '+16195550111', status: 'queued' }],
  [at(1, 3), { event: 'delivered', inbound: IN.delivered, outbound: OUT(1), leg: 'primary', status: 'delivered' }],
  [at(1, 4), { event: 'duplicate' as AuditRecord['event'], inbound: IN.delivered, reason: 'webhook retried' }],
  [at(2), { event: 'received', inbound: IN.viaBackup, from: '+18585550123', to: '+16195550000', media: 1 }],
  [at(2, 1), { event: 'forwarded', inbound: IN.viaBackup, outbound: OUT(2), leg: 'primary', to: '+16195550111', status: 'queued' }],
  [at(2, 5), { event: 'failover', level: 'warn', inbound: IN.viaBackup, outbound: OUT(2), leg: 'primary', status: 'undelivered', errorCode: '30003', reason: 'primary not delivered' }],
  [at(2, 6), { event: 'forwarded', inbound: IN.viaBackup, outbound: OUT(3), leg: 'backup', to: '+16195550122', status: 'queued', primaryErrorCode: '30003' }],
  [at(2, 9), { event: 'delivered', inbound: IN.viaBackup, outbound: OUT(3), leg: 'backup', status: 'delivered' }],
  [at(3), { event: 'received', inbound: IN.exhausted, from: '+16195550100', to: '+16195550000', media: 0 }],
  [at(3, 1), { event: 'forwarded', inbound: IN.exhausted, outbound: OUT(4), leg: 'primary', to: '+16195550111', status: 'queued' }],
  [at(3, 5), { event: 'failover', level: 'warn', inbound: IN.exhausted, outbound: OUT(4), leg: 'primary', status: 'undelivered', errorCode: '30003', reason: 'primary not delivered' }],
  [at(3, 6), { event: 'forwarded', inbound: IN.exhausted, outbound: OUT(5), leg: 'backup', to: '+16195550122', status: 'queued', primaryErrorCode: '30003' }],
  [at(3, 9), { event: 'exhausted', level: 'error', inbound: IN.exhausted, outbound: OUT(5), leg: 'backup', status: 'failed', errorCode: '30005', primaryErrorCode: '30003', reason: 'no phone received the message' }],
  [at(4), { event: 'rejected', level: 'warn', reason: 'unsigned request refused: no X-Twilio-Signature' }],
  [at(5), { event: 'received', inbound: IN.pending, from: '+16195550100', to: '+16195550000', media: 0 }],
  [at(5, 1), { event: 'forwarded', inbound: IN.pending, outbound: OUT(6), leg: 'primary', to: '+16195550111', status: 'queued' }],
  [at(6), { event: 'received', inbound: IN.failedOver, from: '+16195550100', to: '+16195550000', media: 0 }],
  [at(6, 1), { event: 'send-failed', level: 'warn', inbound: IN.failedOver, leg: 'primary', to: '+16195550111', errorCode: '21610', reason: 'Attempt to send to unsubscribed recipient' }],
  [at(6, 1), { event: 'failover', level: 'warn', inbound: IN.failedOver, leg: 'backup', errorCode: '21610', reason: 'primary send refused' }],
  [at(6, 2), { event: 'forwarded', inbound: IN.failedOver, outbound: OUT(7), leg: 'backup', to: '+16195550122', status: 'queued', primaryErrorCode: '21610' }],
  [at(7), { event: 'received', inbound: IN.rejected, from: '+16195550199', to: '+16195550000', media: 0 }],
  [at(7), { event: 'rejected', inbound: IN.rejected, from: '+16195550199', reason: 'sender not on the whitelist' }],
  [at(8), { event: 'received', inbound: IN.notForwarded, from: '+16195550100', to: '+16195550000', media: 0 }],
  [at(8), { event: 'error', level: 'error', inbound: IN.notForwarded, reason: 'failing closed, nothing forwarded: whitelist has no usable sender' }],
];

/** The trail as AUDIT_LOG_FILE holds it. */
export const trailJsonl = (trail = TRAIL) => trail.map(([time, record]) => formatAuditLine(record, time)).join('\n') + '\n';

/** The trail as `twilio serverless:logs --output-format=json` prints it: one Log resource per line. */
export const trailAsTwilioLogs = (trail = TRAIL) =>
  trail
    .map(([time, record], i) =>
      JSON.stringify({
        sid: `NO${String(i).padStart(32, '0')}`,
        account_sid: `AC${'0'.repeat(32)}`,
        service_sid: `ZS${'0'.repeat(32)}`,
        environment_sid: `ZE${'0'.repeat(32)}`,
        deployment_sid: `ZD${'0'.repeat(32)}`,
        function_sid: `ZH${'0'.repeat(32)}`,
        request_sid: `RQ${'0'.repeat(32)}`,
        level: record.level === 'error' ? 'ERROR' : record.level === 'warn' ? 'WARN' : 'INFO',
        message: formatAuditLine(record, time),
        date_created: time.toISOString().replace(/\.\d+Z$/, 'Z'),
        url: 'https://serverless.twilio.com/v1/…',
      }),
    )
    .join('\n') + '\n';
