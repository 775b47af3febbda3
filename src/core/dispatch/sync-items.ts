import type { RestClient } from '../twilio/client';
import { inMapCreatedOnDemand } from '../twilio/claim-maps';
import type { Deadline } from '../twilio/deadline';
import { syncCaller } from '../twilio/sync-call';
import type { ItemAddress } from './dispatch-maps';

/** An item as read: its data, the revision an If-Match update needs, and when Sync will delete it (epoch ms). */
export interface StoredItem<T> {
  key: string;
  data: T;
  revision: string;
  expires?: number;
}

/** Sync could not be asked within the share of the deadline: the caller carries on one-way. */
export class SyncUnavailable extends Error {}

/** https://www.twilio.com/docs/api/errors/54200, 54201, 54205, 54208 */
const MAP_NOT_FOUND = 54200;
const ITEM_NOT_FOUND = 54201;
const REVISION_MISMATCH = 54205;
const ALREADY_EXISTS = 54208;
/** Sync's largest page (twilio-oai: PageSize "The default is 50, and the maximum is 100"). */
const PAGE_SIZE = 100;

/**
 * What a create found: `created` (with the new item's revision), `taken` when its first attempt met
 * 54208 (someone else's item: nothing of ours was written before), `unsure` when a retried attempt
 * met 54208 (the item may be our own earlier attempt, whose answer was lost).
 */
export type Created = { kind: 'created'; revision: string } | { kind: 'taken' } | { kind: 'unsure' };

export interface SyncItems {
  /** False when the key exists (54208). The Map is created on first use. */
  create(at: ItemAddress, data: unknown, ttlSeconds: number, part: Deadline): Promise<boolean>;
  /** As `create`, saying whether an existing item can be our own (Created). */
  tryCreate(at: ItemAddress, data: unknown, ttlSeconds: number, part: Deadline): Promise<Created>;
  /** Undefined when there is no such item (or Map). */
  fetch<T>(at: ItemAddress, part: Deadline): Promise<StoredItem<T> | undefined>;
  /** With If-Match on `revision`; false when it is no longer the item's (54205) or the item is gone. `ttlSeconds` moves its expiry. */
  update(at: ItemAddress, data: unknown, revision: string, ttlSeconds: number | undefined, part: Deadline): Promise<boolean>;
  /** Every item of one Map, page by page (Sync's next_page_url); none when the Map was never created. */
  list<T>(map: string, part: Deadline): Promise<StoredItem<T>[]>;
}

interface SdkItem {
  key: string;
  data: unknown;
  revision: string;
  dateExpires?: Date | null;
}
interface SdkPage {
  instances: SdkItem[];
  nextPageUrl?: string;
  nextPage(): Promise<SdkPage> | undefined;
}

const stored = <T>(item: SdkItem): StoredItem<T> => ({
  key: item.key,
  data: item.data as T,
  revision: item.revision,
  ...(item.dateExpires && { expires: new Date(item.dateExpires).getTime() }),
});

/**
 * Sync Map Items as two-way uses them: each call retried as the claims' are (429, 5xx, no answer;
 * retry.ts) within the caller's share; the Sync codes that are answers become values. After the
 * first failure to reach Sync, every later call of this invocation throws at once, so the sends
 * get the time that is left (as syncClaims does).
 */
export function syncItems(client: RestClient, serviceSid: string, wholeBudgetMs: number): SyncItems {
  const items = (map: string) => client.sync.v1.services(serviceSid).syncMaps(map).syncMapItems;
  const sync = syncCaller(wholeBudgetMs);

  /** Sync answered (value and attempts), or SyncUnavailable: down, out of time, or failing. */
  async function counted<T>(part: Deadline, request: () => Promise<T>, answers: Record<number, T> = {}): Promise<{ value: T; attempts: number }> {
    const down = sync.down();
    if (down) throw new SyncUnavailable(down);
    const outcome = await sync.ask(part, request, answers);
    if (outcome.ok) return outcome;
    throw new SyncUnavailable(outcome.reason.startsWith('Sync unavailable') ? outcome.reason : `Sync unavailable: ${outcome.reason}`);
  }
  const call = async <T>(part: Deadline, request: () => Promise<T>, answers: Record<number, T> = {}): Promise<T> => (await counted(part, request, answers)).value;

  async function tryCreate(at: ItemAddress, data: unknown, ttlSeconds: number, part: Deadline): Promise<Created> {
    const create = () => inMapCreatedOnDemand(client, serviceSid, at.map, () => items(at.map).create({ key: at.key, data, itemTtl: ttlSeconds }));
    const made = await counted<SdkItem | undefined>(part, create, { [ALREADY_EXISTS]: undefined });
    if (made.value) return { kind: 'created', revision: made.value.revision };
    return { kind: made.attempts > 1 ? 'unsure' : 'taken' };
  }

  return {
    create: async (at, data, ttlSeconds, part) => (await tryCreate(at, data, ttlSeconds, part)).kind === 'created',
    tryCreate,
    fetch: <T>(at: ItemAddress, part: Deadline) =>
      call<StoredItem<T> | undefined>(part, () => items(at.map)(at.key).fetch().then((item) => stored<T>(item as SdkItem)), {
        [MAP_NOT_FOUND]: undefined,
        [ITEM_NOT_FOUND]: undefined,
      }),
    update: (at, data, revision, ttlSeconds, part) =>
      call(part, () => items(at.map)(at.key).update({ data, ifMatch: revision, ...(ttlSeconds !== undefined && { itemTtl: ttlSeconds }) }).then(() => true), {
        [REVISION_MISMATCH]: false,
        [ITEM_NOT_FOUND]: false,
      }),
    async list<T>(map: string, part: Deadline) {
      const all: StoredItem<T>[] = [];
      let page: SdkPage | undefined = await call<SdkPage | undefined>(part, () => items(map).page({ pageSize: PAGE_SIZE }) as unknown as Promise<SdkPage>, {
        [MAP_NOT_FOUND]: undefined,
      });
      while (page) {
        all.push(...page.instances.map((item) => stored<T>(item)));
        const current: SdkPage = page;
        page = current.nextPageUrl ? await call<SdkPage | undefined>(part, () => current.nextPage() ?? Promise.resolve(undefined)) : undefined;
      }
      return all;
    },
  };
}
