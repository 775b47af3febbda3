import type { RestClient } from '../../../src/core/twilio/client';
import type { CallInstance, CallListInstanceEachOptions } from 'twilio/lib/rest/api/v2010/account/call';
import type { MessageInstance, MessageListInstanceEachOptions } from 'twilio/lib/rest/api/v2010/account/message';
import type { TwilioCall } from './twilio-calls';
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

type SdkCall = { sid: string; from: string; to: string; status: string; parentCallSid: string | null; startTime: Date | null; dateCreated: Date; endTime: Date | null; duration: string | null };
const asCall = (c: SdkCall): TwilioCall => ({
  sid: c.sid, from: c.from, to: c.to, status: c.status, parentCallSid: c.parentCallSid ?? null,
  startTime: new Date(c.startTime ?? c.dateCreated), endTime: c.endTime ? new Date(c.endTime) : null, duration: c.duration === null || c.duration === undefined ? null : Number(c.duration),
});

/** What each() of an SDK list takes (Messages, Calls): the page size, a callback per record with its stop, and the end. */
interface EachOptions<I> {
  pageSize: number;
  callback: (item: I, done: (error?: Error) => void) => void;
  done: (error?: Error) => void;
}

/**
 * Pages through one filtered list with the SDK's own paging (each(), PageSize 1000), one page at
 * a time, newest first; stops once the records are older than `oldest`.
 */
function readList<I, T>(each: (options: EachOptions<I>) => void, convert: (item: I) => T, created: (record: T) => Date, oldest: Date, counted: () => void, pageSize = PAGE_SIZE): Promise<T[]> {
  const found: T[] = [];
  return new Promise((resolve, reject) => {
    each({
      pageSize,
      callback: (item, done) => {
        counted();
        const record = convert(item);
        if (created(record) < oldest) return done();
        found.push(record);
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
export interface TwilioRecords {
  inbound: TwilioMessage[];
  forwards: TwilioMessage[];
  calls: TwilioCall[];
  /** The <Dial>s' child calls to the phones. */
  dials: TwilioCall[];
}

export async function readTwilioRecords(client: RestClient, numbers: RelayNumbers, range: ReadRange): Promise<TwilioRecords> {
  let read = 0;
  const counted = () => range.progress?.(++read);
  const delay = range.retryDelayMs ?? 1000;
  type Filter<O> = Omit<O, 'pageSize' | 'callback' | 'done' | 'limit'>;
  const messages = (filter: Filter<MessageListInstanceEachOptions>, oldest: Date) =>
    withRetries(() => readList((o: EachOptions<MessageInstance>) => client.messages.each({ ...filter, ...o }), asMessage, (m) => m.dateCreated, oldest, counted, range.pageSize), delay);
  const calls = (filter: Filter<CallListInstanceEachOptions>, oldest: Date) =>
    withRetries(() => readList((o: EachOptions<CallInstance>) => client.calls.each({ ...filter, ...o }), asCall, (c) => c.startTime, oldest, counted, range.pageSize), delay);
  // Received messages always have a date_sent, so the range can filter them server-side (by
  // whole days: DateSent compares dates); a forward that failed may have none, which Twilio's
  // DateSent filter would drop, so those lists are read newest first until older than the range.
  // The replies of a dispatch come after it: inbound is read to the present. Calls likewise.
  const oldest = new Date(range.since.getTime() - SKEW_MS);
  const inbound = await messages({ to: numbers.relay, dateSentAfter: range.since }, range.since);
  const forwards = [...(await messages({ to: numbers.primary }, oldest)), ...(await messages({ to: numbers.backup }, oldest))];
  const inboundCalls = await calls({ to: numbers.relay, startTimeAfter: range.since }, range.since);
  const dials = [...(await calls({ to: numbers.primary }, oldest)), ...(await calls({ to: numbers.backup }, oldest))];
  return { inbound, forwards, calls: inboundCalls, dials };
}
