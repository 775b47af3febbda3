import type { MessageListInstanceCreateOptions } from 'twilio/lib/rest/api/v2010/account/message';
import { runWithin, type Deadline } from '../twilio/deadline';
import { REST_RETRY, restAttempt, withRetry } from '../twilio/retry';
import { certainlyNotProcessed, type SendFailure } from '../twilio/send-error';
import type { RestClient } from '../twilio/client';
import { findSent } from './sent-lookup';

/** What is relayed: the same on every leg. */
export interface ForwardContent {
  body: string;
  mediaUrl: string[];
}

export interface OutboundMessage {
  to: string;
  /** The relay number; ignored when a Messaging Service sends instead. */
  from: string;
  messagingServiceSid?: string;
  content: ForwardContent;
  /** Absent for notifications that start no failover chain (voicemail transcriptions). */
  statusCallback?: string;
  /** Issue 11: Twilio sends it by itself at this time (ScheduleType=fixed; needs messagingServiceSid). */
  sendAt?: Date;
}

/**
 * ok: Twilio created it (`found`: the create's answer was lost, a lookup found the message;
 * `recreated`: a lookup did not find the first create, so it was created once more and the phone
 * may get it twice). Not ok: `unknown` when Twilio may have created it (`cause` says why nobody
 * could tell); otherwise Twilio certainly did not (it refused the create).
 */
export type SendResult = ({ ok: true; sid: string; status: string; found?: true; recreated?: true } | { ok: false; failure: SendFailure; unknown: boolean; cause?: string }) & { attempts: number };

type CreateError = { failure: SendFailure; unknown: boolean; cause?: string };
type Created = { sid: string; status: string; found?: true; recreated?: true };

export function createParams(message: OutboundMessage): MessageListInstanceCreateOptions {
  return {
    to: message.to,
    ...(message.messagingServiceSid ? { messagingServiceSid: message.messagingServiceSid } : { from: message.from }),
    body: message.content.body,
    ...(message.content.mediaUrl.length > 0 && { mediaUrl: message.content.mediaUrl }),
    ...(message.statusCallback && { statusCallback: message.statusCallback }),
    // https://www.twilio.com/docs/messaging/features/message-scheduling
    ...(message.sendAt && { scheduleType: 'fixed' as const, sendAt: message.sendAt }),
  };
}

/** A lookup needs about this long; a create leaves this much of its deadline for one. */
export const LOOKUP_RESERVE_MS = 1000;
/** On a leg with no next leg, a first create also leaves this long for one more create. */
export const RECREATE_RESERVE_MS = 1500;

export interface SendPolicy {
  /** Another leg follows if this one fails: a create that may have gone through is never repeated. */
  nextLeg?: boolean;
}

/**
 * Messages.create within the deadline. Message creation is not idempotent
 * (https://www.twilio.com/docs/api/errors/20500), so only what Twilio certainly never processed (a
 * 429, a request never written: certainlyNotProcessed) is retried blindly, with back-off. After an
 * ambiguous failure (a time-out, a reset, a 5xx) the message is looked up (findSent): found, it
 * counts as sent. Not found proves nothing (Twilio may still be creating it), so:
 * - with a next leg, the outcome is unknown and nothing more is created to this phone: the next
 *   leg gets the dispatch, and both phones may get it, never one phone twice;
 * - without one, it is created once more: a possible duplicate beats a lost dispatch.
 * A failed lookup, or no time for one, leaves the outcome unknown. Each create leaves time for what
 * may follow it, when the deadline has room. Failures come back as values: they decide the failover.
 */
export async function sendMessage(client: RestClient, message: OutboundMessage, deadline: Deadline, policy: SendPolicy = {}): Promise<SendResult> {
  // Twilio's date_created has whole seconds: a message created in this second counts as this attempt's.
  const since = new Date(Math.floor(Date.now() / 1000) * 1000);
  let recreated = false;
  const outcome = await withRetry<Created>(
    async () => {
      const follows = LOOKUP_RESERVE_MS + (policy.nextLeg || recreated ? 0 : RECREATE_RESERVE_MS);
      const reserve = [follows, LOOKUP_RESERVE_MS, 0].find((ms) => deadline.remaining() >= ms + REST_RETRY.minAttemptMs) ?? 0;
      const created = await runWithin(deadline.within(deadline.remaining() - reserve), () => restAttempt(() => client.messages.create(createParams(message))));
      if (created.ok) return { ok: true, value: { sid: created.value.sid, status: created.value.status, ...(recreated && { recreated: true as const }) } };
      const failure = created.error;
      if (!failure.retryable || certainlyNotProcessed(failure)) return { ok: false, error: { failure, unknown: false }, retryable: failure.retryable };
      const unknown = (cause: string, retryable = false) => ({ ok: false as const, error: { failure, unknown: true, cause } satisfies CreateError, retryable });
      if (deadline.remaining() < REST_RETRY.minAttemptMs) return unknown('no time was left to look it up');
      const found = await findSent(client, message, since, deadline);
      if (found.kind === 'found') return { ok: true, value: { sid: found.sid, status: found.status, found: true } };
      if (found.kind === 'failed') return unknown(`the lookup failed too (${found.failure.message})`);
      if (policy.nextLeg || recreated) return unknown('a lookup did not find it, and Twilio may still be creating it');
      recreated = true;
      return unknown('a lookup did not find it, and no time was left to create it once more', true);
    },
    deadline,
    { ...REST_RETRY, minAttemptMs: REST_RETRY.minAttemptMs + (policy.nextLeg ? LOOKUP_RESERVE_MS : 0) },
  );
  if (outcome.ok) return { ok: true, ...outcome.value, attempts: outcome.attempts };
  const { failure, unknown, cause } = outcome.error as CreateError;
  return { ok: false, failure, unknown, ...(cause && { cause }), attempts: outcome.attempts };
}

export type SentContent = { ok: true; from: string; content: ForwardContent } | { ok: false; reason: string };

/**
 * Status callbacks carry no body, so the failover re-reads what the primary leg sent:
 * its body verbatim and, for MMS, its media (listed only when there is any). A failed read comes
 * back as a value: the backup must still be told (see failover-content.ts).
 */
export async function fetchSentContent(client: RestClient, messageSid: string, deadline: Deadline): Promise<SentContent> {
  const fetched = await withRetry(() => restAttempt(() => client.messages(messageSid).fetch()), deadline);
  if (!fetched.ok) return { ok: false, reason: `cannot read the primary message ${messageSid}: ${(fetched.error as SendFailure).message}` };
  const message = fetched.value;
  const mediaCount = Number.parseInt(message.numMedia ?? '0', 10) || 0;
  const listed = mediaCount > 0 ? await withRetry(() => restAttempt(() => client.messages(messageSid).media.list({ limit: 10 })), deadline) : undefined;
  if (listed && !listed.ok) return { ok: false, reason: `cannot list the media of ${messageSid}: ${(listed.error as SendFailure).message}` };
  const media = listed?.ok ? listed.value : [];
  const mediaUrl = media.map((item) => `https://api.twilio.com${item.uri.replace(/\.json$/, '')}`);
  return { ok: true, from: message.from, content: { body: message.body, mediaUrl } };
}
