import type { ClaimResult } from '../twilio/claims';
import type { Deadline } from '../twilio/deadline';
import type { RestClient } from '../twilio/client';
import type { OutboundMessage } from './messaging';
import { findSent } from './sent-lookup';

type StaleClaim = Extract<ClaimResult, { kind: 'stale' }>;

export type StaleResolution =
  /** The dead invocation did send it: settle the claim with this SID, send nothing. */
  | { kind: 'sent'; sid: string; status: string; reason: string }
  /** Taken over (or, with `unavailable`, Sync could not be asked to: sent without a claim): this invocation sends. */
  | { kind: 'send'; reason: string; unavailable?: string }
  /** Another invocation took it over first. */
  | { kind: 'taken'; reason: string };

const DAY_MS = 24 * 3600 * 1000;

/**
 * A claim left at `sending` by an invocation that died: was the message created before it died?
 * Found, it counts as sent. Not found, or the lookup failed, the claim is taken over and sent: a
 * duplicate beats a lost dispatch (the dead invocation most likely died before its create). When
 * Sync cannot be asked to take it over, it is sent anyway, as after an unavailable claim; only a
 * takeover that another delivery won sends nothing. `claimWindow`: the time the takeover may use,
 * taken when it starts (after the lookup).
 */
export async function resolveStaleClaim(client: RestClient, claim: StaleClaim, message: OutboundMessage, deadline: Deadline, claimWindow: () => Deadline): Promise<StaleResolution> {
  const claimedAt = Date.parse(claim.previous.at);
  const since = new Date(Number.isFinite(claimedAt) ? claimedAt : Date.now() - DAY_MS);
  const stale = `stale claim of ${claim.previous.at}`;
  const found = await findSent(client, message, since, deadline);
  if (found.kind === 'found') return { kind: 'sent', sid: found.sid, status: found.status, reason: `${stale}: its invocation had sent it (found by a lookup)` };
  const checked = found.kind === 'not-found' ? 'not found by a lookup' : `lookup failed (${found.failure.message})`;
  const taken = await claim.takeOver(claimWindow());
  if (taken === 'won') return { kind: 'send', reason: `${stale} taken over: ${checked}` };
  if (taken === 'lost') return { kind: 'taken', reason: `${stale} taken over by another invocation first: not sent again` };
  return { kind: 'send', reason: `${stale} not taken over (Sync could not be asked): ${checked}`, unavailable: `${stale} could not be taken over; sending without a claim` };
}
