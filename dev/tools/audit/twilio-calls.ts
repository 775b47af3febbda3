import { maskNumber } from '../../../src/core/phone';
import type { AuditLine } from './read-lines';
import type { RelayNumbers, TwilioMessage } from './twilio-match';

/** A Call resource as --from-twilio needs it: the caller's inbound call, or a <Dial>'s child call to a phone. */
export interface TwilioCall {
  sid: string;
  from: string;
  to: string;
  status: string;
  parentCallSid: string | null;
  startTime: Date;
  endTime: Date | null;
  duration: number | null;
}

/** src/core/voice/voicemail.ts voicemailBody: "Voicemail from Dispatch (+16195550100): <text>". */
const VOICEMAIL = /^Voicemail from (?:[^(\n]*\()?(\+\d{6,15})\)?: /;
/** A voicemail's text goes out once it is transcribed: minutes after the call, rarely more. */
const VOICEMAIL_WINDOW_MS = 30 * 60_000;
const iso = (date: Date) => date.toISOString();

/**
 * The lines the voice handlers would have written for one inbound call (call-outcomes.ts reads
 * them): a `dialing` per child call, `connected` when the last one was answered (an answered call
 * followed by another was not taken: screened out), `failover` between them, then the voicemail's
 * texts (Messages to the phones, "Voicemail from …"), or `exhausted`. No child call and no
 * voicemail: the relay rejected the caller.
 */
function callLines(call: TwilioCall, children: TwilioCall[], texts: TwilioMessage[], numbers: RelayNumbers): AuditLine[] {
  const kids = children.filter((c) => c.parentCallSid === call.sid).sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  const legOf = (to: string) => (to === numbers.primary ? 'primary' : 'backup');
  const lines: AuditLine[] = [];
  const base = { inbound: call.sid, source: 'twilio' as const };
  for (const [i, kid] of kids.entries()) {
    const leg = legOf(kid.to);
    const ended = iso(kid.endTime ?? kid.startTime);
    lines.push({ ts: iso(kid.startTime), audit: 'dialing', ...base, leg, to: maskNumber(kid.to) });
    if (i === kids.length - 1 && kid.status === 'completed') lines.push({ ts: ended, audit: 'connected', ...base, leg, status: kid.status, ...(kid.duration !== null && { duration: kid.duration }) });
    else if (i < kids.length - 1) lines.push({ ts: ended, audit: 'failover', level: 'warn', ...base, leg, status: kid.status });
  }
  if (lines.some((line) => line.audit === 'connected')) return lines;
  const start = call.startTime.getTime();
  const voicemail = texts.filter((m) => VOICEMAIL.exec(m.body)?.[1] === call.from && m.dateCreated.getTime() >= start && m.dateCreated.getTime() <= (call.endTime ?? call.startTime).getTime() + VOICEMAIL_WINDOW_MS);
  if (voicemail.length > 0) {
    lines.push({ ts: iso(voicemail[0].dateCreated), audit: 'voicemail', ...base });
    for (const text of voicemail) lines.push({ ts: iso(text.dateCreated), audit: 'forwarded', ...base, outbound: text.sid, leg: legOf(text.to), to: maskNumber(text.to), status: 'queued' });
  } else if (kids.length > 0) {
    const last = kids[kids.length - 1];
    lines.push({ ts: iso(call.endTime ?? call.startTime), audit: 'exhausted', level: 'error', ...base, leg: legOf(last.to), status: last.status });
  }
  else lines.push({ ts: iso(call.startTime), audit: 'rejected', level: 'warn', ...base, from: maskNumber(call.from), reason: 'no phone was rung: not on the whitelist?' });
  return lines;
}

/** Every inbound call to the relay number, rebuilt into the voice handlers' audit lines. */
export function callLinesFromTwilio(inbound: TwilioCall[], children: TwilioCall[], texts: TwilioMessage[], numbers: RelayNumbers): AuditLine[] {
  return inbound.filter((call) => call.parentCallSid === null).flatMap((call) => callLines(call, children, texts, numbers));
}
