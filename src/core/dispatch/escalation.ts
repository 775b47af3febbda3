import type { Leg } from '../legs';
import { codeLabel, fitToBody, forwardHead, shownText } from '../sms/forward-body';
import { quoteOf } from './notices';
import type { DispatchRecord } from './record';

/**
 * Issue 11's deadlines and texts, pure. The wiring schedules two messages at the first forward
 * (ScheduleType=fixed, SendAt, MessagingServiceSid: https://www.twilio.com/docs/messaging/features/message-scheduling):
 * the backup's copy at the deadline and the dispatcher's "not acknowledged" at twice it.
 */

export interface EscalationTimes {
  /** SendAt of the backup's copy: forward time + the timeout. */
  backupAt: Date;
  /** SendAt of the dispatcher's "not acknowledged": forward time + 2 × the timeout. */
  dispatcherAt: Date;
}

/**
 * Both SendAts, in whole seconds: the SDK sends SendAt as YYYY-MM-DDTHH:mm:ssZ (twilio 6.3.1,
 * serialize.iso8601DateTime, cutting the milliseconds), so what the record keeps is what Twilio got.
 */
export function escalationTimes(forwardedAt: Date, timeoutMinutes: number): EscalationTimes {
  const at = (minutes: number) => new Date(Math.floor((forwardedAt.getTime() + minutes * 60_000) / 1000) * 1000);
  return { backupAt: at(timeoutMinutes), dispatcherAt: at(2 * timeoutMinutes) };
}

/** SendAt as Twilio's pages write it (2021-11-30T20:36:27Z): for audit lines and tests; the SDK takes the Date. */
export const sendAtText = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** "15 min", or whole hours as "2 h" (a 1,440-minute timeout reads "24 h", not "1440 min"). */
export function durationText(minutes: number): string {
  return minutes >= 60 && minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
}

/**
 * The backup's copy, saying why it comes:
 * `From Dispatch (+16195550100) #7, not acknowledged by Primary in 15 min: <text>`, within 1,600 characters.
 */
export function escalatedBody(record: DispatchRecord, names: Record<Leg, string>, timeoutMinutes: number): string {
  const why = `, not acknowledged by ${names.primary} in ${durationText(timeoutMinutes)}: `;
  return fitToBody(`${forwardHead(record.sender, record.code)}${why}`, shownText(record.text, record.mediaUrl.length));
}

/**
 * To the dispatcher at twice the timeout, unless canceled first:
 * `#7: not acknowledged by Primary or Backup after 30 min`. Without a code, their text is quoted
 * so that they know which message it is about.
 */
export function unacknowledgedNotice(record: DispatchRecord, names: Record<Leg, string>, timeoutMinutes: number): string {
  const who = record.chain.map((leg) => names[leg]).join(' or ');
  const after = durationText(2 * timeoutMinutes);
  return record.code === undefined
    ? fitToBody(`Your message was not acknowledged by ${who} after ${after}: `, quoteOf(record))
    : fitToBody('', `${codeLabel(record.code)}: not acknowledged by ${who} after ${after}`);
}
