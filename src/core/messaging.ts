import type { MessageListInstanceCreateOptions } from 'twilio/lib/rest/api/v2010/account/message';
import { describeSendError, type SendFailure } from './send-error';
import type { RestClient } from './twilio-client';

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
  statusCallback: string;
}

export type SendResult = { ok: true; sid: string; status: string } | { ok: false; failure: SendFailure };

export function createParams(message: OutboundMessage): MessageListInstanceCreateOptions {
  return {
    to: message.to,
    ...(message.messagingServiceSid ? { messagingServiceSid: message.messagingServiceSid } : { from: message.from }),
    body: message.content.body,
    ...(message.content.mediaUrl.length > 0 && { mediaUrl: message.content.mediaUrl }),
    statusCallback: message.statusCallback,
  };
}

/** One Messages.create call; failures come back as values, since they decide the failover. */
export async function sendMessage(client: RestClient, message: OutboundMessage): Promise<SendResult> {
  try {
    const created = await client.messages.create(createParams(message));
    return { ok: true, sid: created.sid, status: created.status };
  } catch (error) {
    return { ok: false, failure: describeSendError(error) };
  }
}

/**
 * Status callbacks carry no body, so the failover re-reads what the primary leg sent:
 * its body verbatim and, for MMS, its media (listed only when there is any).
 */
export async function fetchSentContent(client: RestClient, messageSid: string): Promise<{ from: string; content: ForwardContent }> {
  const message = await client.messages(messageSid).fetch();
  const mediaCount = Number.parseInt(message.numMedia ?? '0', 10) || 0;
  const media = mediaCount > 0 ? await client.messages(messageSid).media.list({ limit: 10 }) : [];
  const mediaUrl = media.map((item) => `https://api.twilio.com${item.uri.replace(/\.json$/, '')}`);
  return { from: message.from, content: { body: message.body, mediaUrl } };
}
