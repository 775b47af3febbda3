import type { RestClient } from '../../../src/core/twilio/client';
import type { MessageListInstanceEachOptions } from 'twilio/lib/rest/api/v2010/account/message';
import type { RelayNumbers, TwilioMessage } from './twilio-match';

export interface ReadRange {
  /** Read back to here; `--until` trims the dispatches afterwards (their later failovers and replies are read too). */
  since: Date;
  /** Records per page; Twilio's largest (1000) unless a test wants to see the paging. */
  pageSize?: number;
  /** First wait before reading a list again after a 429, a 5xx or a network error (doubling; default 1 s). */
  retryDelayMs?: number;
  /** Called after each record read, with the count so far: a progress line. */
  progress?: (read: number) => void;
}

/** Twilio's largest page: the fewest requests, far inside the API's rate limits when read one page at a time. */
const PAGE_SIZE = 1000;
/** Clock skew allowed between an inbound and its forward's date_created. */
const SKEW_MS = 60_000;

type SdkMessage = { sid: string; from: string; to: string; body: string; status: string; errorCode: number | null; dateCreated: Date; dateUpdated: Date; numMedia: string; messagingServiceSid: string | null };
const asMessage = (m: SdkMessage): TwilioMessage => ({
  sid: m.sid, from: m.from, to: m.to, body: m.body ?? '', status: m.status, errorCode: m.errorCode ?? null,
  dateCreated: new Date(m.dateCreated), dateUpdated: new Date(m.dateUpdated ?? m.dateCreated), numMedia: Number(m.numMedia) || 0,
  messagingServiceSid: m.messagingServiceSid ?? null,
});

/**
 * Pages through one filtered Messages list with the SDK's own paging (each(), PageSize 1000), one
 * page at a time, newest first; stops once the records are older than `oldest`.
 */
function readList(client: RestClient, filter: MessageListInstanceEachOptions, oldest: Date, counted: () => void, pageSize = PAGE_SIZE): Promise<TwilioMessage[]> {
  const found: TwilioMessage[] = [];
  return new Promise((resolve, reject) => {
    client.messages.each({
      ...filter,
      pageSize,
      callback: (item, done) => {
        counted();
        const message = asMessage(item);
        if (message.dateCreated < oldest) return done();
        found.push(message);
      },
      done: (error?: Error) => (error ? reject(error) : resolve(found)),
    });
  });
}

const ATTEMPTS = 4;
const retryable = (error: unknown) => {
  const status = (error as { status?: unknown }).status;
  return typeof status !== 'number' || status === 429 || status >= 500;
};

/**
 * A list read again from its first page when Twilio says "too many requests" (429), fails (5xx) or
 * does not answer, after a doubling pause: the SDK's paging cannot resume mid-list, and a read is
 * harmless to repeat. Anything else (401, 404…) is the operator's to fix, at once.
 */
async function withRetries<T>(read: () => Promise<T>, firstDelayMs: number): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= ATTEMPTS || !retryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, firstDelayMs * 2 ** (attempt - 1)));
    }
  }
}

/**
 * Twilio's own records of a time range (the Messages API shows 400 days by default, less when the
 * account set a shorter "data access" period:
 * https://support.twilio.com/hc/en-us/articles/223181008-Twilio-SMS-message-and-traffic-storage), read with the relay's API key: the messages to the relay
 * number (dispatches and replies), and the forwards to the primary and backup phones (from the
 * relay number or the Messaging Service: the To filter finds both).
 */
export async function readTwilioMessages(client: RestClient, numbers: RelayNumbers, range: ReadRange): Promise<{ inbound: TwilioMessage[]; forwards: TwilioMessage[] }> {
  let read = 0;
  const counted = () => range.progress?.(++read);
  // Received messages always have a date_sent, so the range can filter them server-side (by
  // whole days: DateSent compares dates); a forward that failed may have none, which Twilio's
  // DateSent filter would drop, so those lists are read newest first until older than the range.
  // The replies of a dispatch come after it: inbound is read to the present.
  const delay = range.retryDelayMs ?? 1000;
  const inbound = await withRetries(() => readList(client, { to: numbers.relay, dateSentAfter: range.since }, range.since, counted, range.pageSize), delay);
  const oldest = new Date(range.since.getTime() - SKEW_MS);
  const forwards: TwilioMessage[] = [];
  for (const to of [numbers.primary, numbers.backup]) forwards.push(...(await withRetries(() => readList(client, { to }, oldest, counted, range.pageSize), delay)));
  return { inbound, forwards };
}
