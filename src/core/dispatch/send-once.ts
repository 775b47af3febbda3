import type { Leg } from '../legs';
import { sendMessage, type OutboundMessage } from '../sms/messaging';
import type { AuditRecord } from '../twilio/audit';
import type { ClaimKind, ClaimRecord } from '../twilio/claims';
import { failureCode } from '../twilio/send-error';
import type { TwoWayDeps } from './two-way-deps';

export type SendOnceOutcome = { kind: 'sent'; sid: string } | { kind: 'duplicate'; previous?: ClaimRecord } | { kind: 'held' } | { kind: 'failed' };

export interface OnceJob {
  /** The side effect and the SID it is about: claimed as "<kind>:<sid>" (claims.ts). */
  kind: ClaimKind;
  sid: string;
  /** The phone the side effect is about (a claim names one). */
  leg: Leg;
  message: OutboundMessage;
  /** What every line about this send carries (inbound, code, …). */
  line: Omit<AuditRecord, 'event'>;
  /**
   * Asked once the claim is won, before the send: false holds the text back (the loop breaker,
   * the passive-answer limit), and the claim is settled so that a redelivery does not ask again.
   */
  gate?: () => Promise<boolean>;
  /** Kept in every record of the claim (ClaimRecord.about), and given back to a duplicate. */
  about?: string;
}

/**
 * One of two-way's own texts (a relayed reply, a notice, an answer), claimed first so that a
 * webhook or callback delivered twice sends it once. As for voicemail texts, a stale claim is not
 * taken over: its holder may have sent before it died, and a second "taken by" helps nobody. When
 * the claims cannot be asked, it is sent anyway (at least once beats never), with a warning.
 * The caller audits a success as its own event; a failure is audited here.
 */
export async function sendOnce(deps: TwoWayDeps, job: OnceJob): Promise<SendOnceOutcome> {
  const about = job.about === undefined ? {} : { about: job.about };
  const at = () => new Date().toISOString();
  const claim = await deps.claims.claim(job.kind, job.sid, { state: 'sending', leg: job.leg, ...about, at: at() }, deps.deadline.within(deps.deadline.remaining() / 3));
  if (claim.kind === 'taken' || claim.kind === 'stale') {
    deps.audit({ ...job.line, event: 'duplicate', leg: job.leg, outbound: claim.previous?.sid, reason: `${job.kind} already claimed (${claim.previous?.state ?? 'unknown state'}): not sent again` });
    return { kind: 'duplicate', ...(claim.previous && { previous: claim.previous }) };
  }
  if (claim.kind === 'unavailable') deps.audit({ ...job.line, event: 'claim-unavailable', level: 'warn', leg: job.leg, reason: `${claim.reason}; sending without a claim` });
  if (job.gate && !(await job.gate())) {
    await deps.claims.settle(job.kind, job.sid, { state: 'failed', leg: job.leg, errorCode: 'held', ...about, at: at() }, deps.deadline);
    return { kind: 'held' };
  }
  const result = await sendMessage(deps.client, job.message, deps.deadline);
  if (result.ok) {
    await deps.claims.settle(job.kind, job.sid, { state: 'sent', leg: job.leg, sid: result.sid, ...about, at: at() }, deps.deadline);
    return { kind: 'sent', sid: result.sid };
  }
  const errorCode = failureCode(result.failure);
  if (!result.unknown) await deps.claims.settle(job.kind, job.sid, { state: 'failed', leg: job.leg, errorCode, ...about, at: at() }, deps.deadline);
  const event = result.unknown ? 'send-unknown' : 'send-failed';
  deps.audit({ ...job.line, event, level: 'warn', leg: job.leg, to: job.message.to, errorCode, attempts: result.attempts, reason: result.failure.message });
  return { kind: 'failed' };
}
