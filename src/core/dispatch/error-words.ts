/**
 * Twilio error codes in the few words a dispatcher's text can hold ("Primary (unreachable, 30003)").
 * The operator's longer hints live with the audit tool (dev/tools/audit/error-codes.ts); these are
 * what a person on a phone reads. Meanings from Twilio's error pages,
 * https://www.twilio.com/docs/api/errors/<code> (e.g. /30003 "Unreachable destination handset",
 * /30006 "Landline or unreachable carrier", /21610 a recipient who replied STOP). The same codes as
 * the audit tool's hints: a code missing here is shown as the bare number.
 */
const WORDS: Record<string, string> = {
  '21211': 'invalid number',
  '21408': 'country not enabled',
  // The dispatcher reads this, so no "reply START": only the opted-out phone can undo it.
  '21610': 'opted out with STOP',
  '21614': 'not a mobile number',
  '30003': 'unreachable',
  '30005': 'unknown number',
  '30006': 'landline or unreachable carrier',
  '30007': 'filtered by the carrier',
  '30008': 'unknown error',
  network: 'no answer from Twilio',
};

/** "unreachable, 30003"; a code without words is shown as it is. */
export function errorInWords(code: string | undefined): string {
  if (!code) return 'not delivered';
  const words = WORDS[code];
  if (!words) return code;
  return /^\d+$/.test(code) ? `${words}, ${code}` : words;
}
