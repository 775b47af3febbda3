import { randomUUID } from 'node:crypto';
import { runWithin, type Deadline } from './deadline';
import type { Leg } from '../legs';
import { withRetry } from './retry';
import { describeSendError } from './send-error';
import type { RestClient } from './client';

/** "in": the first send for an inbound message; "fo": its failover send; "vm": a voicemail's texts. */
export type ClaimKind = 'in' | 'fo' | 'vm';

export interface ClaimRecord {
  state: 'sending' | 'sent' | 'failed';
  /** Which invocation holds the claim: a retried create that finds its own item has it, not a duplicate. */
  by?: string;
  leg: Leg;
  sid?: string;
  errorCode?: string;
  at: string;
}

export type ClaimResult =
  | { kind: 'claimed' }
  /** Someone already did (or is doing) this side effect: do not repeat it. */
  | { kind: 'taken'; previous?: ClaimRecord }
  /** The store could not be asked: the caller sends anyway (at least once beats never). */
  | { kind: 'unavailable'; reason: string }
  /**
   * Held at `sending` for longer than STALE_CLAIM_MS: its invocation died between claim and send
   * (or before settling). The caller checks whether the side effect happened anyway; if not,
   * takeOver() claims it atomically (If-Match on the item's revision): false means another
   * invocation took it over first.
   */
  | { kind: 'stale'; previous: ClaimRecord; takeOver: () => Promise<boolean> };

export interface Claims {
  readonly enabled: boolean;
  /** `deadline`: the part of the invocation's time this call may use (a leg's share); all of it when absent. */
  claim(kind: ClaimKind, inboundSid: string, record: ClaimRecord, deadline?: Deadline): Promise<ClaimResult>;
  /** Records how the claimed side effect ended; false when that could not be stored. */
  settle(kind: ClaimKind, inboundSid: string, record: ClaimRecord, deadline?: Deadline): Promise<boolean>;
}

/**
 * A claim still `sending` after this long belongs to a dead invocation: Twilio stops a Function
 * after 10 seconds (https://www.twilio.com/docs/runtime/functions/faq), plus margin.
 */
export const STALE_CLAIM_MS = 15_000;

/** Without SYNC_SERVICE_SID: every claim succeeds, so duplicates of a webhook are sent again. */
export const NO_CLAIMS: Claims = {
  enabled: false,
  claim: async () => ({ kind: 'claimed' }),
  settle: async () => true,
};

/** Claims expire after 7 days: far longer than Twilio retries or late callbacks arrive. */
export const CLAIM_TTL_SECONDS = 7 * 24 * 3600;
/** A Sync call gets at most this long per claim, so a Sync outage cannot eat the send's time. */
export const CLAIM_BUDGET_MS = 1500;
const ALREADY_EXISTS = 54208;

/** A raw SID is not a valid Map Item key (54302); a prefix makes it one and names the side effect. */
export const claimKey = (kind: ClaimKind, inboundSid: string) => `${kind}:${inboundSid}`;

/**
 * Claims as Sync Map Items: creating a key is atomic, and a second create of the same key fails
 * with 54208, which means "already done". After the first failure to reach Sync in an
 * invocation, no further Sync call is made in it: the sends get the remaining time.
 */
export function syncClaims(client: RestClient, serviceSid: string, mapName: string, deadline: Deadline): Claims {
  const items = () => client.sync.v1.services(serviceSid).syncMaps(mapName).syncMapItems;
  const invocation = randomUUID();
  let down: string | undefined;

  return {
    enabled: true,
    async claim(kind, inboundSid, record, within = deadline) {
      if (down) return { kind: 'unavailable', reason: down };
      const key = claimKey(kind, inboundSid);
      const mine = { ...record, by: invocation };
      const outcome = await withRetry(async () => {
        try {
          await items().create({ key, data: mine, itemTtl: CLAIM_TTL_SECONDS });
          return { ok: true as const, value: 'claimed' as const };
        } catch (error) {
          const failure = describeSendError(error);
          if (failure.code === ALREADY_EXISTS) return { ok: true as const, value: 'taken' as const };
          return { ok: false as const, error: failure, retryable: failure.retryable };
        }
      }, within.within(CLAIM_BUDGET_MS));
      if (!outcome.ok) {
        down = `Sync unavailable: ${(outcome.error as { message: string }).message}`;
        return { kind: 'unavailable', reason: down };
      }
      if (outcome.value === 'claimed') return { kind: 'claimed' };
      // 54208 after a retry may be our own first create, stored before its answer was lost.
      try {
        const previous = (await runWithin(within.within(CLAIM_BUDGET_MS), () => items()(key).fetch())).data as ClaimRecord;
        return previous?.by === invocation ? { kind: 'claimed' } : { kind: 'taken', previous };
      } catch {
        return { kind: 'taken' };
      }
    },
    async settle(kind, inboundSid, record, within = deadline) {
      if (down) return false;
      try {
        await runWithin(within.within(CLAIM_BUDGET_MS), () => items()(claimKey(kind, inboundSid)).update({ data: { ...record, by: invocation } }));
        return true;
      } catch (error) {
        down = `Sync unavailable: ${describeSendError(error).message}`;
        return false;
      }
    },
  };
}
