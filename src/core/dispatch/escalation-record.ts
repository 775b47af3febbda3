import { legSent, type DispatchRecord } from './record';

/**
 * What a dispatch's record keeps of its escalation (issue 11): the two messages scheduled on
 * Twilio at the first forward. Optional in DispatchRecord: a record without it (escalation off,
 * or written before it) reads as before. Pure transitions, each returning the same object when
 * nothing changes, as record.ts's do.
 */

/** "backup": the copy for the backup at the deadline. "dispatcher": "not acknowledged" at twice it. */
export type CopyKind = 'backup' | 'dispatcher';

/** Why the relay canceled a scheduled copy: the `why` of the escalation-canceled audit line. */
export type CancelReason = 'acknowledged' | 'failed-over' | 'exhausted';

export type ScheduledCopy =
  /** Twilio holds it; `sendAt` is the SendAt the relay sent (ISO 8601, whole seconds). */
  | { state: 'scheduled'; sid: string; sendAt: string }
  /** The relay canceled it (Twilio answered the update); its "canceled" callback changes nothing. */
  | { state: 'canceled'; sid: string; sendAt: string; reason: CancelReason; at: string }
  /** Twilio sent it: its first status callback, or a cancel refused with 30409. */
  | { state: 'sent'; sid: string; sendAt: string; at: string };

export type Escalation = Partial<Record<CopyKind, ScheduledCopy>>;

const withCopy = (record: DispatchRecord, kind: CopyKind, copy: ScheduledCopy): DispatchRecord => ({
  ...record,
  escalation: { ...record.escalation, [kind]: copy },
});

/** Twilio answered the scheduled create. A repeat (a retried webhook) keeps the first. */
export function copyScheduled(record: DispatchRecord, kind: CopyKind, sid: string, sendAt: Date): DispatchRecord {
  if (record.escalation?.[kind]) return record;
  return withCopy(record, kind, { state: 'scheduled', sid, sendAt: sendAt.toISOString() });
}

/** The relay's cancel was accepted. Only a still-scheduled copy moves: a sent one stays sent. */
export function copyCanceled(record: DispatchRecord, kind: CopyKind, reason: CancelReason, at: Date): DispatchRecord {
  const copy = record.escalation?.[kind];
  if (copy?.state !== 'scheduled') return record;
  return withCopy(record, kind, { ...copy, state: 'canceled', reason, at: at.toISOString() });
}

/**
 * Twilio sent the copy: the first status callback of its SID (queued, sent or delivered), or the
 * cancel answered 30409. For the backup's copy this is the escalation: the backup leg is then
 * sent with that SID, so that the backup has been reached (its replies route to the dispatch,
 * it gets "taken by" notices). A copy the relay canceled stays canceled: its SID can have no
 * later status than "canceled".
 */
export function copySent(record: DispatchRecord, kind: CopyKind, at: Date): DispatchRecord {
  const copy = record.escalation?.[kind];
  if (copy?.state !== 'scheduled') return record;
  const marked = withCopy(record, kind, { state: 'sent', sid: copy.sid, sendAt: copy.sendAt, at: at.toISOString() });
  return kind === 'backup' ? legSent(marked, 'backup', copy.sid, at) : marked;
}

/** Which of the relay's scheduled copies a MessageSid is, if any: how a status callback is told apart. */
export function copyOfSid(record: DispatchRecord, sid: string): CopyKind | undefined {
  const kinds: CopyKind[] = ['backup', 'dispatcher'];
  return kinds.find((kind) => record.escalation?.[kind]?.sid === sid);
}

/**
 * What to cancel, still scheduled, on each event. An acknowledgement or an exhausted chain ends
 * the dispatch: both copies (the dispatcher gets one clear message, not two). A failover sent the
 * backup its copy already: only the backup's; the dispatcher still hears if nobody acknowledges.
 */
export function copiesToCancel(record: DispatchRecord, reason: CancelReason): Array<{ kind: CopyKind; sid: string }> {
  const kinds: CopyKind[] = reason === 'failed-over' ? ['backup'] : ['backup', 'dispatcher'];
  return kinds.flatMap((kind) => {
    const copy = record.escalation?.[kind];
    return copy?.state === 'scheduled' ? [{ kind, sid: copy.sid }] : [];
  });
}

/** When the backup's copy went out (the `escalated` audit line, `npm run audit`), if it did. */
export function escalatedAt(record: DispatchRecord): string | undefined {
  const copy = record.escalation?.backup;
  return copy?.state === 'sent' ? copy.at : undefined;
}
