import type { Leg } from '../legs';
import { buildForwardBody, codeLabel, cutToLength, fitToBody, senderLabel, shownText } from '../sms/forward-body';
import { errorInWords } from './error-words';
import type { DispatchRecord } from './record';

/**
 * Every text the two-way relay writes, each within Twilio's 1,600 characters (fitToBody). Short
 * and explicit, as Firefox Relay's SMS errors are (phones/exceptions.py): the reader is on a phone
 * and must know at once which dispatch a text is about and what to do.
 */

/** The forward to a phone, rebuilt from the record: the failover sends exactly what the primary got. */
export function forwardBody(record: DispatchRecord): string {
  return buildForwardBody(record.sender, record.text, record.mediaUrl.length, '', record.code);
}

/** "#7 " before a text about a dispatch, or nothing for a dispatch without a code. */
const tagOf = (code: number | undefined) => (code === undefined ? '' : `${codeLabel(code)} `);

/** The reply as the dispatcher gets it: "#7 Primary: On my way", its media attached by the sender of it. */
export function replyBody(code: number | undefined, name: string, text: string, mediaCount: number): string {
  return fitToBody(`${tagOf(code)}${name}: `, shownText(text, mediaCount));
}

/** To the other phone, once, so that two people do not both respond: "#7 taken by Primary". */
export function takenNotice(record: DispatchRecord, name: string): string {
  return record.code === undefined
    ? fitToBody('', `The dispatch from ${senderLabel(record.sender)} was taken by ${name}`)
    : fitToBody('', `${codeLabel(record.code)} taken by ${name}`);
}

/** To a phone whose replies the loop breaker (loop-breaker.ts) started holding, once per pause. */
export function heldNotice(record: DispatchRecord, minutes: number): string {
  return fitToBody('', `Your replies to ${senderLabel(record.sender)} are held for ${minutes} minutes: they look like two auto-responders answering each other. Start a reply with its #code to send it anyway.`);
}

/** So many open codes are listed at most: the answer stays one short text however busy the phone is. */
export const MAX_LISTED_CODES = 20;

/** To a phone that used a code it has no open dispatch for. Nothing goes to any dispatcher. */
export function unknownCodeAnswer(code: number, openCodes: readonly number[]): string {
  const head = `${codeLabel(code)} is not an open dispatch.`;
  if (openCodes.length === 0) return fitToBody('', `${head} Reply without a code to answer the most recent one.`);
  const listed = openCodes.slice(0, MAX_LISTED_CODES).map(codeLabel).join(', ');
  const more = openCodes.length > MAX_LISTED_CODES ? ` and ${openCodes.length - MAX_LISTED_CODES} more` : '';
  return fitToBody('', `${head} Open: ${listed}${more}. Start your reply with one; without a code it answers the most recent.`);
}

/** So much of the dispatcher's own text is quoted back, so that they know which message failed. */
export const QUOTE_LENGTH = 60;

/** The dispatcher's own text, quoted and cut: `"Gate code changed"`. */
export function quoteOf(record: DispatchRecord): string {
  const text = shownText(record.text.trim(), record.mediaUrl.length);
  const cut = cutToLength(text, QUOTE_LENGTH);
  return `"${cut}${cut.length < text.length ? '…' : ''}"`;
}

/**
 * To the dispatcher, once, when every phone failed:
 * `#7 could not be delivered to Primary (unreachable, 30003) or Backup (unknown number, 30005): "Gate code changed"`.
 */
export function exhaustedNotice(record: DispatchRecord, names: Record<Leg, string>): string {
  const failures = record.chain.map((leg) => `${names[leg]} (${errorInWords(record.legs[leg]?.errorCode)})`).join(' or ');
  const subject = record.code === undefined ? 'Your message' : codeLabel(record.code);
  return fitToBody(`${subject} could not be delivered to ${failures}: `, quoteOf(record));
}
