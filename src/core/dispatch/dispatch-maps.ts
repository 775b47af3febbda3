import { createHash } from 'node:crypto';
import type { Leg } from '../legs';

/**
 * Where two-way's items live: their own set of DISPATCH_SHARDS Sync Maps "<SYNC_MAP>-dispatch-<k>",
 * beside the claims' CLAIM_SHARDS Maps "<SYNC_MAP>-<k>" (claim-maps.ts), which keep their layout.
 *
 * Sync allows each Map 20 writes/s with a 10 s burst, i.e. 200 writes before any refill, and an
 * update of an item counts towards its Map (https://www.twilio.com/docs/sync/limits). A dispatch
 * whose primary fails (the load test's case) writes, besides its 4 claim writes:
 *   1 code lock create + 1 record create + 4 record updates (primary sent, primary failed,
 *   backup sent, backup delivered) = 6 writes, and 4 reads (each update reads first).
 * 500 such dispatches arriving faster than any refill (the emulator's clock standing still) put,
 * on the busiest Map (tests/contract/dispatch-store-load.e2e.test.ts measures it):
 * - sharing the 16 claim Maps: (4 claims + 5 record writes) × 500 / 16 ≈ 281 per Map on average
 *   plus the code locks; measured 391 on the busiest: far past the 200 burst;
 * - in 16 Maps of their own: 6 × 500 / 16 ≈ 188 on average, but the hash is uneven: 231 measured;
 * - in 32 Maps: records 5 × 500 / 32 ≈ 78, code locks by n ≈ 16 per Map; 126 measured on the
 *   busiest, inside the burst with room for repeated webhooks. Sustained, 32 × 20 = 640 writes/s,
 *   twice what 30 concurrent Functions (~300 Sync calls/s, claim-maps.ts) can make.
 * Reads (4 per dispatch, each update reading first) have their own bucket: 88 on the busiest.
 * One item cannot be spread: the loop breaker's pair item, read by every dispatch from that
 * sender to that phone, holds ~250 reads of a 500-burst from 2 senders only as the 20/s refill
 * comes in (measured passing at 50 dispatches/s, marginal at 100/s).
 * Changing DISPATCH_SHARDS moves records and codes between Maps (a code could be given twice): keep it.
 */
export const DISPATCH_SHARDS = 32;

const shardOf = (text: string) => createHash('sha256').update(text).digest().readUInt32BE(0) % DISPATCH_SHARDS;
const mapName = (prefix: string, shard: number) => `${prefix}-dispatch-${shard}`;

/** Every Map of the set, for listing the open records. */
export const dispatchMapNames = (prefix: string): string[] => Array.from({ length: DISPATCH_SHARDS }, (_, k) => mapName(prefix, k));

/** Item keys are prefixed: a raw SID is not a valid key (54302), and the prefix says what the item is. */
export const RECORD_KEY_PREFIX = 'd:';

export interface ItemAddress {
  map: string;
  key: string;
}

/** A dispatch's record, spread by a hash of its inbound SID. */
export const recordAddress = (prefix: string, inboundSid: string): ItemAddress => ({
  map: mapName(prefix, shardOf(inboundSid)),
  key: `${RECORD_KEY_PREFIX}${inboundSid}`,
});

/** A code's lock: consecutive codes sit in consecutive Maps, so a burst taking 1, 2, 3, … spreads evenly. */
export const codeAddress = (prefix: string, code: number): ItemAddress => ({ map: mapName(prefix, code % DISPATCH_SHARDS), key: `code:${code}` });

/** The loop breaker's state of one (dispatcher, leg) pair; the key holds the number's digits only. */
export const loopAddress = (prefix: string, dispatcher: string, leg: Leg): ItemAddress => ({
  map: mapName(prefix, shardOf(`${leg}:${dispatcher}`)),
  key: `lp:${leg}:${dispatcher.replace(/\D/g, '')}`,
});
