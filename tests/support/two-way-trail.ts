import { formatAuditLine, type AuditRecord } from '../../src/core/twilio/audit';

const sid = (tag: string) => `SM${tag.padStart(32, '0')}`;
/** Dispatches (D…) and replies (R…) of the two-way trail. */
export const TW = {
  acked: sid('dd1'), ackedByBackup: sid('dd2'), open: sid('dd3'), exhausted: sid('dd4'), optedOut: sid('dd5'),
  reply: sid('ee1'), unmatched: sid('ee2'), loop: sid('ee3'),
};
const OUT = (n: number) => sid(`fe${n}`);

/**
 * A two-way trail in the shapes docs/two-way.md gives the events (`forwarded` with `code`,
 * `replied`, `acknowledged`, `notice`, `loop-suppressed`, `reply-unmatched`), written by the relay's
 * own formatAuditLine; minute m after `base`.
 */
export function twoWayTrail(base: Date): Array<[Date, AuditRecord]> {
  const at = (minute: number, second = 0) => new Date(base.getTime() + minute * 60_000 + second * 1000);
  const P = '+16195550111';
  const B = '+16195550122';
  return [
    [at(0), { event: 'received', inbound: TW.acked, from: '+16195550100', to: '+16195550000', media: 0 }],
    [at(0, 1), { event: 'forwarded', inbound: TW.acked, outbound: OUT(1), leg: 'primary', to: P, status: 'queued', code: 7 }],
    [at(0, 3), { event: 'delivered', inbound: TW.acked, outbound: OUT(1), leg: 'primary', status: 'delivered' }],
    [at(0, 46), { event: 'received', inbound: TW.reply, from: P, to: '+16195550000', media: 0 }],
    [at(0, 46), { event: 'replied', inbound: TW.acked, reply: TW.reply, leg: 'primary', code: 7, outbound: OUT(2) }],
    [at(0, 46), { event: 'acknowledged', inbound: TW.acked, leg: 'primary', code: 7, seconds: 45 }],
    [at(0, 50), { event: 'loop-suppressed', level: 'warn', inbound: TW.acked, reply: TW.loop, leg: 'primary' }],
    [at(1), { event: 'received', inbound: TW.ackedByBackup, from: '+16195550100', to: '+16195550000', media: 0 }],
    [at(1, 1), { event: 'forwarded', inbound: TW.ackedByBackup, outbound: OUT(3), leg: 'primary', to: P, status: 'queued', code: 8 }],
    [at(1, 5), { event: 'failover', level: 'warn', inbound: TW.ackedByBackup, outbound: OUT(3), leg: 'primary', status: 'undelivered', errorCode: '30003' }],
    [at(1, 6), { event: 'forwarded', inbound: TW.ackedByBackup, outbound: OUT(4), leg: 'backup', to: B, status: 'queued', primaryErrorCode: '30003', code: 8 }],
    [at(1, 9), { event: 'delivered', inbound: TW.ackedByBackup, outbound: OUT(4), leg: 'backup', status: 'delivered' }],
    [at(4, 21), { event: 'acknowledged', inbound: TW.ackedByBackup, leg: 'backup', code: 8, seconds: 200 }],
    [at(2), { event: 'received', inbound: TW.open, from: '+16195550100', to: '+16195550000', media: 0 }],
    [at(2, 1), { event: 'forwarded', inbound: TW.open, outbound: OUT(5), leg: 'primary', to: P, status: 'queued', code: 9 }],
    [at(2, 3), { event: 'delivered', inbound: TW.open, outbound: OUT(5), leg: 'primary', status: 'delivered' }],
    [at(3), { event: 'received', inbound: TW.exhausted, from: '+16195550100', to: '+16195550000', media: 0 }],
    [at(3, 1), { event: 'forwarded', inbound: TW.exhausted, outbound: OUT(6), leg: 'primary', to: P, status: 'queued', code: 10 }],
    [at(3, 5), { event: 'failover', level: 'warn', inbound: TW.exhausted, outbound: OUT(6), leg: 'primary', status: 'undelivered', errorCode: '30003' }],
    [at(3, 6), { event: 'forwarded', inbound: TW.exhausted, outbound: OUT(7), leg: 'backup', to: B, status: 'queued', code: 10 }],
    [at(3, 9), { event: 'exhausted', level: 'error', inbound: TW.exhausted, outbound: OUT(7), leg: 'backup', status: 'failed', errorCode: '30005', primaryErrorCode: '30003' }],
    [at(3, 10), { event: 'notice', inbound: TW.exhausted, notice: 'exhausted', to: '+16195550100', outbound: OUT(8) }],
    [at(5), { event: 'received', inbound: TW.optedOut, from: '+16195550100', to: '+16195550000', media: 0 }],
    [at(5, 1), { event: 'send-failed', level: 'warn', inbound: TW.optedOut, leg: 'primary', to: P, errorCode: '21610', reason: 'Attempt to send to unsubscribed recipient' }],
    [at(5, 1), { event: 'failover', level: 'warn', inbound: TW.optedOut, leg: 'backup', errorCode: '21610', reason: 'primary send refused' }],
    [at(5, 2), { event: 'forwarded', inbound: TW.optedOut, outbound: OUT(9), leg: 'backup', to: B, status: 'queued', primaryErrorCode: '21610', code: 11 }],
    [at(5, 4), { event: 'delivered', inbound: TW.optedOut, outbound: OUT(9), leg: 'backup', status: 'delivered' }],
    [at(5, 30), { event: 'acknowledged', inbound: TW.optedOut, leg: 'backup', code: 11, seconds: 28 }],
    [at(6), { event: 'received', inbound: TW.unmatched, from: P, to: '+16195550000', media: 0 }],
    [at(6), { event: 'reply-unmatched', inbound: TW.unmatched, leg: 'primary', code: 99, reason: 'no open dispatch #99' }],
  ];
}

export const twoWayJsonl = (base: Date) => twoWayTrail(base).map(([time, record]) => formatAuditLine(record, time)).join('\n') + '\n';
