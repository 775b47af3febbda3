import { single, type FormParams } from '../form';
import { listPageJson } from './list-page';
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
  return listPageJson('messages', `/2010-04-01/Accounts/${accountSid}/Messages.json`, all, params, FILTERS, messageJson);
}
