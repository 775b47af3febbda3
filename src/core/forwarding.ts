import type { Audit } from './audit';
import { statusCallbackUrl } from './correlation';
import type { Leg } from './legs';
import { sendMessage, type ForwardContent } from './messaging';
import { numberForLeg } from './routing';
import type { RestClient } from './twilio-client';

export const STATUS_PATH = '/sms/status';

export interface ForwardJob {
  inboundSid: string;
  /** Phones still to try, in order; each is tried only if the one before failed synchronously. */
  legs: Leg[];
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
  audit: Audit;
  destinations: { primaryNumber: string; backupNumber: string; messagingServiceSid?: string };
}

export type ForwardOutcome = { kind: 'forwarded'; leg: Leg; sid: string } | { kind: 'exhausted' };

/**
 * Sends the content to the first leg that accepts it. A leg that Twilio refuses outright
 * (21610 opted out, 21211 invalid number, 5xx, network) moves straight to the next leg:
 * no status callback will ever come for a message that was never created.
 */
export async function forwardAlongLegs(deps: ForwardDeps, job: ForwardJob): Promise<ForwardOutcome> {
  let primaryError = job.primaryError;
  for (const [index, leg] of job.legs.entries()) {
    const lastLeg = index === job.legs.length - 1;
    const to = numberForLeg(leg, deps.destinations);
    const result = await sendMessage(deps.client, {
      to,
      from: job.from,
      messagingServiceSid: deps.destinations.messagingServiceSid,
      content: job.content,
      statusCallback: statusCallbackUrl(job.callbackBase, STATUS_PATH, {
        leg,
        inboundSid: job.inboundSid,
        lastLeg,
        primaryError,
      }),
    });
    if (result.ok) {
      deps.audit({ event: 'forwarded', inbound: job.inboundSid, outbound: result.sid, leg, to, status: result.status, primaryErrorCode: primaryError });
      return { kind: 'forwarded', leg, sid: result.sid };
    }
    const errorCode = String(result.failure.code ?? result.failure.httpStatus ?? 'network');
    deps.audit({ event: 'send-failed', level: 'warn', inbound: job.inboundSid, leg, to, errorCode, reason: result.failure.message });
    if (leg === 'primary') primaryError = errorCode;
    if (!lastLeg) {
      deps.audit({ event: 'failover', level: 'warn', inbound: job.inboundSid, leg: job.legs[index + 1], errorCode, reason: `${leg} send refused` });
    } else {
      deps.audit({ event: 'exhausted', level: 'error', inbound: job.inboundSid, leg, errorCode, primaryErrorCode: leg === 'primary' ? undefined : primaryError, reason: 'no phone could be sent the message' });
    }
  }
  return { kind: 'exhausted' };
}
