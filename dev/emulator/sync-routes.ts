import { single } from '../form';
import { twilioError } from './errors';
import type { Reply, Route } from './routes';
import { itemPage } from './sync-item-list';
import type { SyncItem, SyncMap, SyncStore } from './sync-store';

const MAPS_PATH = /^\/v1\/Services\/(IS[0-9a-f]{32})\/Maps$/;
const ITEMS_PATH = /^\/v1\/Services\/(IS[0-9a-f]{32})\/Maps\/([^/]+)\/Items(?:\/([^/]+))?$/;
/** https://www.twilio.com/docs/api/errors/54302: 1–256 characters, and not shaped like a SID. */
const VALID_UNIQUE_NAME = (name: string) => name.length >= 1 && name.length <= 256 && !/^[A-Z]{2}[a-f0-9]{32}$/.test(name);

const fail = (status: number, code: number, message: string): Reply => ({ status, body: twilioError(status, code, message) });

function mapJson(accountSid: string, map: SyncMap) {
  const url = `https://sync.twilio.com/v1/Services/${map.serviceSid}/Maps/${map.sid}`;
  return {
    sid: map.sid,
    unique_name: map.uniqueName,
    account_sid: accountSid,
    service_sid: map.serviceSid,
    url,
    links: { items: `${url}/Items`, permissions: `${url}/Permissions` },
    revision: '0',
    date_expires: null,
    date_created: map.created.toISOString(),
    date_updated: map.created.toISOString(),
    created_by: 'system',
  };
}

function itemJson(accountSid: string, map: SyncMap, item: SyncItem) {
  return {
    key: item.key,
    account_sid: accountSid,
    service_sid: map.serviceSid,
    map_sid: map.sid,
    url: `https://sync.twilio.com/v1/Services/${map.serviceSid}/Maps/${map.sid}/Items/${encodeURIComponent(item.key)}`,
    revision: String(item.revision),
    data: item.data,
    date_expires: item.expires?.toISOString() ?? null,
    date_created: item.created.toISOString(),
    date_updated: item.updated.toISOString(),
    created_by: 'system',
  };
}

function parseData(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? 'null');
  } catch {
    return undefined;
  }
}

const expiry = (ttl: string | undefined, now: Date) => (ttl && Number(ttl) > 0 ? new Date(now.getTime() + Number(ttl) * 1000) : null);

/**
 * Sync Maps and their Items, as strict as Twilio documents them: a Map exists only once created
 * (54301 for a taken unique name); items of a Map that does not exist answer 54200; an item
 * create of an existing key 54208, a fetch or update of a missing one 54201; an update whose
 * If-Match is not the item's revision 412 with 54205
 * (https://www.twilio.com/docs/api/errors/54205, https://www.twilio.com/docs/sync/mutation-and-conflict-resolution);
 * expired items are gone (their TTL: https://www.twilio.com/docs/sync/objects-ttl); the items list
 * pages by key (sync-item-list.ts); and each Map's reads and writes, items included, are rate
 * limited (rate-limit.ts): a list page is one read.
 */
export function syncRoutes(store: SyncStore): Route {
  return (request, accountSid) => {
    const maps = MAPS_PATH.exec(request.path);
    if (maps && request.method === 'POST') {
      const uniqueName = single(request.params.UniqueName) ?? null;
      if (uniqueName !== null && !VALID_UNIQUE_NAME(uniqueName)) return fail(400, 54302, 'Invalid unique name');
      const map = store.createMap(maps[1], uniqueName);
      return map ? { status: 201, body: mapJson(accountSid, map) } : fail(409, 54301, 'Unique name already exists');
    }
    const match = ITEMS_PATH.exec(request.path);
    if (!match) return undefined;
    const [, serviceSid, mapId, rawKey] = match;
    const map = store.findMap(serviceSid, decodeURIComponent(mapId));
    if (!map) return fail(404, 54200, 'Map not found');
    const writing = request.method !== 'GET';
    if (!store.limits.take(`${map.sid}:${writing ? 'write' : 'read'}`)) return fail(429, 54009, 'Rate limit exceeded');

    const now = new Date(store.clock.now());
    for (const [key, item] of map.items) if (item.expires && item.expires <= now) map.items.delete(key);

    if (request.method === 'POST' && !rawKey) {
      const key = single(request.params.Key) ?? '';
      const data = parseData(single(request.params.Data));
      if (data === undefined) return fail(400, 54006, 'Invalid JSON in Data');
      if (map.items.has(key)) return fail(409, 54208, 'Map Item already exists');
      const item: SyncItem = { key, data, revision: 0, created: now, updated: now, expires: expiry(single(request.params.ItemTtl), now) };
      map.items.set(key, item);
      return { status: 201, body: itemJson(accountSid, map, item) };
    }
    if (request.method === 'GET' && !rawKey) {
      const page = itemPage(map, request.params);
      return { status: 200, body: { items: page.items.map((listed) => itemJson(accountSid, map, listed)), meta: page.meta } };
    }
    const item = rawKey ? map.items.get(decodeURIComponent(rawKey)) : undefined;
    if (!item) return fail(404, 54201, 'Map Item not found');
    if (request.method === 'GET') return { status: 200, body: itemJson(accountSid, map, item) };
    if (request.method === 'POST') {
      if (request.ifMatch !== undefined && request.ifMatch !== String(item.revision)) return fail(412, 54205, 'Map Item revision mismatch');
      const data = request.params.Data === undefined ? item.data : parseData(single(request.params.Data));
      if (data === undefined) return fail(400, 54006, 'Invalid JSON in Data');
      Object.assign(item, { data, revision: item.revision + 1, updated: now });
      if (request.params.ItemTtl !== undefined) item.expires = expiry(single(request.params.ItemTtl), now);
      return { status: 200, body: itemJson(accountSid, map, item) };
    }
    return fail(405, 20004, 'Method not allowed');
  };
}
