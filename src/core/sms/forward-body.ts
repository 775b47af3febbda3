import type { Sender } from '../whitelist';

/** Twilio refuses a message body longer than 1,600 characters (error 21617). */
export const MAX_BODY_LENGTH = 1600;
export const TRUNCATION_MARKER = ' …[truncated]';
export const MEDIA_ONLY_TEXT = '(media only)';
export const EMPTY_TEXT = '(empty message)';

// Created on first use: building a Segmenter costs ~17 ms, which every cold start would pay,
// while only an over-long message needs one.
let graphemes: Intl.Segmenter | undefined;

/**
 * Cuts text to at most `limit` UTF-16 code units on a grapheme boundary, so neither a surrogate
 * pair nor an emoji sequence (flags, skin tones, ZWJ families) is split into garbage.
 */
export function cutToLength(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = 0;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const { segment } of graphemes.segment(text)) {
    if (end + segment.length > limit) break;
    end += segment.length;
  }
  return text.slice(0, end);
}

export function senderLabel(sender: Sender): string {
  return sender.name ? `${sender.name} (${sender.number})` : sender.number;
}

/**
 * prefix + content within Twilio's limit, cut at the end and marked. Length is counted in UTF-16
 * code units, which is never less than what Twilio counts, so the result is always accepted.
 * Every body the relay sends goes through here (relayed messages, voicemail transcriptions).
 */
export function fitToBody(prefix: string, content: string): string {
  const whole = prefix + content;
  if (whole.length <= MAX_BODY_LENGTH) return whole;
  return cutToLength(whole, MAX_BODY_LENGTH - TRUNCATION_MARKER.length) + TRUNCATION_MARKER;
}

/** What stands for a message's text: the text itself, or a placeholder when there is none to show. */
export function shownText(text: string, mediaCount: number): string {
  return text.trim() !== '' ? text : mediaCount > 0 ? MEDIA_ONLY_TEXT : EMPTY_TEXT;
}

/** "#7": how a dispatch's code is written everywhere the relay writes it (see dispatch/codes.ts). */
export const codeLabel = (code: number) => `#${code}`;

/**
 * "From Dispatch (+16195550100): <text>", within Twilio's limit. With two-way dispatch the code
 * follows the sender ("From Dispatch (+16195550100) #7: <text>") so that the phone can answer it.
 */
export function buildForwardBody(sender: Sender, text: string, mediaCount = 0, note = '', code?: number): string {
  return fitToBody(`${note}${forwardHead(sender, code)}: `, shownText(text, mediaCount));
}

/** "From Dispatch (+16195550100) #7": who a forwarded dispatch is from, and its code when it has one. */
export function forwardHead(sender: Sender, code?: number): string {
  return `From ${senderLabel(sender)}${code === undefined ? '' : ` ${codeLabel(code)}`}`;
}
