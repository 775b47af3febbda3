import { keywordOf } from '../../../src/core/sms/keywords';
import { maskNumber } from '../../../src/core/phone';
import type { AuditLine } from './read-lines';

/** A Message resource as --from-twilio needs it (twilio-read.ts reads them through the SDK). */
export interface TwilioMessage {
  sid: string;
  from: string;
  to: string;
  /** Empty when the account redacts message bodies: then a forward is matched by time alone. */
  body: string;
  status: string;
  errorCode: number | null;
  dateCreated: Date;
  dateUpdated: Date;
  numMedia: number;
  messagingServiceSid: string | null;
}

export interface RelayNumbers {
  relay: string;
  primary: string;
  backup: string;
  /** MESSAGING_SERVICE_SID: the forwards then come from one of its numbers, not the relay number. */
  messagingServiceSid?: string;
}

/**
 * The forward's prefix as src/core/sms/forward-body.ts builds it: "From Dispatch (+16195550100) #7: …",
 * "From +16195550100: …", after an optional note ("[degraded mode] "…). The number is the dispatcher's.
 */
const FORWARD = /From (?:[^(\n]*\()?(\+\d{6,15})\)?(?: #(\d{1,3}))?: /;
/** The failover notice names the inbound SID (src/core/sms/failover-content.ts unreadableNotice). */
const NOTICE = /\[relay notice\].*?message ((?:SM|MM)[0-9a-f]{32})/;
/** A forward is made within seconds of its inbound (the webhook's 15 s), a failover within the carrier's minutes. */
const FORWARD_WINDOW_MS = 6 * 3_600_000;
const REPLY_CODE = /^\s*#(\d{1,3})\b/;

const FAILED = new Set(['failed', 'undelivered', 'partially_delivered']);
/**
 * A scheduled copy (escalation: docs/escalation.md) not sent (yet), or canceled by the relay once
 * someone acknowledged: no failure (https://www.twilio.com/docs/api/errors/30409), nobody reached.
 */
const NOT_SENT = new Set(['scheduled', 'canceled']);
const iso = (date: Date) => date.toISOString();
const legOf = (to: string, numbers: RelayNumbers) => (to === numbers.primary ? 'primary' : 'backup');

interface Dispatch {
  inbound: TwilioMessage;
  forwards: Array<{ message: TwilioMessage; code?: number; notice: boolean }>;
}

/** Which inbound a forward belongs to: the one it names, else the latest from its sender before it whose text it carries. */
function ownerOf(forward: TwilioMessage, inbound: TwilioMessage[]): { owner?: TwilioMessage; code?: number; notice: boolean } {
  const named = NOTICE.exec(forward.body)?.[1];
  if (named) return { owner: inbound.find((m) => m.sid === named), notice: true };
  const prefix = FORWARD.exec(forward.body);
  // Kept text without the prefix: not a forward but another of the relay's texts to the phone (a
  // "taken" notice, an unknown-code answer). An empty body is a redacted one: matched by time.
  if (!prefix && forward.body !== '') return { notice: false };
  const sender = prefix?.[1];
  const code = prefix?.[2] === undefined ? undefined : Number(prefix[2]);
  const text = prefix ? forward.body.slice(prefix.index + prefix[0].length) : '';
  const candidates = inbound.filter((m) => {
    const age = forward.dateCreated.getTime() - m.dateCreated.getTime();
    return (!sender || m.from === sender) && age >= -2000 && age <= FORWARD_WINDOW_MS;
  });
  // Bodies kept (no redaction): the forward carries the inbound's text, perhaps cut to fit.
  const sameText = candidates.filter((m) => !text || !m.body || m.body.startsWith(text.replace(/ …\[truncated\]$/, '')) || text.startsWith(m.body));
  const pool = sameText.length > 0 ? sameText : candidates;
  return { owner: pool.sort((a, b) => b.dateCreated.getTime() - a.dateCreated.getTime())[0], code, notice: false };
}

function dispatchLines(dispatch: Dispatch, numbers: RelayNumbers): AuditLine[] {
  const { inbound } = dispatch;
  const lines: AuditLine[] = [{ ts: iso(inbound.dateCreated), audit: 'received', inbound: inbound.sid, from: maskNumber(inbound.from), to: maskNumber(inbound.to), media: inbound.numMedia }];
  const forwards = [...dispatch.forwards].sort((a, b) => a.message.dateCreated.getTime() - b.message.dateCreated.getTime());
  const primaryError = forwards.find((f) => legOf(f.message.to, numbers) === 'primary' && FAILED.has(f.message.status))?.message.errorCode;
  for (const [i, { message, code, notice }] of forwards.entries()) {
    const leg = legOf(message.to, numbers);
    if (NOT_SENT.has(message.status)) {
      lines.push({ ts: iso(message.dateUpdated), audit: 'status', inbound: inbound.sid, outbound: message.sid, leg, status: message.status, reason: 'scheduled copy' });
      continue;
    }
    const base = { inbound: inbound.sid, outbound: message.sid, leg, ...(code !== undefined && { code }), ...(notice && { content: 'notice' as const }) };
    const primaryErrorCode = leg === 'backup' && primaryError ? { primaryErrorCode: String(primaryError) } : {};
    lines.push({ ts: iso(message.dateCreated), audit: 'forwarded', ...base, to: maskNumber(message.to), status: 'queued', ...primaryErrorCode });
    const final = { ts: iso(new Date(Math.max(message.dateUpdated.getTime(), message.dateCreated.getTime()))), ...base, status: message.status, ...(message.errorCode && { errorCode: String(message.errorCode) }) };
    if (message.status === 'delivered' || message.status === 'read') lines.push({ ...final, audit: 'delivered' });
    else if (FAILED.has(message.status)) {
      const later = forwards.slice(i + 1).some((f) => legOf(f.message.to, numbers) === 'backup');
      lines.push(leg === 'primary' || later ? { ...final, audit: 'failover', level: 'warn' } : { ...final, ...primaryErrorCode, audit: 'exhausted', level: 'error' });
    }
  }
  return lines;
}

/** A reply: a message to the relay number from a phone that an open dispatch reached (docs/two-way.md). */
function replyLines(reply: TwilioMessage, dispatches: Dispatch[], numbers: RelayNumbers, replyWindowMs: number): AuditLine[] {
  const leg = reply.from === numbers.primary ? 'primary' : 'backup';
  const reached = dispatches.filter((d) => {
    const age = reply.dateCreated.getTime() - d.inbound.dateCreated.getTime();
    return age > 0 && age <= replyWindowMs && d.forwards.some((f) => f.message.to === reply.from && !FAILED.has(f.message.status) && !NOT_SENT.has(f.message.status));
  });
  const code = REPLY_CODE.exec(reply.body)?.[1];
  const coded = code === undefined ? undefined : reached.filter((d) => d.forwards.some((f) => f.code === Number(code)));
  const target = (coded ?? reached).sort((a, b) => b.inbound.dateCreated.getTime() - a.inbound.dateCreated.getTime())[0];
  if (!target) return [{ ts: iso(reply.dateCreated), audit: 'reply-unmatched', inbound: reply.sid, leg, ...(code !== undefined && { code: Number(code) }) }];
  const dispatchCode = target.forwards.find((f) => f.code !== undefined)?.code;
  // The relay counts from the dispatch's record, made as the inbound arrives (record.ts secondsToAck):
  // the inbound's date_created, not the first forward's (a primary refused at once has none).
  const seconds = Math.max(0, Math.round((reply.dateCreated.getTime() - target.inbound.dateCreated.getTime()) / 1000));
  return [{ ts: iso(reply.dateCreated), audit: 'replied', inbound: target.inbound.sid, reply: reply.sid, leg, ...(dispatchCode !== undefined && { code: dispatchCode }), seconds }];
}

/**
 * The audit lines the relay would have written, rebuilt from Twilio's Message records: inbound
 * messages to the relay number, forwards to PRIMARY_NUMBER / BACKUP_NUMBER (matched to their
 * inbound by prefix, text and time), and replies from those phones (the first acknowledges).
 * Each line carries `source: 'twilio'`. What only the logs know (a refused send such as 21610,
 * which leaves no Message; claims; errors before any send) is absent.
 */
export function linesFromTwilio(inbound: TwilioMessage[], forwards: TwilioMessage[], numbers: RelayNumbers, replyWindowMs: number): AuditLine[] {
  const fromPhones = (m: TwilioMessage) => m.from === numbers.primary || m.from === numbers.backup;
  const dispatched = inbound.filter((m) => !fromPhones(m)).sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime());
  const dispatches = new Map<string, Dispatch>(dispatched.map((m) => [m.sid, { inbound: m, forwards: [] }]));
  // Only the relay's own sends: from the relay number, or through its Messaging Service.
  const relaySent = (m: TwilioMessage) => m.from === numbers.relay || (!!numbers.messagingServiceSid && m.messagingServiceSid === numbers.messagingServiceSid);
  for (const forward of forwards.filter(relaySent)) {
    const { owner, code, notice } = ownerOf(forward, dispatched);
    if (owner) dispatches.get(owner.sid)?.forwards.push({ message: forward, code, notice });
  }
  const lines = [...dispatches.values()].flatMap((d) => {
    if (d.forwards.length > 0) return dispatchLines(d, numbers);
    const received = dispatchLines(d, numbers);
    // Nothing forwarded: Twilio's keyword, a sender the relay rejected, or a failure only the logs explain.
    const forwardedBefore = [...dispatches.values()].some((o) => o.inbound.from === d.inbound.from && o.forwards.length > 0);
    const audit = keywordOf(d.inbound.body) ? 'keyword' : forwardedBefore ? 'error' : 'rejected';
    return [...received, { ts: received[0].ts, audit, inbound: d.inbound.sid, reason: audit === 'error' ? 'nothing forwarded (the logs say why)' : audit === 'rejected' ? 'nothing forwarded: not on the whitelist?' : undefined }];
  });
  const replies = inbound.filter((m) => fromPhones(m) && !keywordOf(m.body)).sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime());
  const acked = new Set<string>();
  for (const reply of replies) {
    // The seconds belong on the first reply's `acknowledged` line only, as the relay writes them.
    for (const { seconds, ...line } of replyLines(reply, [...dispatches.values()], numbers, replyWindowMs)) {
      lines.push(line);
      if (line.audit === 'replied' && line.inbound && !acked.has(line.inbound)) {
        acked.add(line.inbound);
        lines.push({ ts: line.ts, audit: 'acknowledged', inbound: line.inbound, leg: line.leg, code: line.code, seconds });
      }
    }
  }
  return lines.map((line): AuditLine => ({ ...line, source: 'twilio' }));
}
