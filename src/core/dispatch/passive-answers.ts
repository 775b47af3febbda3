/**
 * Caps the relay's own answers to a phone that asked for nothing it could act on (today: an
 * unknown or closed code). Each answer is a paid message, and a phone that keeps sending a bad
 * code, or an auto-responder that answers our answer, must not get an answer every time.
 * As GoAlert does (notification/twilio/replylimit.go: at most 5 passive replies to a number,
 * reset when a real action for that number happens), a reply that did reach a dispatch resets it.
 *
 * Pure: the count for one phone in, the decision and the new count out.
 */
export const MAX_PASSIVE_ANSWERS = 5;

export interface PassiveDecision {
  answer: boolean;
  count: number;
}

/** Before answering a phone's unmatched message: whether to answer, and the phone's new count. */
export function passiveAnswer(count: number): PassiveDecision {
  return count >= MAX_PASSIVE_ANSWERS ? { answer: false, count } : { answer: true, count: count + 1 };
}

/** A reply from that phone reached a dispatch: its answers start again from nothing. */
export const PASSIVE_RESET = 0;
