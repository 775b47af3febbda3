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
}

/**
 * ok: Twilio created it (`found`: the create's answer was lost, a lookup found the message).
 * Not ok: `unknown` when Twilio may have created it and nobody could tell; otherwise Twilio did
 * not, as far as Twilio's answer or a lookup shows.
 */
export type SendResult = ({ ok: true; sid: string; status: string; found?: true } | { ok: false; failure: SendFailure; unknown: boolean }) & { attempts: number };

type CreateError = { failure: SendFailure; unknown: boolean };

export function createParams(message: OutboundMessage): MessageListInstanceCreateOptions {
  return {
    to: message.to,
    ...(message.messagingServiceSid ? { messagingServiceSid: message.messagingServiceSid } : { from: message.from }),
    body: message.content.body,
    ...(message.content.mediaUrl.length > 0 && { mediaUrl: message.content.mediaUrl }),
    ...(message.statusCallback && { statusCallback: message.statusCallback }),
  };
}

/** A lookup needs about this long; a create that has a next leg after it leaves this much of its share. */
export const LOOKUP_RESERVE_MS = 1000;

/**
 * Messages.create, retried within the deadline, never blindly when Twilio may have acted: a 429
 * and a request never written are retried at once; after a time-out, a reset or a 5xx the message
 * is looked up first (findSent), found counts as sent, not found is sent again. When the lookup
 * fails too, the outcome is unknown. `lookupReserveMs`: how much of the deadline each create
 * leaves for that lookup. Failures come back as values, since they decide the failover.
 */
export async function sendMessage(client: RestClient, message: OutboundMessage, deadline: Deadline, lookupReserveMs = 0): Promise<SendResult> {
  const since = new Date();
  const outcome = await withRetry<{ sid: string; status: string; found?: true }>(
    async () => {
      // Too little time for both: the create gets it all, and a lost answer stays unknown.
      const reserve = deadline.remaining() >= lookupReserveMs + REST_RETRY.minAttemptMs ? lookupReserveMs : 0;
      const created = await runWithin(deadline.within(deadline.remaining() - reserve), () => restAttempt(() => client.messages.create(createParams(message))));
      if (created.ok) return { ok: true, value: { sid: created.value.sid, status: created.value.status } };
      const failure = created.error;
      const error = (unknown: boolean): CreateError => ({ failure, unknown });
      if (!failure.retryable || certainlyNotProcessed(failure)) return { ok: false, error: error(false), retryable: failure.retryable };
      if (deadline.remaining() < REST_RETRY.minAttemptMs) return { ok: false, error: error(true), retryable: false };
      const found = await findSent(client, message, since, deadline);
      if (found.kind === 'found') return { ok: true, value: { sid: found.sid, status: found.status, found: true } };
      return { ok: false, error: error(found.kind === 'failed'), retryable: found.kind === 'not-found' };
    },
    deadline,
    { ...REST_RETRY, minAttemptMs: REST_RETRY.minAttemptMs + lookupReserveMs },
  );
  if (outcome.ok) return { ok: true, ...outcome.value, attempts: outcome.attempts };
  const { failure, unknown } = outcome.error as CreateError;
  return { ok: false, failure, unknown, attempts: outcome.attempts };
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
