import { single } from '../form';
import { twilioError } from './errors';
import type { Route } from './routes';

export interface SyncItem {
  key: string;
  data: unknown;
  revision: number;
  created: Date;
  updated: Date;
  expires: Date | null;
}

/** Sync Maps by service SID and map name or SID; each a map of items by key. */
export type SyncStore = Map<string, Map<string, SyncItem>>;

const ITEMS_PATH = /^\/v1\/Services\/(IS[0-9a-f]{32})\/Maps\/([^/]+)\/Items(?:\/([^/]+))?$/;

function itemJson(accountSid: string, serviceSid: string, map: string, item: SyncItem) {
  return {
    key: item.key,
    account_sid: accountSid,
    service_sid: serviceSid,
    map_sid: map.startsWith('MP') ? map : `MP${'0'.repeat(32)}`,
    url: `https://sync.twilio.com/v1/Services/${serviceSid}/Maps/${map}/Items/${encodeURIComponent(item.key)}`,
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

/** Sync Map Items: create (54208 when the key exists), fetch (54201 when it does not), update. */
export function syncRoutes(store: SyncStore): Route {
  return (request, accountSid) => {
    const match = ITEMS_PATH.exec(request.path);
    if (!match) return undefined;
    const [, serviceSid, mapId, rawKey] = match;
    const mapKey = `${serviceSid}/${mapId}`;
    if (!store.has(mapKey)) store.set(mapKey, new Map());
    const items = store.get(mapKey)!;
    const now = new Date();
    for (const [key, item] of items) if (item.expires && item.expires <= now) items.delete(key);

    if (request.method === 'POST' && !rawKey) {
      const key = single(request.params.Key) ?? '';
      const data = parseData(single(request.params.Data));
      if (data === undefined) return { status: 400, body: twilioError(400, 54006, 'Invalid JSON in Data') };
      if (items.has(key)) return { status: 409, body: twilioError(409, 54208, 'Map Item already exists') };
      const item: SyncItem = { key, data, revision: 0, created: now, updated: now, expires: expiry(single(request.params.ItemTtl), now) };
      items.set(key, item);
      return { status: 201, body: itemJson(accountSid, serviceSid, mapId, item) };
    }
    const item = rawKey ? items.get(decodeURIComponent(rawKey)) : undefined;
    if (!item) return { status: 404, body: twilioError(404, 54201, 'Map Item not found') };
    if (request.method === 'GET') return { status: 200, body: itemJson(accountSid, serviceSid, mapId, item) };
    if (request.method === 'POST') {
      const data = request.params.Data === undefined ? item.data : parseData(single(request.params.Data));
      if (data === undefined) return { status: 400, body: twilioError(400, 54006, 'Invalid JSON in Data') };
      Object.assign(item, { data, revision: item.revision + 1, updated: now });
      if (request.params.ItemTtl !== undefined) item.expires = expiry(single(request.params.ItemTtl), now);
      return { status: 200, body: itemJson(accountSid, serviceSid, mapId, item) };
    }
    return { status: 405, body: twilioError(405, 20004, 'Method not allowed') };
  };
}
