import { single, type FormParams } from '../form';

/**
 * One page of a 2010-04-01 list resource in Twilio's paging JSON (PageSize, Page, PageToken; the
 * filters kept in every page URI), the rows under `key` ("messages", "calls").
 */
export function listPageJson<K extends string, T, R>(key: K, base: string, all: T[], params: FormParams, filters: string[], render: (row: T) => R) {
  const pageSize = Math.min(1000, Math.max(1, Number(single(params.PageSize) ?? 50) || 50));
  const page = Math.max(0, Number(single(params.Page) ?? 0) || 0);
  const start = page * pageSize;
  const rows = all.slice(start, start + pageSize);
  const query = (p: number) => {
    const kept = filters.flatMap((name): Array<[string, string]> => {
      const value = single(params[name]);
      return value === undefined ? [] : [[name, value]];
    });
    const paging: Array<[string, string]> = [['PageSize', String(pageSize)], ['Page', String(p)], ...(p > 0 ? [['PageToken', `PA${p * pageSize}`] as [string, string]] : [])];
    return `${base}?${new URLSearchParams([...kept, ...paging]).toString()}`;
  };
  const listed = { [key]: rows.map(render) } as Record<K, R[]>;
  return {
    ...listed,
    first_page_uri: query(0),
    end: start + Math.max(0, rows.length - 1),
    previous_page_uri: page > 0 ? query(page - 1) : null,
    uri: query(page),
    page_size: pageSize,
    start,
    next_page_uri: start + pageSize < all.length ? query(page + 1) : null,
    page,
  };
}
