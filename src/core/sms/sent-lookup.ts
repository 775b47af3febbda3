import type { Deadline } from '../twilio/deadline';
import { restAttempt, withRetry } from '../twilio/retry';
import type { SendFailure } from '../twilio/send-error';
import type { RestClient } from '../twilio/client';
import type { OutboundMessage } from './messaging';

export type Lookup = { kind: 'found'; sid: string; status: string } | { kind: 'not-found' } | { kind: 'failed'; failure: SendFailure };

/** Newest first; one page is plenty for the few messages one phone gets from the relay in a day. */
const LOOKUP_PAGE_SIZE = 50;
/** date_created has whole seconds; and a send is recorded a moment after the clock read `since`. */
const CREATED_SLACK_MS = 2000;

/** The UTC calendar date of a moment (YYYY-MM-DD): Twilio's DateSent filter takes dates in GMT. */
export const utcDate = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Did Twilio create this message after `since`? Asked after an ambiguous create failure (time-out,
 * reset, 5xx), because message creation is not idempotent: a blind retry may deliver it twice
 * (https://www.twilio.com/docs/api/errors/20500). Messages list filtered by To, From (the Messaging
 * Service picks its own sender, so not then) and DateSent, matched on the exact body and a
 * date_created no earlier than `since`.
 * "DateSent>" with a date reads "sent on or after that date, GMT" (twilio-oai's Messages list), so
 * one query covers a send that straddles midnight UTC. A message still queued has no date_sent yet
 * and is not found: the caller then sends again (see docs/reliability.md).
 */
export async function findSent(client: RestClient, message: OutboundMessage, since: Date, deadline: Deadline): Promise<Lookup> {
  const listed = await withRetry(
    () =>
      restAttempt(() =>
        client.messages.list({
          to: message.to,
          ...(!message.messagingServiceSid && { from: message.from }),
          // The SDK passes a string through unchanged; a Date would become a date-time, and Twilio documents a date.
          dateSentAfter: utcDate(since) as unknown as Date,
          pageSize: LOOKUP_PAGE_SIZE,
          limit: LOOKUP_PAGE_SIZE,
        }),
      ),
    deadline,
  );
  if (!listed.ok) return { kind: 'failed', failure: listed.error as SendFailure };
  const earliest = since.getTime() - CREATED_SLACK_MS;
  const match = listed.value.find((sent) => sent.body === message.content.body && (sent.dateCreated?.getTime() ?? 0) >= earliest);
  return match ? { kind: 'found', sid: match.sid, status: match.status } : { kind: 'not-found' };
}
