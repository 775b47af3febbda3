/**
 * Twilio's reserved keywords on a long code. Twilio itself answers them and keeps the opt-out list
 * (a number that sent STOP gets error 21610 on every later send until it sends START), so the relay
 * must never pass one on: not as a dispatch, not as a reply. Lists as Twilio documents them:
 * - opt-out (STOP, UNSUBSCRIBE, END, QUIT, STOPALL, REVOKE, OPTOUT, CANCEL):
 *   https://www.twilio.com/docs/messaging/tutorials/advanced-opt-out
 * - opt-in (START, YES, UNSTOP), help (HELP, INFO), and "only single-word messages" trigger them:
 *   https://help.twilio.com/hc/en-us/articles/223134027-Twilio-support-for-opt-out-keywords-SMS-STOP-filtering-
 * REVOKE and OPTOUT are newer than the list in issue 10; Twilio's page is the authority.
 */
export type KeywordKind = 'opt-out' | 'opt-in' | 'help';

const KEYWORDS: ReadonlyMap<string, KeywordKind> = new Map([
  ...['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'].map((word) => [word, 'opt-out'] as const),
  ...['START', 'YES', 'UNSTOP'].map((word) => [word, 'opt-in'] as const),
  ...['HELP', 'INFO'].map((word) => [word, 'help'] as const),
]);

export interface Keyword {
  /** Upper case, as Twilio lists it. */
  word: string;
  kind: KeywordKind;
}

/**
 * The keyword a message is, or undefined. Only the whole message counts (any case, surrounding
 * whitespace ignored): Twilio blocks on "STOP" but not on "STOP PLEASE", so neither does the relay,
 * and "Yes, on my way" stays an ordinary reply.
 */
export function keywordOf(text: string): Keyword | undefined {
  const word = text.trim().toUpperCase();
  const kind = KEYWORDS.get(word);
  return kind && { word, kind };
}
