import { keywordOf, type Keyword } from '../sms/keywords';

/**
 * What a message to the relay number says, before anyone looks up a dispatch:
 * - exactly one of Twilio's keywords (STOP, START, HELP, …): never relayed (sms/keywords.ts);
 * - "#7 On my way": an answer to dispatch 7 with the text "On my way";
 * - "On my way": an answer without a code (routing picks the most recent open dispatch);
 * - "#7" alone, with or without media: an answer to 7 with no text, which still acknowledges
 *   (GoAlert's "7a" acknowledges without text too; a bare code is the shortest "I have it").
 *
 * The code may be written "#7", "#07", "# 7" (phones' autocorrect likes to add that space),
 * followed by a space, the end, or one of : , . ; ! ? - and then the text. Anything else after the
 * digits ("#7abc", "#1234") means it is not a code: the whole message is text, so a message that
 * merely starts with a number is not misread. A code outside 1..999 ("#0") is kept as written:
 * routing answers it as unknown, with the phone's open codes, as Firefox Relay answers a prefix
 * that matches no sender (phones/exceptions.py, ShortPrefixMatchesNoSenders).
 */
export type ParsedMessage = { kind: 'keyword'; keyword: Keyword } | ParsedReply;

export interface ParsedReply {
  kind: 'reply';
  code?: number;
  /** Trimmed; empty when the message was only a code or only media. */
  text: string;
  mediaCount: number;
}

const CODE_PREFIX = /^#\s?(\d{1,3})(?:\s*[:,.;!?\-]\s*|\s+|$)/;

export function parseMessage(body: string, mediaCount = 0): ParsedMessage {
  const keyword = keywordOf(body);
  if (keyword) return { kind: 'keyword', keyword };

  const text = body.trim();
  const match = CODE_PREFIX.exec(text);
  if (!match) return { kind: 'reply', text, mediaCount };
  return { kind: 'reply', code: Number(match[1]), text: text.slice(match[0].length).trim(), mediaCount };
}
