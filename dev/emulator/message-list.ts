import { single, type FormParams } from '../form';
import { messageJson, type StoredMessage } from './messages';

/** The UTC date (YYYY-MM-DD) of a moment, or of a DateSent value ("2026-12-01" or a date-time). */
const utcDate = (at: Date) => at.toISOString().slice(0, 10);
const dateOf = (value: string): string | undefined => {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : utcDate(new Date(parsed));
};

/**
 * Twilio's DateSent filters compare dates, in GMT: "DateSent" that day, "DateSent<" on or before,
 * "DateSent>" on or after it (twilio-oai, Messages list). A message not yet sent has no
 * date_sent, so any DateSent filter leaves it out.
 */
function matches(message: StoredMessage, params: FormParams): boolean {
  const to = single(params.To);
  const from = single(params.From);
  if (to !== undefined && message.to !== to) return false;
  if (from !== undefined && message.from !== from) return false;
  const filters: Array<[string, (sent: string, day: string) => boolean]> = [
    ['DateSent', (sent, day) => sent === day],
    ['DateSent<', (sent, day) => sent <= day],
    ['DateSent>', (sent, day) => sent >= day],
  ];
  for (const [name, holds] of filters) {
    const value = single(params[name]);
    if (value === undefined) continue;
    const day = dateOf(value);
    if (!message.sentAt || day === undefined || !holds(utcDate(message.sentAt), day)) return false;
  }
  return true;
}

const FILTERS = ['To', 'From', 'DateSent', 'DateSent<', 'DateSent>'];

/** One page of the Messages list, newest first, in Twilio's paging JSON (PageSize, Page, PageToken). */
export function messagePageJson(accountSid: string, messages: Iterable<StoredMessage>, params: FormParams) {
  const newest = (m: StoredMessage) => (m.sentAt ?? m.createdAt).getTime();
  const all = [...messages].filter((m) => m.accountSid === accountSid && matches(m, params)).sort((a, b) => newest(b) - newest(a));
  const pageSize = Math.min(1000, Math.max(1, Number(single(params.PageSize) ?? 50) || 50));
  const page = Math.max(0, Number(single(params.Page) ?? 0) || 0);
  const start = page * pageSize;
  const rows = all.slice(start, start + pageSize);
  const base = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
  const query = (p: number) => {
    const kept = FILTERS.flatMap((name): Array<[string, string]> => {
      const value = single(params[name]);
      return value === undefined ? [] : [[name, value]];
    });
    const paging: Array<[string, string]> = [['PageSize', String(pageSize)], ['Page', String(p)], ...(p > 0 ? [['PageToken', `PA${p * pageSize}`] as [string, string]] : [])];
    return `${base}?${new URLSearchParams([...kept, ...paging]).toString()}`;
  };
  return {
    first_page_uri: query(0),
    end: start + Math.max(0, rows.length - 1),
    previous_page_uri: page > 0 ? query(page - 1) : null,
    messages: rows.map(messageJson),
    uri: query(page),
    page_size: pageSize,
    start,
    next_page_uri: start + pageSize < all.length ? query(page + 1) : null,
    page,
  };
}
