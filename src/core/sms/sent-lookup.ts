import type { Deadline } from '../twilio/deadline';
import { restAttempt, withRetry } from '../twilio/retry';
import type { SendFailure } from '../twilio/send-error';
import type { RestClient } from '../twilio/client';
import type { OutboundMessage } from './messaging';

export type Lookup = { kind: 'found'; sid: string; status: string } | { kind: 'not-found' } | { kind: 'failed'; failure: SendFailure };

/** Newest first; the few messages one phone got from the relay in the last seconds fit in a small page. */
const LOOKUP_PAGE_SIZE = 20;

/**
 * Did Twilio create this message at or after `since`? Asked after an ambiguous create failure
 * (time-out, reset, 5xx), because message creation is not idempotent: a blind retry may deliver it
 * twice (https://www.twilio.com/docs/api/errors/20500). Messages list filtered by To and From (the
 * Messaging Service picks its own sender, so not then), newest first, matched on the exact body
 * and a date_created no earlier than `since` floored to the second (date_created has whole
 * seconds). No DateSent filter: a message still queued or accepted has no date_sent yet, and it is
 * exactly the one a lost answer leaves behind.
 * Not found proves nothing: a create Twilio is still processing is not listed yet (the caller
 * decides, see sendMessage). The residue (docs/reliability.md): the same text from the same
 * dispatcher to the same phone twice within one second may find the other one's message.
 */
export async function findSent(client: RestClient, message: OutboundMessage, since: Date, deadline: Deadline): Promise<Lookup> {
  const listed = await withRetry(
    () =>
      restAttempt(() =>
        client.messages.list({
          to: message.to,
          ...(!message.messagingServiceSid && { from: message.from }),
          pageSize: LOOKUP_PAGE_SIZE,
          limit: LOOKUP_PAGE_SIZE,
        }),
      ),
    deadline,
  );
  if (!listed.ok) return { kind: 'failed', failure: listed.error as SendFailure };
  const earliest = Math.floor(since.getTime() / 1000) * 1000;
  const match = listed.value.find((sent) => sent.body === message.content.body && (sent.dateCreated?.getTime() ?? 0) >= earliest);
  return match ? { kind: 'found', sid: match.sid, status: match.status } : { kind: 'not-found' };
}
