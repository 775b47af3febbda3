import type { Audit } from '../twilio/audit';
import type { ClaimKind, Claims } from '../twilio/claims';
import { statusCallbackUrl } from '../twilio/callback-urls';
import type { Deadline } from '../twilio/deadline';
import type { Leg } from '../legs';
import { sendMessage, type ForwardContent } from './messaging';
import { numberForLeg } from './routing';
import { failureCode } from '../twilio/send-error';
import type { RestClient } from '../twilio/client';

export const STATUS_PATH = '/sms/status';

export interface ForwardJob {
  inboundSid: string;
  /** Phones still to try, in order; each is tried only if the one before was refused outright. */
  legs: Leg[];
  /** "inbound": the first send of a message (claim "in"); "failover": a status callback's (claim "fo"). */
  stage: 'inbound' | 'failover';
  content: ForwardContent;
  /** The relay number the forward is sent from. */
  from: string;
  /** Where Twilio reaches this service, e.g. https://relay-1234.twil.io */
  callbackBase: string;
  /** Set when a previous leg already failed (the status-callback failover). */
  primaryError?: string;
}

export interface ForwardDeps {
  client: RestClient;
  claims: Claims;
  audit: Audit;
  deadline: Deadline;
  destinations: { primaryNumber: string; backupNumber: string; messagingServiceSid?: string };
}

export type ForwardOutcome = { kind: 'forwarded'; leg: Leg; sid: string } | { kind: 'duplicate'; leg: Leg } | { kind: 'exhausted' };

/**
 * Sends the content to the first leg that accepts it, each send claimed first so that a repeated
 * webhook or callback never sends twice. A leg that Twilio refuses outright (21610 opted out,
 * 21211 invalid number, or 429/5xx/network after retries) moves straight to the next leg: no
 * status callback will ever come for a message that was never created. Each leg may use only
 * its share of the remaining time, so a hung primary still leaves time for the backup.
 */
export async function forwardAlongLegs(deps: ForwardDeps, job: ForwardJob): Promise<ForwardOutcome> {
  const { audit, claims } = deps;
  const line = { inbound: job.inboundSid };
  let primaryError = job.primaryError;
  for (const [index, leg] of job.legs.entries()) {
    const lastLeg = index === job.legs.length - 1;
    const kind: ClaimKind = index === 0 && job.stage === 'inbound' ? 'in' : 'fo';
    const to = numberForLeg(leg, deps.destinations);
    const at = () => new Date().toISOString();

    const claim = await claims.claim(kind, job.inboundSid, { state: 'sending', leg, at: at() });
    if (claim.kind === 'taken') {
      const before = claim.previous ? `${claim.previous.state}${claim.previous.sid ? ` as ${claim.previous.sid}` : ''}` : 'unknown state';
      audit({ ...line, event: 'duplicate', leg, outbound: claim.previous?.sid, reason: `${kind} already claimed (${before}): not sent again` });
      return { kind: 'duplicate', leg };
    }
    if (claim.kind === 'unavailable') audit({ ...line, event: 'claim-unavailable', level: 'warn', leg, reason: `${claim.reason}; sending without a claim` });

    const share = deps.deadline.remaining() / (job.legs.length - index);
    const result = await sendMessage(
      deps.client,
      {
        to,
        from: job.from,
        messagingServiceSid: deps.destinations.messagingServiceSid,
        content: job.content,
        statusCallback: statusCallbackUrl(job.callbackBase, STATUS_PATH, { leg, inboundSid: job.inboundSid, lastLeg, primaryError }),
      },
      deps.deadline.within(share),
    );
    if (result.ok) {
      await claims.settle(kind, job.inboundSid, { state: 'sent', leg, sid: result.sid, at: at() });
      audit({ ...line, event: 'forwarded', outbound: result.sid, leg, to, status: result.status, primaryErrorCode: primaryError, attempts: result.attempts });
      return { kind: 'forwarded', leg, sid: result.sid };
    }

    const errorCode = failureCode(result.failure);
    await claims.settle(kind, job.inboundSid, { state: 'failed', leg, errorCode, at: at() });
    audit({ ...line, event: 'send-failed', level: 'warn', leg, to, errorCode, attempts: result.attempts, reason: result.failure.message });
    if (leg === 'primary') primaryError = errorCode;
    if (!lastLeg) {
      audit({ ...line, event: 'failover', level: 'warn', leg: job.legs[index + 1], errorCode, reason: `${leg} send refused` });
    } else {
      audit({ ...line, event: 'exhausted', level: 'error', leg, errorCode, primaryErrorCode: leg === 'primary' ? undefined : primaryError, reason: 'no phone could be sent the message' });
    }
  }
  return { kind: 'exhausted' };
}
