import type { Leg } from '../legs';
import { toE164, type CountryCode } from '../phone';
import type { Sender, Whitelist } from '../whitelist';

export interface InboundFacts {
  /** The sender or caller as Twilio reports it (event.From). */
  from: string;
  /** The relay number that received the message or call (event.To). */
  to: string;
}

export interface Destinations {
  primaryNumber: string;
  backupNumber: string;
  defaultRegion: CountryCode;
}

export type RejectReason = 'unparseable-sender' | 'not-whitelisted' | 'from-relay-number';

export type InboundDecision =
  | { kind: 'reject'; reason: RejectReason }
  /** legs: the order to try, never including the sender's own phone. */
  | { kind: 'forward'; sender: Sender; legs: Leg[]; skippedLeg?: Leg };

/**
 * Who may be relayed, and to which phones: the whole authorization decision for an inbound
 * message or call (a caller passes exactly when a texter would).
 */
export function decideInbound(facts: InboundFacts, whitelist: Whitelist, destinations: Destinations): InboundDecision {
  const from = toE164(facts.from, destinations.defaultRegion);
  if (!from) return { kind: 'reject', reason: 'unparseable-sender' };
  if (from === toE164(facts.to, destinations.defaultRegion)) return { kind: 'reject', reason: 'from-relay-number' };

  const sender = whitelist.senders.get(from);
  if (!sender) return { kind: 'reject', reason: 'not-whitelisted' };

  // Loop guard: the primary or backup phone may itself be an authorized sender,
  // but its message must not be relayed back to the phone that sent it.
  if (from === destinations.primaryNumber) return { kind: 'forward', sender, legs: ['backup'], skippedLeg: 'primary' };
  if (from === destinations.backupNumber) return { kind: 'forward', sender, legs: ['primary'], skippedLeg: 'backup' };
  return { kind: 'forward', sender, legs: ['primary', 'backup'] };
}

export function numberForLeg(leg: Leg, destinations: Pick<Destinations, 'primaryNumber' | 'backupNumber'>): string {
  return leg === 'primary' ? destinations.primaryNumber : destinations.backupNumber;
}
