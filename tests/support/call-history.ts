import { FAKE } from '../../dev/fixtures';
import type { StoredCall } from '../../dev/emulator/call-routes';
import type { StoredMessage } from '../../dev/emulator/messages';
import type { AuditRecord } from '../../src/core/twilio/audit';

type CallScript = 'by-primary' | 'by-backup' | 'screened-out' | 'voicemail' | 'nobody' | 'stranger';
const SCRIPTS: CallScript[] = ['by-primary', 'by-backup', 'screened-out', 'voicemail', 'nobody', 'stranger'];
/** Each script's child calls: who was rung, and how the <Dial> ended. */
const DIALS: Record<CallScript, Array<['primary' | 'backup', string]>> = {
  'by-primary': [['primary', 'completed']],
  'by-backup': [['primary', 'no-answer'], ['backup', 'completed']],
  // Screening: the primary picked up and did not accept; Twilio still says "completed".
  'screened-out': [['primary', 'completed'], ['backup', 'completed']],
  voicemail: [['primary', 'busy'], ['backup', 'no-answer']],
  nobody: [['primary', 'no-answer'], ['backup', 'busy']],
  stranger: [],
};

const sid = (prefix: string, kind: number, i: number) => `${prefix}${kind.toString(16)}${i.toString(16).padStart(31, '0')}`;

/**
 * Calls over `days` up to `end`, in both shapes: the Calls (and voicemail texts) Twilio holds and
 * the voice handlers' audit lines, for --from-twilio to be compared with the logs.
 */
export function callHistory(count: number, end: Date, days: number) {
  const calls: StoredCall[] = [];
  const texts: StoredMessage[] = [];
  const trail: Array<[Date, AuditRecord]> = [];
  const step = Math.floor((days * 86_400) / count);
  const start = Math.floor(end.getTime() / 1000) - days * 86_400 + 1800;
  for (let i = 0; i < count; i++) {
    const script = SCRIPTS[i % SCRIPTS.length];
    const t = (s: number) => new Date((start + i * step + s) * 1000);
    const inbound = sid('CA', 1, i);
    const from = script === 'stranger' ? FAKE.stranger : FAKE.dispatcher.number;
    const dials = DIALS[script];
    calls.push({ sid: inbound, accountSid: FAKE.accountSid, from, to: FAKE.relayNumber, status: 'completed', direction: 'inbound', parentCallSid: null, startTime: t(0), endTime: t(60), duration: 60 });
    if (script === 'stranger') trail.push([t(0), { event: 'rejected', level: 'warn', inbound, from, reason: 'caller not on the whitelist' }]);
    dials.forEach(([leg, status], n) => {
      const to = leg === 'primary' ? FAKE.primaryNumber : FAKE.backupNumber;
      calls.push({ sid: sid('CA', 2 + n, i), accountSid: FAKE.accountSid, from: FAKE.relayNumber, to, status, direction: 'outbound-dial', parentCallSid: inbound, startTime: t(1 + n * 20), endTime: t(19 + n * 20), duration: status === 'completed' ? 18 : 0 });
      trail.push([t(1 + n * 20), { event: 'dialing', inbound, leg, to }]);
      const last = n === dials.length - 1;
      if (last && status === 'completed') trail.push([t(19 + n * 20), { event: 'connected', inbound, leg, duration: 18 }]);
      else if (!last) trail.push([t(19 + n * 20), { event: 'failover', level: 'warn', inbound, leg, status }]);
    });
    if (script === 'nobody') trail.push([t(40), { event: 'exhausted', level: 'error', inbound, leg: 'backup', status: 'busy' }]);
    if (script === 'voicemail') {
      trail.push([t(70), { event: 'voicemail', inbound, duration: 12 }]);
      for (const [n, to] of [FAKE.primaryNumber, FAKE.backupNumber].entries()) {
        const text = sid('SM', 9 + n, i);
        texts.push({ sid: text, accountSid: FAKE.accountSid, from: FAKE.relayNumber, to, body: `Voicemail from Dispatch (${FAKE.dispatcher.number}): Tow truck needed.`, status: 'delivered', errorCode: null,
          createdAt: t(90), updatedAt: t(92), sentAt: t(90), sendAt: null, mediaUrls: [], mediaSids: [], messagingServiceSid: null });
        trail.push([t(90), { event: 'forwarded', inbound, outbound: text, leg: n === 0 ? 'primary' : 'backup', to, status: 'queued' }]);
      }
    }
  }
  return { calls, texts, trail };
}
