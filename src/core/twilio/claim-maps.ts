import { createHash } from 'node:crypto';
import { describeSendError } from './send-error';
import type { RestClient } from './client';

/**
 * How many Sync Maps the claims are spread over. Sync allows "up to 20/s per object, burst
 * window: 10s" for writes, and "updating any item in a Map still counts towards the containing
 * Map's write rate" (https://www.twilio.com/docs/sync/limits); past it Sync answers 429 (54009).
 * A dispatch writes up to 4 items (in: claim + settle, fo: claim + settle), plus one create per
 * repeated webhook or callback. Functions run at most 30 at once per account
 * (https://www.twilio.com/docs/serverless/api), and each of those makes its Sync calls one after
 * another, so at ~100 ms per call the whole account cannot write much more than 30 / 0.1 s =
 * 300 items per second. One Map holds 20/s; 16 Maps hold 320/s sustained, and each still has its
 * own 200-write burst. Items are spread by a hash of the inbound SID, so the "in" and "fo" claims
 * of one message share a Map, and a message is always claimed in the same Map. Changing this
 * number moves claims between Maps (a repeat could be claimed again): keep it.
 */
export const CLAIM_SHARDS = 16;

/** The Map holding the claims of one inbound message or call: "<SYNC_MAP>-<0…15>". */
export function claimMapName(prefix: string, inboundSid: string): string {
  return `${prefix}-${createHash('sha256').update(inboundSid).digest().readUInt32BE(0) % CLAIM_SHARDS}`;
}

/** https://www.twilio.com/docs/api/errors/54200 */
const MAP_NOT_FOUND = 54200;
/** https://www.twilio.com/docs/api/errors/54301: another invocation created it first, which is as good. */
const NAME_TAKEN = 54301;

/**
 * Map creations under way in this container, so that invocations meeting the same missing Map
 * at once create it once. Nothing is checked ahead: a Map costs one create, the first time an
 * item write meets 54200, and nothing after that.
 */
const creating = new Map<string, Promise<void>>();

function createMap(client: RestClient, serviceSid: string, name: string): Promise<void> {
  const id = `${serviceSid}/${name}`;
  const existing = creating.get(id);
  if (existing) return existing;
  const created = client.sync.v1
    .services(serviceSid)
    .syncMaps.create({ uniqueName: name })
    .then(
      () => undefined,
      (error: unknown) => {
        if (describeSendError(error).code !== NAME_TAKEN) throw error;
      },
    )
    .finally(() => creating.delete(id));
  creating.set(id, created);
  return created;
}

/**
 * Runs a write to an item of the Map `name`; when Sync answers that the Map does not exist
 * (54200), creates it and writes again. The operator sets up the Sync Service only.
 */
export async function inMapCreatedOnDemand<T>(client: RestClient, serviceSid: string, name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (describeSendError(error).code !== MAP_NOT_FOUND) throw error;
    await createMap(client, serviceSid, name);
    return write();
  }
}
