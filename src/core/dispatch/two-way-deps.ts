import type { Audit } from '../twilio/audit';
import type { Claims } from '../twilio/claims';
import type { RestClient } from '../twilio/client';
import type { Deadline } from '../twilio/deadline';
import type { RelayConfig } from '../config';
import type { ForwardDeps } from '../sms/forwarding';
import { dispatchStoreFor } from './sync-store';
import type { DispatchStore } from './store';
import type { TwoWayConfig } from './two-way-config';

/** What the two-way flows work with: the sends' services, the store, and how the phones are named. */
export interface TwoWayDeps {
  client: RestClient;
  claims: Claims;
  audit: Audit;
  deadline: Deadline;
  destinations: { primaryNumber: string; backupNumber: string; messagingServiceSid?: string };
  store: DispatchStore;
  twoWay: TwoWayConfig;
}

/**
 * Of what is left, one store call may use at most this long (the store retries inside it): its
 * bookkeeping must leave the sends most of the invocation, as CLAIM_BUDGET_MS does for a claim.
 */
export const BOOKKEEPING_MS = 2000;

/** The share of the deadline one store call gets: BOOKKEEPING_MS, and never more than a third of what is left. */
export const bookkeepingShare = (deadline: Deadline): Deadline => deadline.within(Math.min(BOOKKEEPING_MS, deadline.remaining() / 3));

/**
 * Runs one store call; when the store fails (Sync down, slow, throttled) the dispatch goes on
 * without its bookkeeping and a `dispatch-unavailable` warning says what was skipped. Never throws.
 */
export async function withStore<T>(deps: Pick<TwoWayDeps, 'audit' | 'deadline'>, inbound: string, skipped: string, call: (share: Deadline) => Promise<T>): Promise<T | undefined> {
  try {
    return await call(bookkeepingShare(deps.deadline));
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    deps.audit({ event: 'dispatch-unavailable', level: 'warn', inbound, reason: `dispatch store unavailable (${message}): ${skipped}` });
    return undefined;
  }
}

/**
 * The two-way flows' dependencies, or undefined when two-way is off or there is no store: the
 * handler then runs one-way, exactly as without two-way.
 */
export function twoWayDeps(deps: ForwardDeps, config: RelayConfig, twoWay: TwoWayConfig): TwoWayDeps | undefined {
  if (!twoWay.enabled) return undefined;
  const store = dispatchStoreFor(config, deps.client, deps.deadline);
  return store && { ...deps, store, twoWay };
}
