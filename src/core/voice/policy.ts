import type { DialResult } from './events';

/**
 * The only place that knows what a <Dial> outcome means
 * (DialCallStatus and friends: https://www.twilio.com/docs/voice/twiml/dial, section "action").
 *
 * "completed" and "answered" both mean a phone picked up. Twilio's own `hunt` template compared
 * with "complete" and so never saw an answered call; the sets below are spelled as Twilio sends them.
 */
const ANSWERED = new Set(['completed', 'answered']);
const NOT_ANSWERED = new Set(['busy', 'no-answer', 'failed', 'canceled']);

export type DialAction =
  /** Somebody took the call: hang up the caller's leg when the conversation ends. */
  | 'connected'
  /** Ring the next phone. */
  | 'failover'
  /** No phone took the call: the unavailable message (and voicemail, if enabled). */
  | 'exhausted';

export interface DialDecision {
  action: DialAction;
  /** Why, for the audit line. */
  reason: string;
}

/**
 * Whether the dialed phone was actually connected to the caller. A phone that picks up but is not
 * bridged is a screened call nobody accepted: the <Number url> prompt ran on it and ended with
 * <Hangup/> (a carrier voicemail that cannot press 1, a person who declined). The phone did pick
 * up, so that <Dial> ends "completed" too: the status alone cannot tell it from a conversation.
 *
 * DialBridged ("true"/"false") says it directly. Where it is missing, the caller's own leg does:
 * with answerOnBridge="true" (always set by this relay) Twilio answers the caller only at the
 * bridge, so a caller still "ringing" after the <Dial> was never connected to anybody.
 */
export function wasBridged(result: Pick<DialResult, 'bridged' | 'callerStatus'>): boolean {
  if (result.bridged === 'true') return true;
  if (result.bridged === 'false') return false;
  return result.callerStatus !== 'ringing';
}

/** What to do when the <Dial> of one leg ends. Nothing here ever leads back to the primary. */
export function decideDialResult(result: DialResult, lastLeg: boolean): DialDecision {
  const unanswered = (reason: string): DialDecision => ({ action: lastLeg ? 'exhausted' : 'failover', reason });

  if (ANSWERED.has(result.status)) {
    return wasBridged(result)
      ? { action: 'connected', reason: result.status }
      : unanswered(`${result.status} but never bridged: the screening prompt was not accepted`);
  }
  if (NOT_ANSWERED.has(result.status)) return unanswered(result.status);
  // An unknown value cannot be trusted as an answer: the caller is still waiting, so try the next phone.
  return unanswered(result.status ? `unknown DialCallStatus "${result.status}"` : 'DialCallStatus missing');
}
