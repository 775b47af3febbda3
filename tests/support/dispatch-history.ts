import { FAKE } from '../../dev/fixtures';
import type { StoredMessage } from '../../dev/emulator/messages';
import { buildForwardBody } from '../../src/core/sms/forward-body';
import type { AuditRecord } from '../../src/core/twilio/audit';

/** What happened to one scripted dispatch. */
export type Script = 'acked-primary' | 'unacked' | 'failover-acked' | 'opted-out-acked' | 'exhausted' | 'failed-over-pending' | 'pending' | 'stranger' | 'keyword';
const SCRIPTS: Script[] = ['acked-primary', 'unacked', 'failover-acked', 'opted-out-acked', 'exhausted', 'acked-primary', 'failed-over-pending', 'pending', 'stranger', 'keyword'];

export interface History {
  /** Twilio's records, for the emulator's Messages. */
  messages: StoredMessage[];
  /** The relay's audit lines of the same history. */
  trail: Array<[Date, AuditRecord]>;
  scripts: Map<string, Script>;
}

const hex = (kind: number, i: number) => `SM${kind.toString(16)}${i.toString(16).padStart(31, '0')}`;

/**
 * A few hundred dispatches over `days` up to `end`, in both shapes at once: the Message records Twilio
 * would hold and the audit lines the relay would have written (docs/two-way.md's events), so that
 * `npm run audit` can be run on each and the two compared. Times are whole seconds (Twilio's dates
 * have no more); primary / backup replies with and without a code acknowledge some.
 */
export function dispatchHistory(count: number, end: Date, days: number): History {
  const messages: StoredMessage[] = [];
  const trail: Array<[Date, AuditRecord]> = [];
  const scripts = new Map<string, Script>();
  const step = Math.floor((days * 86_400) / count);
  const start = Math.floor(end.getTime() / 1000) - days * 86_400;
  const record = (sid: string, from: string, to: string, body: string, status: string, created: Date, updated: Date, errorCode: number | null = null, inbound = false): void => {
    messages.push({ sid, accountSid: FAKE.accountSid, from, to, body, status, errorCode, createdAt: created, updatedAt: updated, sentAt: status === 'queued' ? null : created,
      mediaUrls: [], mediaSids: [], messagingServiceSid: null, sendAt: null, direction: inbound ? 'inbound' : 'outbound-api' });
  };
  const log = (at: Date, line: AuditRecord) => trail.push([at, line]);
  for (let i = 0; i < count; i++) {
    const script = SCRIPTS[i % SCRIPTS.length];
    const t = (s: number) => new Date((start + i * step + s) * 1000);
    const inbound = hex(1, i);
    scripts.set(inbound, script);
    const from = script === 'stranger' ? FAKE.stranger : FAKE.dispatcher.number;
    const text = script === 'keyword' ? 'STOP' : `Unit ${i} needed at gate ${i % 7}`;
    const code = (i % 999) + 1;
    record(inbound, from, FAKE.relayNumber, text, 'received', t(0), t(0), null, true);
    log(t(0), { event: 'received', inbound, from, to: FAKE.relayNumber, media: 0 });
    if (script === 'stranger') { log(t(0), { event: 'rejected', level: 'warn', inbound, from, reason: 'sender not on the whitelist' }); continue; }
    if (script === 'keyword') { log(t(0), { event: 'keyword', inbound, reason: 'STOP' }); continue; }
    const body = buildForwardBody(FAKE.dispatcher, text, 0, '', code);
    const primary = hex(2, i);
    const backup = hex(3, i);
    const leg = (sid: string, which: 'primary' | 'backup', status: string, at: number, final: number, errorCode: number | null = null) => {
      record(sid, FAKE.relayNumber, which === 'primary' ? FAKE.primaryNumber : FAKE.backupNumber, body, status, t(at), t(final), errorCode);
      log(t(at), { event: 'forwarded', inbound, outbound: sid, leg: which, to: which === 'primary' ? FAKE.primaryNumber : FAKE.backupNumber, status: 'queued', code });
    };
    if (script === 'opted-out-acked') {
      log(t(1), { event: 'send-failed', level: 'warn', inbound, leg: 'primary', to: FAKE.primaryNumber, errorCode: '21610', reason: 'Attempt to send to unsubscribed recipient' });
      log(t(1), { event: 'failover', level: 'warn', inbound, leg: 'backup', errorCode: '21610', reason: 'primary send refused' });
    } else {
      const outcome = script === 'acked-primary' || script === 'unacked' ? 'delivered' : script === 'pending' ? 'sent' : 'undelivered';
      leg(primary, 'primary', outcome, 1, 3, outcome === 'undelivered' ? 30003 : null);
      if (outcome === 'delivered') log(t(3), { event: 'delivered', inbound, outbound: primary, leg: 'primary', status: 'delivered' });
      if (outcome === 'undelivered') log(t(5), { event: 'failover', level: 'warn', inbound, outbound: primary, leg: 'primary', status: 'undelivered', errorCode: '30003' });
    }
    const viaBackup = script === 'failover-acked' || script === 'opted-out-acked' || script === 'exhausted' || script === 'failed-over-pending';
    if (viaBackup) {
      const status = script === 'exhausted' ? 'failed' : script === 'failed-over-pending' ? 'sent' : 'delivered';
      leg(backup, 'backup', status, 6, 9, status === 'failed' ? 30005 : null);
      if (status === 'delivered') log(t(9), { event: 'delivered', inbound, outbound: backup, leg: 'backup', status: 'delivered' });
      if (status === 'failed') log(t(9), { event: 'exhausted', level: 'error', inbound, outbound: backup, leg: 'backup', status: 'failed', errorCode: '30005' });
    }
    if (script === 'acked-primary' || script === 'failover-acked' || script === 'opted-out-acked') {
      const phone = script === 'acked-primary' ? 'primary' : 'backup';
      const first = script === 'acked-primary' ? 1 : 6;
      const after = 20 + ((i * 37) % 900);
      const reply = hex(4, i);
      record(reply, phone === 'primary' ? FAKE.primaryNumber : FAKE.backupNumber, FAKE.relayNumber, i % 2 ? `#${code} On my way` : 'On my way', 'received', t(first + after), t(first + after), null, true);
      log(t(first + after), { event: 'received', inbound: reply, from: phone === 'primary' ? FAKE.primaryNumber : FAKE.backupNumber, to: FAKE.relayNumber, media: 0 });
      log(t(first + after), { event: 'replied', inbound, reply, leg: phone, code, outbound: hex(5, i) });
      log(t(first + after), { event: 'acknowledged', inbound, leg: phone, code, seconds: first + after });
    }
  }
  return { messages, trail, scripts };
}
