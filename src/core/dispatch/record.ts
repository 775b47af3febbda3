import type { Leg } from '../legs';
import type { Sender } from '../whitelist';
import type { Escalation } from './escalation-record';
import type { Pages } from './page-record';

/**
 * One dispatch: a forwarded message and everything that happens to it until its reply window
 * closes. The record lives as one Sync item (its revision is Sync's, not ours: every update is a
 * read, one of the pure transitions below, and a write with If-Match). Each transition returns the
 * same object when nothing changes, so a repeated or late callback costs no write.
 */
export interface DispatchRecord {
  /** Layout version: a later layout can still read records written by this one. */
  v: 1;
  /** The inbound MessageSid: the dispatch's identity, shared with its claims. */
  inboundSid: string;
  /** 1..999; absent when every code was in use on the phones (see codes.ts). */
  code?: number;
  sender: Sender;
  /** When the relay first handled it (ISO 8601). */
  forwardedAt: string;
  /** forwardedAt + REPLY_WINDOW_HOURS, fixed at creation: changing the variable later neither reopens nor closes it. */
  openUntil: string;
  /**
   * What was forwarded, as the dispatcher wrote it. The failover rebuilds the same body from it
   * (forwardBody in notices.ts) instead of re-reading the primary's message from Twilio.
   */
  text: string;
  mediaUrl: string[];
  /** The phones to try, in order: what "every phone failed" means for this dispatch. */
  chain: Leg[];
  legs: Partial<Record<Leg, LegRecord>>;
  ack?: Acknowledgement;
  /** When each one-time notice was sent: "taken" to the other phone, "exhausted" to the dispatcher. */
  notices: Partial<Record<NoticeKind, string>>;
  /** With ACK_TIMEOUT_MINUTES: the messages scheduled on Twilio (escalation-record.ts). Absent otherwise. */
  escalation?: Escalation;
  /** With PAGE_BY_CALL: how each phone's page call ended (page-record.ts). Absent otherwise. */
  pages?: Pages;
  /**
   * Per phone, how many unknown-code answers it got so far (passive-answers.ts), as of `at`:
   * written on that phone's most recent open dispatch, and reset on the one a reply answered. The
   * newest note among the phone's open records is the phone's count (reply-flow.ts): no item of
   * its own, and nothing written for a dispatch.
   */
  passive?: Partial<Record<Leg, { at: string; count: number }>>;
}

/**
 * "sent": Twilio accepted the message (it has an SID). "delivered": the carrier confirmed it.
 * "failed": refused on create, or reported failed/undelivered, with Twilio's error code.
 */
export type LegState = 'sent' | 'delivered' | 'failed';

export interface LegRecord {
  state: LegState;
  sid?: string;
  errorCode?: string;
  at: string;
}

export interface Acknowledgement {
  leg: Leg;
  /** The reply's MessageSid: applying the same reply twice gives the same answer. */
  replySid: string;
  at: string;
}

export type NoticeKind = 'taken' | 'exhausted';

export interface NewDispatch {
  inboundSid: string;
  code?: number;
  sender: Sender;
  text: string;
  mediaUrl: string[];
  chain: Leg[];
  at: Date;
  windowHours: number;
}

/** When a dispatch forwarded at `at` stops taking replies. */
export const openUntilOf = (at: Date, windowHours: number): Date => new Date(at.getTime() + windowHours * 3_600_000);

export function createDispatch(input: NewDispatch): DispatchRecord {
  const openUntil = openUntilOf(input.at, input.windowHours);
  return {
    v: 1,
    inboundSid: input.inboundSid,
    ...(input.code !== undefined && { code: input.code }),
    sender: input.sender,
    forwardedAt: input.at.toISOString(),
    openUntil: openUntil.toISOString(),
    text: input.text,
    mediaUrl: [...input.mediaUrl],
    chain: [...input.chain],
    legs: {},
    notices: {},
  };
}


const withLeg = (record: DispatchRecord, leg: Leg, value: LegRecord): DispatchRecord => ({
  ...record,
  legs: { ...record.legs, [leg]: value },
});

/** Twilio accepted the send. A repeat (same SID) or a late one after a failure changes nothing. */
export function legSent(record: DispatchRecord, leg: Leg, sid: string, at: Date): DispatchRecord {
  if (record.legs[leg]) return record;
  return withLeg(record, leg, { state: 'sent', sid, at: at.toISOString() });
}

/**
 * The carrier confirmed delivery. Only a sent leg moves: a failure is final (the failover has
 * already been decided on it), and status callbacks may arrive out of order.
 */
export function legDelivered(record: DispatchRecord, leg: Leg, at: Date): DispatchRecord {
  const current = record.legs[leg];
  if (current?.state !== 'sent') return record;
  return withLeg(record, leg, { ...current, state: 'delivered', at: at.toISOString() });
}

/** Refused on create (no SID) or reported failed/undelivered. The first failure's code is kept. */
export function legFailed(record: DispatchRecord, leg: Leg, errorCode: string, at: Date): DispatchRecord {
  const current = record.legs[leg];
  if (current?.state === 'failed') return record;
  return withLeg(record, leg, { ...(current?.sid && { sid: current.sid }), state: 'failed', errorCode, at: at.toISOString() });
}

/** Issue 10: a phone has been reached when Twilio accepted the message to it and did not report it failed. */
export function hasReached(record: DispatchRecord, leg: Leg): boolean {
  const state = record.legs[leg]?.state;
  return state === 'sent' || state === 'delivered';
}


/** Every phone of the chain failed: the dispatcher must be told (once: see noticeSent). */
export const isExhausted = (record: DispatchRecord): boolean =>
  record.chain.length > 0 && record.chain.every((leg) => record.legs[leg]?.state === 'failed');

/** Replies are accepted until the window closes; acknowledging does not close it (later replies are relayed too). */
export const isOpen = (record: DispatchRecord, now: Date): boolean => now.getTime() < Date.parse(record.openUntil);

export interface AckResult {
  record: DispatchRecord;
  /** This reply is the one that acknowledged the dispatch. */
  acknowledged: boolean;
  /** The other phone, when it was reached and has not yet been told: it gets "#7 taken by …". */
  notify?: Leg;
}

/**
 * A reply from `leg`. The first reply wins; under a race the loser's If-Match write fails, it
 * re-reads and applies again, and then sees the winner's acknowledgement. A reply from a phone
 * the dispatch did not reach acknowledges nothing (routing should not have matched it).
 */
export function acknowledge(record: DispatchRecord, leg: Leg, replySid: string, at: Date): AckResult {
  if (record.ack && record.ack.replySid !== replySid) return { record, acknowledged: false };
  if (!record.ack && !hasReached(record, leg)) return { record, acknowledged: false };
  // The same reply applied again (a retried webhook, a re-read after a lost write answer) gets the
  // same answer, the notice included until noticeSent records it: a crash in between loses nothing.
  const acked = record.ack ? record : { ...record, ack: { leg, replySid, at: at.toISOString() } };
  const notify = pendingTakenNotice(acked);
  return { record: acked, acknowledged: true, ...(notify && { notify }) };
}

/**
 * The phone still owed "taken by": acknowledged by one phone, the other reached and not yet told.
 * Also after the acknowledgement: an escalated copy that was already on its way when the relay
 * tried to cancel it (30409) reaches the backup later, and it must hear too.
 */
export function pendingTakenNotice(record: DispatchRecord): Leg | undefined {
  if (!record.ack || record.notices.taken) return undefined;
  const other = record.chain.find((candidate) => candidate !== record.ack?.leg);
  return other && hasReached(record, other) ? other : undefined;
}

export function noticeSent(record: DispatchRecord, kind: NoticeKind, at: Date): DispatchRecord {
  if (record.notices[kind]) return record;
  return { ...record, notices: { ...record.notices, [kind]: at.toISOString() } };
}

/** For the "acknowledged" audit line: whole seconds from the forward to the acknowledgement. */
export function secondsToAck(record: DispatchRecord): number | undefined {
  return record.ack && Math.max(0, Math.round((Date.parse(record.ack.at) - Date.parse(record.forwardedAt)) / 1000));
}
