import { newSid } from './sids';
import { SYNC_OBJECT_LIMIT, tokenBuckets, type RateLimit, type TokenBuckets } from './rate-limit';
import type { EmulatorClock } from './clock';

export interface SyncItem {
  key: string;
  data: unknown;
  revision: number;
  created: Date;
  updated: Date;
  expires: Date | null;
}

export interface SyncMap {
  sid: string;
  serviceSid: string;
  uniqueName: string | null;
  created: Date;
  items: Map<string, SyncItem>;
}

/** Sync Maps by SID, the clock they live by, and the per-Map rate limits (429s counted). */
export interface SyncStore {
  maps: Map<string, SyncMap>;
  clock: EmulatorClock;
  /** One bucket per Map for writes (`<sid>:write`) and one for reads (`<sid>:read`). */
  limits: TokenBuckets;
  /** Creates a Map; undefined when the unique name is taken in that service (54301). */
  createMap(serviceSid: string, uniqueName: string | null): SyncMap | undefined;
  /** A Map by SID or unique name, as Sync's URLs address it. */
  findMap(serviceSid: string, id: string): SyncMap | undefined;
}

export function syncStore(clock: EmulatorClock, limit: RateLimit = SYNC_OBJECT_LIMIT): SyncStore {
  const maps = new Map<string, SyncMap>();
  const findMap = (serviceSid: string, id: string) =>
    [...maps.values()].find((map) => map.serviceSid === serviceSid && (map.sid === id || map.uniqueName === id));
  return {
    maps,
    clock,
    limits: tokenBuckets(limit, clock.now),
    findMap,
    createMap(serviceSid, uniqueName) {
      if (uniqueName !== null && findMap(serviceSid, uniqueName)) return undefined;
      const map: SyncMap = { sid: newSid('MP'), serviceSid, uniqueName, created: new Date(clock.now()), items: new Map() };
      maps.set(map.sid, map);
      return map;
    },
  };
}
