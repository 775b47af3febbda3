import type { Audit } from '../twilio/audit';
import type { Claims } from '../twilio/claims';
import type { RestClient } from '../twilio/client';
import type { Deadline } from '../twilio/deadline';
import type { RelayConfig, RelayEnv } from '../config';
import type { AlertTarget } from '../alerts/alert-config';
import type { ForwardDeps } from '../sms/forwarding';
import { dispatchStoreFor } from './sync-store';
import type { DispatchStore } from './store';
import { readTwoWayConfig, type TwoWayConfig } from './two-way-config';
import type { EscalationConfig } from './escalation-config';
import { readPagingConfig, type PagingConfig } from '../voice/page-config';
import { readVoiceConfig } from '../voice/config';

/** What the two-way flows work with: the sends' services, the store, and how the phones are named. */
export interface TwoWayDeps {
  client: RestClient;
  claims: Claims;
  audit: Audit;
  deadline: Deadline;
  destinations: { primaryNumber: string; backupNumber: string; messagingServiceSid?: string };
  store: DispatchStore;
  twoWay: TwoWayConfig;
  alert?: AlertTarget;
  /** ACK_TIMEOUT_MINUTES (escalation-config.ts): only the inbound path, which schedules, needs it. */
  escalation?: EscalationConfig;
  /** PAGE_BY_CALL (page-dispatch.ts): absent when paging is off. */
  paging?: PagingConfig;
}

/**
 * Of what is left, one store call may use at most this long (the store retries inside it): its
 * bookkeeping must leave the sends most of the invocation, as CLAIM_BUDGET_MS does for a claim.
 */
export const BOOKKEEPING_MS = 2000;

/**
 * A new dispatch's record and code come before its forward (the forward shows the code), so they
 * get less: of the 7 s (FUNCTION_BUDGET_MS), the primary's share is half of what is left, and its
 * claim gets that share less the send's 2 s (SEND_RESERVE_MS), at most 1.5 s (CLAIM_BUDGET_MS).
 * 450 ms here leaves the claim 1.275 s even when Sync is slow: (7 - 0.45) / 2 - 2. The look-up
 * and the code run at once (the code's probes leave the create RECORD_CREATE_RESERVE_MS), then
 * the create; a code probe starts with 100 ms left and a cold
 * container's later probes go three at a time (sync-codes.ts), so at ~100 ms a Sync call a
 * dispatch meeting taken codes still gets one; a slower Sync costs the dispatch its code
 * (forwarded without one, audited), never the claim its time.
 */
export const DISPATCH_BOOKKEEPING_MS = 450;

/** Of a new dispatch's bookkeeping share, the code's probes leave the record's create this long. */
export const RECORD_CREATE_RESERVE_MS = 150;
export const codeShare = (share: Deadline): Deadline => share.within(share.remaining() - RECORD_CREATE_RESERVE_MS);

/** The share of the deadline one store call gets: `ms`, and never more than a third of what is left. */
export const bookkeepingShare = (deadline: Deadline, ms = BOOKKEEPING_MS): Deadline => deadline.within(Math.min(ms, deadline.remaining() / 3));

/**
 * Runs one store call; when the store fails (Sync down, slow, throttled) the dispatch goes on
 * without its bookkeeping and a `dispatch-unavailable` warning says what was skipped. Never throws.
 */
export async function withStore<T>(
  deps: Pick<TwoWayDeps, 'audit' | 'deadline'>,
  inbound: string,
  skipped: string,
  call: (share: Deadline) => Promise<T>,
  budgetMs = BOOKKEEPING_MS,
): Promise<T | undefined> {
  try {
    return await call(bookkeepingShare(deps.deadline, budgetMs));
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
export function twoWayDeps(deps: ForwardDeps, config: RelayConfig, twoWay: TwoWayConfig, escalation?: EscalationConfig, paging?: PagingConfig): TwoWayDeps | undefined {
  if (!twoWay.enabled) return undefined;
  const store = dispatchStoreFor(config, deps.client, deps.deadline);
  return store && { ...deps, store, twoWay, ...(escalation?.enabled && { escalation }), ...(paging?.pageByCall && { paging }) };
}

/** What a page call's webhooks (/voice/page, /voice/page-status) work with: two-way's dependencies, with paging read from the env. */
export function pageWebhookDeps(env: RelayEnv, deps: ForwardDeps, config: RelayConfig): TwoWayDeps | undefined {
  const twoWay = readTwoWayConfig(env);
  return twoWayDeps(deps, config, twoWay, undefined, readPagingConfig(env, twoWay, readVoiceConfig(env)));
}
