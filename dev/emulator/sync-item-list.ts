import { single, type FormParams } from '../form';
import type { SyncItem, SyncMap } from './sync-store';

/** twilio-oai, Sync Map Items list: "The default is 50, and the maximum is 100". */
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 100;

export interface ItemPage {
  items: SyncItem[];
  meta: { first_page_url: string; key: 'items'; next_page_url: string | null; page: number; page_size: number; previous_page_url: null; url: string };
}

/**
 * One page of a Map's items as Twilio's Sync list answers it (twilio-oai twilio_sync_v1.json,
 * GET /v1/Services/{ServiceSid}/Maps/{MapSid}/Items): ordered by key, lexicographically, `asc`
 * by default or `desc`; From names the first key to read (a key that does not exist starts at the
 * next one in that order), Bounds `inclusive` (default) or `exclusive` of it; PageSize up to 100.
 * The next page continues after this page's last key (From it, exclusive), so items created or
 * expired in between neither repeat nor shift a page. previous_page_url is null: nothing pages back.
 */
export function itemPage(map: SyncMap, params: FormParams): ItemPage {
  const order = single(params.Order) === 'desc' ? 'desc' : 'asc';
  const from = single(params.From);
  const exclusive = single(params.Bounds) === 'exclusive';
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(single(params.PageSize) ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE));
  const page = Math.max(0, Number(single(params.Page) ?? 0) || 0);

  const sorted = [...map.items.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (order === 'desc') sorted.reverse();
  const after = (key: string) => {
    if (from === undefined) return true;
    const beyond = order === 'asc' ? key > from : key < from;
    return beyond || (!exclusive && key === from);
  };
  const remaining = sorted.filter((item) => after(item.key));
  const rows = remaining.slice(0, pageSize);
  const more = remaining.length > rows.length;

  const base = `https://sync.twilio.com/v1/Services/${map.serviceSid}/Maps/${map.sid}/Items`;
  const query = (cursor: Array<[string, string]>, n: number) =>
    `${base}?${new URLSearchParams([...cursor, ['Order', order], ['PageSize', String(pageSize)], ['Page', String(n)]]).toString()}`;
  const cursor: Array<[string, string]> = from === undefined ? [] : [['From', from], ['Bounds', exclusive ? 'exclusive' : 'inclusive']];
  const last = rows[rows.length - 1];
  return {
    items: rows,
    meta: {
      first_page_url: query(cursor, 0),
      key: 'items',
      next_page_url: more && last ? query([['From', last.key], ['Bounds', 'exclusive'], ['PageToken', `PT${page + 1}`]], page + 1) : null,
      page,
      page_size: pageSize,
      previous_page_url: null,
      url: query(cursor, page),
    },
  };
}
