import { describeSendError } from './send-error';
import type { RestClient } from './client';

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
