import { appendFileSync } from 'node:fs';
import type { Leg } from '../legs';
import { maskNumber, maskNumbersIn } from '../phone';
import type { AlertKind } from '../alerts/alert-payload';

export type AuditEvent =
  | 'received'
  | 'rejected'
  | 'forwarded'
  | 'send-failed'
  // Twilio may have created the message, and nobody could tell (the answer and a lookup both failed).
  | 'send-unknown'
  | 'duplicate'
  | 'claim-unavailable'
  | 'pending'
  | 'fallback'
  | 'failover'
  | 'status'
  | 'delivered'
  | 'exhausted'
  | 'ignored'
  | 'whitelist'
  | 'error'
  // A whole message that is one of Twilio's keywords (STOP, START, HELP…): Twilio answers it; the relay passes it to nobody.
  | 'keyword'
  // Two-way (docs/two-way.md): a reply relayed to the dispatcher, the first one acknowledging the dispatch;
  // the "taken" / "exhausted" notices; auto-responders stopped; a reply naming no open dispatch; Sync trouble.
  | 'replied'
  | 'acknowledged'
  | 'notice'
  | 'loop-suppressed'
  | 'reply-unmatched'
  | 'dispatch-unavailable'
  // Escalation (docs/escalation.md): copies scheduled at the first forward, one canceled (why), the
  // backup's copy went out (the dispatch escalated), the dispatcher's "not acknowledged" went out.
  | 'escalation-scheduled'
  | 'escalation-canceled'
  | 'escalated'
  | 'unacknowledged'
  // Calls: a leg is being rung, it was answered (and accepted), the screening prompt's outcome, a voicemail was left.
  | 'dialing'
  | 'connected'
  | 'screened'
  | 'voicemail'
  // Paging (docs/calls.md, PAGE_BY_CALL): a phone was called about a dispatch, the call was answered
  // (the prompt played), its end escalated the dispatch; a leg phone's call was put through to a dispatcher.
  | 'paged'
  | 'page-answered'
  | 'page-escalated'
  | 'callback'
  // An alert to ALERT_WEBHOOK_URL was sent (or, at level error, could not be).
  | 'alert';

/**
 * One decision of the relay. There is deliberately no field for a message body or a credential:
 * the audit trail must be safe to paste into a ticket.
 */
export interface AuditRecord {
  event: AuditEvent;
  level?: 'info' | 'warn' | 'error';
  /** SID of the inbound message or call (CA…) the chain belongs to. */
  inbound?: string;
  /** SID of the outbound message (or, paging, the page call) this line is about. */
  outbound?: string;
  leg?: Leg;
  status?: string;
  /** Twilio error code as a string, as status callbacks carry it ("30003"), or "network". */
  errorCode?: string;
  /** On a backup leg's lines: the code the primary leg failed with. */
  primaryErrorCode?: string;
  from?: string;
  to?: string;
  media?: number;
  /** On `received`: media the message had that cannot be forwarded (past Twilio's 10, or not http(s)). */
  mediaDropped?: number;
  /** REST attempts a send took (retries on 429/5xx/network). */
  attempts?: number;
  /** "notice": the backup was sent a notice with the inbound SID, not the dispatch's text, which could not be re-read. */
  content?: 'notice';
  /** Seconds: how long a connected call or a voicemail recording lasted. */
  duration?: number;
  reason?: string;
  /** Two-way: the dispatch's code (#7 is 7), on its `forwarded` lines and the lines about its replies. */
  code?: number;
  /** Two-way: SID of the reply (from the primary or backup phone) the line is about. */
  reply?: string;
  /** Two-way, on `acknowledged`: seconds from the forward to the first reply. */
  seconds?: number;
  /** Two-way, on `notice`: which notice was sent. */
  notice?: 'taken' | 'exhausted' | 'held' | 'unpaged';
  /** On `alert`: which alert. */
  alert?: AlertKind;
  /** Escalation: which scheduled copy the line is about, the backup's or the dispatcher's. */
  copy?: 'backup' | 'dispatcher';
  /** Escalation, on `escalation-scheduled`: the copy's SendAt (ISO 8601, whole seconds). */
  sendAt?: string;
  /** Escalation, on `escalation-canceled`: acknowledged, failed-over or exhausted. */
  why?: 'acknowledged' | 'failed-over' | 'exhausted';
}

export type Audit = (record: AuditRecord) => void;

export interface AuditSink {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
}

export function formatAuditLine(record: AuditRecord, now: Date = new Date()): string {
  const { event, level = 'info', from, to, reason, ...rest } = record;
  return JSON.stringify({
    ts: now.toISOString(),
    audit: event,
    level,
    ...rest,
    ...(from !== undefined && { from: maskNumber(from) }),
    ...(to !== undefined && { to: maskNumber(to) }),
    ...(reason !== undefined && { reason: maskNumbersIn(reason) }),
  });
}

/**
 * Writes audit lines to the function log at their level (console.error lines are flagged as
 * errors in Twilio's log view) and, for self-hosted runs, appends them to AUDIT_LOG_FILE as JSONL.
 */
export function createAudit(sink: AuditSink = console, file?: string): Audit {
  return (record) => {
    const line = formatAuditLine(record);
    sink[record.level ?? 'info'](line);
    if (file) {
      try {
        appendFileSync(file, `${line}\n`);
      } catch (error) {
        sink.error(formatAuditLine({ event: 'error', level: 'error', reason: `AUDIT_LOG_FILE not writable: ${(error as Error).message}` }));
      }
    }
  };
}
