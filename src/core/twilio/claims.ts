import { randomUUID } from 'node:crypto';
import { runWithin, type Deadline } from './deadline';
import type { Leg } from '../legs';
import { claimMapName, inMapCreatedOnDemand } from './claim-maps';
import type { RestClient } from './client';
import { syncCaller } from './sync-call';

/**
 * "in": the first send for an inbound message; "fo": its failover send; "vm": a voicemail's texts.
 * Two-way (keyed by the SID named): "rp" a reply (its SID) relayed to the dispatcher, "tk" the
 * "taken by" notice of a dispatch, "nx" its exhausted notice, "uc" the unknown-code answer to a reply,
 * "lh" the loop-held notice for a reply; "nd" (keyed by a dispatcher's digits and a 10-minute
 * window) the one exhausted notice a dispatcher gets in that window; "ux" (keyed by a leg and a
 * 10-minute window) the one unknown-code answer a phone with no open dispatch gets in that window.
 * "es" the escalation's scheduled copies of a dispatch (issue 11).
 * Paging (keyed by the inbound SID): "pp" the primary's page call placed, "pb" the backup's,
 * "pn" the dispatcher's "nobody acknowledged by call".
 * Alerts (alerts.ts, keyed by the inbound SID): "ax" a chain exhausted, "au" a dispatch not acknowledged.
 */
export type ClaimKind = 'in' | 'fo' | 'vm' | 'rp' | 'tk' | 'nx' | 'uc' | 'es' | 'ux' | 'lh' | 'nd' | 'ax' | 'au' | 'pp' | 'pb' | 'pn';

export interface ClaimRecord {
  state: 'sending' | 'sent' | 'failed';
  /** Which invocation holds the claim: a retried create that finds its own item has it, not a duplicate. */
  by?: string;
  leg: Leg;
  sid?: string;
  errorCode?: string;
  /** Two-way "rp": the dispatch the reply was routed to, so that a redelivery acknowledges that one. */
  about?: string;
  at: string;
}

export type ClaimResult =
  | { kind: 'claimed' }
  /** Someone already did (or is doing) this side effect: do not repeat it. */
  | { kind: 'taken'; previous?: ClaimRecord }
  /**
   * The claim has been "sending" for longer than any Function can run (STALE_CLAIM_MS): its holder
   * died between claim and send. takeOver() makes it this invocation's, atomically: "won" when it
   * now is, "lost" when another delivery took it over first, "unavailable" when Sync could not be
   * asked (the caller then sends anyway, as for a claim). `deadline`: the time it may use, taken
   * when it is called (the lookup before it may have used the claim's).
   */
  | { kind: 'stale'; previous: ClaimRecord; takeOver: (deadline?: Deadline) => Promise<TakeOver> }
  /** The store could not be asked: the caller sends anyway (at least once beats never). */
  | { kind: 'unavailable'; reason: string };

export type TakeOver = 'won' | 'lost' | 'unavailable';

export interface Claims {
  readonly enabled: boolean;
  /** `deadline`: the part of the invocation's time this call may use (a leg's share); all of it when absent. */
  claim(kind: ClaimKind, inboundSid: string, record: ClaimRecord, deadline?: Deadline): Promise<ClaimResult>;
  /** Records how the claimed side effect ended; false when that could not be stored. */
  settle(kind: ClaimKind, inboundSid: string, record: ClaimRecord, deadline?: Deadline): Promise<boolean>;
  /** The claim as stored, or undefined when there is none or it cannot be read (a read only: nothing is claimed). */
  peek?(kind: ClaimKind, inboundSid: string, deadline?: Deadline): Promise<ClaimRecord | undefined>;
}

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
/**
 * Twilio stops a Function after 10 seconds (https://www.twilio.com/docs/serverless/api), so a claim
 * still "sending" after that plus a 5 s margin for clocks and late answers has no living holder.
 */
export const STALE_CLAIM_MS = 15_000;
/** https://www.twilio.com/docs/api/errors/54208 */
const ALREADY_EXISTS = 54208;
/** https://www.twilio.com/docs/api/errors/54200, 54201 */
const MAP_NOT_FOUND = 54200;
const ITEM_NOT_FOUND = 54201;
/** An If-Match that is no longer the item's revision: https://www.twilio.com/docs/api/errors/54205 */
const REVISION_MISMATCH = 54205;
/** A raw SID is not a valid Map Item key (54302); a prefix makes it one and names the side effect. */
export const claimKey = (kind: ClaimKind, inboundSid: string) => `${kind}:${inboundSid}`;

const isStale = (record: ClaimRecord | undefined, now: number) => record?.state === 'sending' && now - Date.parse(record.at) > STALE_CLAIM_MS;

/**
 * Claims as Sync Map Items, spread over CLAIM_SHARDS Maps named "<mapPrefix>-<k>" so that a burst
 * stays inside Sync's per-Map write rate (claim-maps.ts has the arithmetic). Creating a key is
 * atomic, and a second create of the same key fails with 54208, which means "already done"; a
 * claim left "sending" past STALE_CLAIM_MS can be taken over with If-Match on its revision.
 * Sync's 429 (never processed) and 5xx are retried within CLAIM_BUDGET_MS. After Sync fails a call
 * that had its whole budget, no further Sync call is made in the invocation: the sends get the
 * remaining time. A call cut short by its caller's deadline (a settle after a long send) proves
 * nothing about Sync, so it never marks Sync down: the next leg's claim still asks.
 */
export function syncClaims(client: RestClient, serviceSid: string, mapPrefix: string, deadline: Deadline): Claims {
  const mapOf = (inboundSid: string) => claimMapName(mapPrefix, inboundSid);
  const items = (inboundSid: string) => client.sync.v1.services(serviceSid).syncMaps(mapOf(inboundSid)).syncMapItems;
  const budget = (part: Deadline = deadline) => part.within(CLAIM_BUDGET_MS);
  const invocation = randomUUID();
  const sync = syncCaller(CLAIM_BUDGET_MS);
  const ask = <T>(part: Deadline | undefined, call: () => Promise<T>, answers: Record<number, T> = {}) => sync.ask(budget(part), call, answers, part ?? deadline);
  const readBack = (inboundSid: string, key: string, part?: Deadline) => runWithin(budget(part), () => items(inboundSid)(key).fetch());

  async function takeOver(inboundSid: string, key: string, revision: string, record: ClaimRecord, part: Deadline): Promise<TakeOver> {
    if (sync.down()) return 'unavailable';
    const data = { ...record, by: invocation };
    const update = () => items(inboundSid)(key).update({ data, ifMatch: revision }).then(() => true);
    const outcome = await ask(part, update, { [REVISION_MISMATCH]: false });
    if (!outcome.ok) return 'unavailable';
    if (outcome.value) return 'won';
    if (outcome.attempts === 1) return 'lost';
    // A mismatch after a retry may be our own update, stored before its answer was lost.
    return readBack(inboundSid, key, part).then(
      (item): TakeOver => ((item.data as ClaimRecord)?.by === invocation ? 'won' : 'lost'),
      (): TakeOver => 'unavailable',
    );
  }

  return {
    enabled: true,
    async claim(kind, inboundSid, record, part) {
      const down = sync.down();
      if (down) return { kind: 'unavailable', reason: down };
      const key = claimKey(kind, inboundSid);
      const create = () =>
        inMapCreatedOnDemand(client, serviceSid, mapOf(inboundSid), () => items(inboundSid).create({ key, data: { ...record, by: invocation }, itemTtl: CLAIM_TTL_SECONDS }));
      const outcome = await ask(part, () => create().then(() => true), { [ALREADY_EXISTS]: false });
      if (!outcome.ok) return { kind: 'unavailable', reason: outcome.reason };
      if (outcome.value) return { kind: 'claimed' };
      // 54208 after a retry may be our own first create, stored before its answer was lost.
      let item;
      try {
        item = await readBack(inboundSid, key, part);
      } catch {
        return { kind: 'taken' };
      }
      const previous = item.data as ClaimRecord;
      if (previous?.by === invocation) return { kind: 'claimed' };
      if (isStale(previous, Date.now())) return { kind: 'stale', previous, takeOver: (now) => takeOver(inboundSid, key, item.revision, record, now ?? deadline) };
      return { kind: 'taken', previous };
    },
    async settle(kind, inboundSid, record, part) {
      if (sync.down()) return false;
      // An update with the same data is idempotent: retrying one whose answer was lost is safe.
      const update = () => items(inboundSid)(claimKey(kind, inboundSid)).update({ data: { ...record, by: invocation } }).then(() => true);
      return (await ask(part, update)).ok;
    },
    async peek(kind, inboundSid, part) {
      if (sync.down()) return undefined;
      const read = () => items(inboundSid)(claimKey(kind, inboundSid)).fetch().then((item) => item.data as ClaimRecord);
      const outcome = await ask<ClaimRecord | undefined>(part, read, { [ITEM_NOT_FOUND]: undefined, [MAP_NOT_FOUND]: undefined });
      return outcome.ok ? outcome.value : undefined;
    },
  };
}
