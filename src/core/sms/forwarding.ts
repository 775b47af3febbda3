import type { Audit } from '../twilio/audit';
import type { ClaimKind, Claims } from '../twilio/claims';
import { statusCallbackUrl } from '../twilio/callback-urls';
import type { Deadline } from '../twilio/deadline';
import type { Leg } from '../legs';
import { sendMessage, type ForwardContent, type OutboundMessage } from './messaging';
import { numberForLeg } from './routing';
import { failureCode } from '../twilio/send-error';
import type { RestClient } from '../twilio/client';
import { resolveStaleClaim } from './stale-claim';
import type { AlertTarget } from '../alerts/alert-config';
import { alertOnce } from '../alerts/alerts';

export const STATUS_PATH = '/sms/status';

/** Of a leg's share, the claim leaves the send at least this long: a slow Sync cannot starve it. */
export const SEND_RESERVE_MS = 2000;
/**
 * Of a leg's share, the send leaves the settle this long: a long send cannot leave it 0 ms, so the
 * next leg's claim still finds Sync. The last leg reserves nothing: its create matters more than
 * its bookkeeping (an unsettled claim is resolved by a lookup on a redelivery), and so the backup's
 * create keeps at least its share less the claim's 1.5 s: 2 s of the 7 s.
 */
export const SETTLE_RESERVE_MS = 500;

export interface ForwardJob {
  inboundSid: string;
  /** Phones still to try, in order; each is tried only if the one before was refused outright. */
  legs: Leg[];
  /** "inbound": the first send of a message (claim "in"); "failover": a status callback's (claim "fo"). */
  stage: 'inbound' | 'failover';
  content: ForwardContent;
  /** The content is a notice that the dispatch could not be re-read, not the dispatch (its lines say so). */
  notice?: boolean;
  /** The relay number the forward is sent from. */
  from: string;
  /** Where Twilio reaches this service, e.g. https://relay-1234.twil.io */
  callbackBase: string;
  /** Set when a previous leg already failed (the status-callback failover). */
  primaryError?: string;
  /** Two-way: the dispatch's code, on every line of this forward. */
  code?: number;
  /** Two-way: told of each leg Twilio refused outright, so the dispatch's record can note it. */
  onRefused?: (leg: Leg, errorCode: string) => void;
  /** The caller alerts an exhausted chain itself, after its own sends (two-way's exhausted notice). */
  deferAlert?: boolean;
}

export interface ForwardDeps {
  client: RestClient;
  claims: Claims;
  audit: Audit;
  deadline: Deadline;
  destinations: { primaryNumber: string; backupNumber: string; messagingServiceSid?: string };
  alert?: AlertTarget;
}

export type ForwardOutcome =
  | { kind: 'forwarded'; leg: Leg; sid: string }
  | { kind: 'duplicate'; leg: Leg }
  /** The last leg's create may or may not have reached Twilio: its status callback will tell. */
  | { kind: 'unknown'; leg: Leg }
  | { kind: 'exhausted' };

/**
 * Sends the content to the first leg that accepts it, each send claimed first so that a repeated
 * webhook or callback never sends twice. A leg that Twilio refuses outright (21610 opted out,
 * 21211 invalid number, a 429 after retries) moves straight to the next leg: no status callback
 * will ever come for a message that was never created. A leg whose outcome stays unknown (a
 * time-out, reset or 5xx that no lookup found created) moves on too (send-unknown), without a
 * second create to that phone (sendMessage). A leg refused in an earlier delivery (its claim
 * settled failed) moves on as well. Each leg's share of the remaining time is fixed before its
 * claim; the claim, the send and the settle each keep a slice of it, so neither a slow Sync nor a
 * hung primary can starve the backup, and a long send cannot leave the settle no time.
 */
export async function forwardAlongLegs(deps: ForwardDeps, job: ForwardJob): Promise<ForwardOutcome> {
  const { audit, claims } = deps;
  const line = { inbound: job.inboundSid, ...(job.code !== undefined && { code: job.code }), ...(job.notice && { content: 'notice' as const }) };
  let primaryError = job.primaryError;
  for (const [index, leg] of job.legs.entries()) {
    const lastLeg = index === job.legs.length - 1;
    const kind: ClaimKind = index === 0 && job.stage === 'inbound' ? 'in' : 'fo';
    const to = numberForLeg(leg, deps.destinations);
    const at = () => new Date().toISOString();
    const share = deps.deadline.within(deps.deadline.remaining() / (job.legs.length - index));
    const message: OutboundMessage = {
      to,
      from: job.from,
      messagingServiceSid: deps.destinations.messagingServiceSid,
      content: job.content,
      statusCallback: statusCallbackUrl(job.callbackBase, STATUS_PATH, { leg, inboundSid: job.inboundSid, lastLeg, primaryError }),
    };

    // Taken when the Sync call starts: a claim, or a stale claim's takeover after its lookup.
    const claimWindow = () => share.within(Math.max(share.remaining() - SEND_RESERVE_MS, share.remaining() / 3));
    const sendWindow = () => share.within(share.remaining() - (lastLeg ? 0 : SETTLE_RESERVE_MS));
    const claim = await claims.claim(kind, job.inboundSid, { state: 'sending', leg, at: at() }, claimWindow());
    let note: string | undefined;
    if (claim.kind === 'stale') {
      const resolved = await resolveStaleClaim(deps.client, claim, message, sendWindow(), claimWindow);
      if (resolved.kind === 'sent') {
        await claims.settle(kind, job.inboundSid, { state: 'sent', leg, sid: resolved.sid, at: at() }, share);
        audit({ ...line, event: 'forwarded', outbound: resolved.sid, leg, to, status: resolved.status, primaryErrorCode: primaryError, reason: resolved.reason });
        return { kind: 'forwarded', leg, sid: resolved.sid };
      }
      if (resolved.kind === 'taken') {
        audit({ ...line, event: 'duplicate', leg, reason: resolved.reason });
        return { kind: 'duplicate', leg };
      }
      if (resolved.unavailable) audit({ ...line, event: 'claim-unavailable', level: 'warn', leg, reason: resolved.unavailable });
      note = resolved.reason;
    }
    if (claim.kind === 'taken' && claim.previous?.state === 'failed' && !lastLeg) {
      // An earlier delivery was refused here and may have died before the next leg's claim: that claim guards it.
      if (leg === 'primary') primaryError = claim.previous.errorCode;
      if (claim.previous.errorCode) job.onRefused?.(leg, claim.previous.errorCode);
      audit({ ...line, event: 'failover', level: 'warn', leg: job.legs[index + 1], errorCode: claim.previous.errorCode, reason: `${leg} send refused in an earlier delivery` });
      continue;
    }
    if (claim.kind === 'taken') {
      const before = claim.previous ? `${claim.previous.state}${claim.previous.sid ? ` as ${claim.previous.sid}` : ''}` : 'unknown state';
      audit({ ...line, event: 'duplicate', leg, outbound: claim.previous?.sid, reason: `${kind} already claimed (${before}): not sent again` });
      return { kind: 'duplicate', leg };
    }
    if (claim.kind === 'unavailable') audit({ ...line, event: 'claim-unavailable', level: 'warn', leg, reason: `${claim.reason}; sending without a claim` });

    const result = await sendMessage(deps.client, message, sendWindow(), { nextLeg: !lastLeg });
    if (result.ok) {
      await claims.settle(kind, job.inboundSid, { state: 'sent', leg, sid: result.sid, at: at() }, share);
      const found = result.found && 'the answer was lost; a lookup found the message created';
      const recreated = result.recreated && 'a create of unknown outcome was not found by a lookup, so it was created once more: the phone may get it twice';
      const reason = [note, found, recreated].filter(Boolean).join('; ') || undefined;
      audit({ ...line, event: 'forwarded', outbound: result.sid, leg, to, status: result.status, primaryErrorCode: primaryError, attempts: result.attempts, ...(reason && { reason }) });
      return { kind: 'forwarded', leg, sid: result.sid };
    }

    const errorCode = failureCode(result.failure);
    if (leg === 'primary') primaryError = errorCode;
    if (result.unknown) {
      // Not settled: the claim stays "sending", and a redelivery after STALE_CLAIM_MS looks the message up.
      audit({ ...line, event: 'send-unknown', level: 'warn', leg, to, errorCode, attempts: result.attempts, reason: `${result.failure.message}; Twilio may have created it: ${result.cause}` });
      if (lastLeg) return { kind: 'unknown', leg };
      // Never a second create to this phone: the next leg gets it, though this one may have it too.
      audit({ ...line, event: 'failover', level: 'warn', leg: job.legs[index + 1], errorCode, reason: `${leg} send outcome unknown` });
      continue;
    }
    await claims.settle(kind, job.inboundSid, { state: 'failed', leg, errorCode, at: at() }, share);
    job.onRefused?.(leg, errorCode);
    audit({ ...line, event: 'send-failed', level: 'warn', leg, to, errorCode, attempts: result.attempts, reason: result.failure.message });
    if (!lastLeg) {
      audit({ ...line, event: 'failover', level: 'warn', leg: job.legs[index + 1], errorCode, reason: `${leg} send refused` });
    } else {
      audit({ ...line, event: 'exhausted', level: 'error', leg, errorCode, primaryErrorCode: leg === 'primary' ? undefined : primaryError, reason: 'no phone could be sent the message' });
      const facts = { inbound: job.inboundSid, code: job.code, leg, errorCode, numbers: { [leg]: to }, text: job.notice ? undefined : job.content.body };
      if (!job.deferAlert) await alertOnce(deps, 'exhausted', { ...facts, reason: `no phone could be sent the message (Twilio refused ${leg}: ${errorCode})` });
    }
  }
  return { kind: 'exhausted' };
}
