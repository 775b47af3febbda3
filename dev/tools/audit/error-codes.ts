/**
 * What the error codes in the audit trail mean for whoever must act, in a few words; the
 * docs/troubleshooting.md says more. https://www.twilio.com/docs/api/errors/<code>
 */
export const ERROR_HINTS: Record<string, string> = {
  '11200': 'the webhook answered an error or could not be reached',
  '20003': 'credentials refused',
  '20429': 'too many requests',
  '21211': "invalid 'To' number",
  '21408': 'sending to that country is not enabled (Messaging Geographic Permissions)',
  '21610': 'the recipient replied STOP: Twilio will not text them until they reply START',
  '21614': "'To' is not a mobile number",
  '30003': 'handset unreachable: off, or out of coverage',
  '30005': 'unknown handset: the number does not exist',
  '30006': 'landline or unreachable carrier',
  '30007': 'filtered by the carrier as spam',
  '30008': 'unknown delivery error',
  network: 'no answer from Twilio (network error or timeout)',
};

export const withHint = (code: string) => (ERROR_HINTS[code] ? `${code} (${ERROR_HINTS[code]})` : code);
