import type { Audit } from '../twilio/audit';
import type { Claims } from '../twilio/claims';
import type { Deadline } from '../twilio/deadline';
import { fitToBody, senderLabel } from '../sms/forward-body';
import type { Leg } from '../legs';
import { sendMessage } from '../sms/messaging';
import { numberForLeg } from '../sms/routing';
import { failureCode } from '../twilio/send-error';
import type { RestClient } from '../twilio/client';
import type { Transcription } from './events';
import type { Sender } from '../whitelist';

/** A failed or empty transcription still tells both phones that a voicemail is waiting. */
export const NO_TRANSCRIPTION_TEXT = '(no transcription; the recording is in the Twilio Console)';

/** "Voicemail from Dispatch (+16195550100): <text>", within the same limits as a relayed message. */
export function voicemailBody(sender: Sender, transcription: Transcription): string {
  const text = transcription.completed && transcription.text !== '' ? transcription.text : NO_TRANSCRIPTION_TEXT;
  return fitToBody(`Voicemail from ${senderLabel(sender)}: `, text);
}

export interface VoicemailTextJob {
  callSid: string;
  /** The phones to text: every leg of the call, so never the caller's own phone. */
  legs: Leg[];
  body: string;
  /** The relay number. */
  from: string;
}

export interface VoicemailTextDeps {
  client: RestClient;
  /** A repeated transcription callback must not text the phones again. */
  claims: Claims;
  audit: Audit;
  /** The invocation's time budget; both sends run at once, so each may use all of it. */
  deadline: Deadline;
  destinations: { primaryNumber: string; backupNumber: string; messagingServiceSid?: string };
}

/**
 * Texts the transcription to every phone at once: unlike a relayed message, which stops at the
 * first phone that takes it, a missed call is news for both. One failed send does not stop the other.
 */
export async function sendVoicemailText(deps: VoicemailTextDeps, job: VoicemailTextJob): Promise<void> {
  const at = () => new Date().toISOString();
  const claim = await deps.claims.claim('vm', job.callSid, { state: 'sending', leg: job.legs[0], at: at() }, deps.deadline);
  // A stale claim is not taken over here: its holder may have texted before it died, and only a
  // look-up of the messages could tell (forwarding's takeover does that for relayed SMS).
  if (claim.kind === 'taken' || claim.kind === 'stale') {
    deps.audit({ event: 'duplicate', inbound: job.callSid, reason: `voicemail already texted (${claim.previous?.state ?? 'unknown state'}): not sent again` });
    return;
  }
  if (claim.kind === 'unavailable') deps.audit({ event: 'claim-unavailable', level: 'warn', inbound: job.callSid, reason: `${claim.reason}; texting without a claim` });
  const sent = await Promise.all(
    job.legs.map(async (leg) => {
      const to = numberForLeg(leg, deps.destinations);
      const message = { to, from: job.from, messagingServiceSid: deps.destinations.messagingServiceSid, content: { body: job.body, mediaUrl: [] } };
      const result = await sendMessage(deps.client, message, deps.deadline);
      const line = { inbound: job.callSid, leg, to, attempts: result.attempts };
      if (result.ok) {
        deps.audit({ ...line, event: 'forwarded', outbound: result.sid, status: result.status, reason: 'voicemail transcription' });
      } else {
        const event = result.unknown ? 'send-unknown' : 'send-failed';
        deps.audit({ ...line, event, level: 'warn', errorCode: failureCode(result.failure), reason: result.failure.message });
      }
      return result.ok;
    }),
  );
  await deps.claims.settle('vm', job.callSid, { state: sent.some(Boolean) ? 'sent' : 'failed', leg: job.legs[0], at: at() }, deps.deadline);
}
