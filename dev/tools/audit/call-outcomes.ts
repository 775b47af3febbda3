import { hasEvent as has, type AuditLine } from './read-lines';

/**
 * Where one inbound call ended up, from the lines its handlers write (src/functions/voice/*):
 * `dialing` when a phone is rung, `connected` when the <Dial> of an answered (and, screening,
 * accepted) phone ends, `failover` when the next phone is rung, `exhausted` when no phone took
 * it, `voicemail` (recorded, transcribed) and the texts of the transcription (`forwarded` /
 * `send-failed`), `rejected` for a caller not on the whitelist.
 *  - connected: a phone took the call (deliveredBy: which);
 *  - voicemail: nobody took it; the caller left a voicemail, and at least one phone was texted it;
 *  - voicemail-not-texted: a voicemail was left, and no phone has been texted it (yet);
 *  - nobody-answered: no phone took it, and no voicemail was left;
 *  - in-progress: a phone is being rung or talked to: `connected` is written only when the
 *    conversation ends, so a call under way looks like this;
 *  - relay-error: the relay failed (an error line) or died before any phone was rung;
 *  - rejected: the caller is not on the whitelist (or the webhook came from another account).
 */
export type CallOutcome = 'connected' | 'voicemail' | 'voicemail-not-texted' | 'nobody-answered' | 'in-progress' | 'relay-error' | 'rejected';

export const CALL_OUTCOMES: CallOutcome[] = ['connected', 'voicemail', 'voicemail-not-texted', 'nobody-answered', 'in-progress', 'relay-error', 'rejected'];

/** The outcomes where the call reached nobody, for certain: a call still in progress is not one. */
export const CALL_FAILURES: CallOutcome[] = ['voicemail-not-texted', 'nobody-answered', 'relay-error'];

export const CALL_MEANING: Record<CallOutcome, string> = {
  connected: 'a phone took the call',
  voicemail: 'nobody took the call; the voicemail was texted',
  'voicemail-not-texted': 'a voicemail was left; no phone was texted it (yet)',
  'nobody-answered': 'NOBODY answered, and no voicemail was left',
  'in-progress': 'a phone is ringing or talking: the outcome is written when the call ends',
  'relay-error': 'the relay failed before any phone took the call',
  rejected: 'caller not on the whitelist: not put through, by design',
};


/** The first matching rule wins; a later event of a newer relay stays in the timeline only. */
export function callOutcomeOf(lines: AuditLine[]): CallOutcome {
  if (has(lines, 'rejected')) return 'rejected';
  if (has(lines, 'connected')) return 'connected';
  // The only texts a call sends are its voicemail's.
  if (has(lines, 'voicemail')) return has(lines, 'forwarded') ? 'voicemail' : 'voicemail-not-texted';
  if (has(lines, 'exhausted')) return 'nobody-answered';
  if (has(lines, 'error')) return 'relay-error';
  return has(lines, 'dialing') ? 'in-progress' : 'relay-error';
}
