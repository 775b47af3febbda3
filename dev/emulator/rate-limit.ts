/**
 * Sync's per-object rate limits, https://www.twilio.com/docs/sync/limits: "up to 20/s per object,
 * burst window: 10s", for writes and (separately) for reads; "updating any item in a Map still
 * counts towards the containing Map's write rate". Modelled as a token bucket per object and
 * kind: it holds 200 tokens (20/s × the 10 s window) and refills at 20 per second, so a burst of
 * 200 passes and after that 20 per second. A request without a token is refused with 429 and
 * error 54009 (https://www.twilio.com/docs/api/errors/54009) and is not processed.
 */
export interface RateLimit {
  perSecond: number;
  burstSeconds: number;
}

export const SYNC_OBJECT_LIMIT: RateLimit = { perSecond: 20, burstSeconds: 10 };

export interface TokenBuckets {
  /** Takes one token from `key`'s bucket; false (and counted in `refused`) when it is empty. */
  take(key: string): boolean;
  /** How many requests were refused so far. */
  readonly refused: number;
}

export function tokenBuckets(limit: RateLimit, now: () => number): TokenBuckets {
  const capacity = limit.perSecond * limit.burstSeconds;
  const buckets = new Map<string, { tokens: number; at: number }>();
  let refused = 0;
  return {
    take(key) {
      const time = now();
      const bucket = buckets.get(key) ?? { tokens: capacity, at: time };
      bucket.tokens = Math.min(capacity, bucket.tokens + (Math.max(0, time - bucket.at) / 1000) * limit.perSecond);
      bucket.at = time;
      buckets.set(key, bucket);
      if (bucket.tokens < 1) {
        refused += 1;
        return false;
      }
      bucket.tokens -= 1;
      return true;
    },
    get refused() {
      return refused;
    },
  };
}
