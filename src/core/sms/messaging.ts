import type { MessageListInstanceCreateOptions } from 'twilio/lib/rest/api/v2010/account/message';
import type { Deadline } from '../twilio/deadline';
import { withRetry, type Attempt } from '../twilio/retry';
import { describeSendError, type SendFailure } from '../twilio/send-error';
import type { RestClient } from '../twilio/client';

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

export type SendResult = ({ ok: true; sid: string; status: string } | { ok: false; failure: SendFailure }) & { attempts: number };

/** One SDK call as a retry attempt: a Twilio or network failure becomes a value. */
async function attempt<T>(call: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    const failure = describeSendError(error);
    return { ok: false, error: failure, retryable: failure.retryable };
  }
}

export function createParams(message: OutboundMessage): MessageListInstanceCreateOptions {
  return {
    to: message.to,
    ...(message.messagingServiceSid ? { messagingServiceSid: message.messagingServiceSid } : { from: message.from }),
    body: message.content.body,
    ...(message.content.mediaUrl.length > 0 && { mediaUrl: message.content.mediaUrl }),
    ...(message.statusCallback && { statusCallback: message.statusCallback }),
  };
}

/**
 * Messages.create, retried on 429, 5xx and network errors within the deadline. Failures come back
 * as values, since they decide the failover.
 */
export async function sendMessage(client: RestClient, message: OutboundMessage, deadline: Deadline): Promise<SendResult> {
  const outcome = await withRetry(() => attempt(() => client.messages.create(createParams(message))), deadline);
  return outcome.ok
    ? { ok: true, sid: outcome.value.sid, status: outcome.value.status, attempts: outcome.attempts }
    : { ok: false, failure: outcome.error as SendFailure, attempts: outcome.attempts };
}

/**
 * Status callbacks carry no body, so the failover re-reads what the primary leg sent:
 * its body verbatim and, for MMS, its media (listed only when there is any).
 */
export async function fetchSentContent(client: RestClient, messageSid: string, deadline: Deadline): Promise<{ from: string; content: ForwardContent }> {
  const fetched = await withRetry(() => attempt(() => client.messages(messageSid).fetch()), deadline);
  if (!fetched.ok) throw new Error(`cannot read the primary message ${messageSid}: ${(fetched.error as SendFailure).message}`);
  const message = fetched.value;
  const mediaCount = Number.parseInt(message.numMedia ?? '0', 10) || 0;
  const listed = mediaCount > 0 ? await withRetry(() => attempt(() => client.messages(messageSid).media.list({ limit: 10 })), deadline) : undefined;
  if (listed && !listed.ok) throw new Error(`cannot list the media of ${messageSid}: ${(listed.error as SendFailure).message}`);
  const media = listed?.ok ? listed.value : [];
  const mediaUrl = media.map((item) => `https://api.twilio.com${item.uri.replace(/\.json$/, '')}`);
  return { from: message.from, content: { body: message.body, mediaUrl } };
}
