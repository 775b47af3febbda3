import { messagePageJson } from '../../../dev/emulator/message-list';
import { createMessage, type StoredMessage } from '../../../dev/emulator/messages';

const ACCOUNT = `AC${'0'.repeat(31)}1`;
const PRIMARY = '+16195550111';
const RELAY = '+16195550000';

function sent(to: string, sentAt: string | null, from = RELAY): StoredMessage {
  const message = createMessage(ACCOUNT, { To: to, From: from, Body: `to ${to} at ${sentAt}` });
  return { ...message, sentAt: sentAt === null ? null : new Date(sentAt), createdAt: new Date(sentAt ?? '2026-12-02T12:00:00Z') };
}

const MESSAGES = [
  sent(PRIMARY, '2026-11-30T23:59:59Z'),
  sent(PRIMARY, '2026-12-01T00:00:01Z'),
  sent(PRIMARY, '2026-12-02T10:00:00Z'),
  sent(PRIMARY, null),
  sent('+16195550122', '2026-12-02T10:00:00Z'),
  sent(PRIMARY, '2026-12-02T11:00:00Z', '+16195550999'),
];
const bodies = (params: Record<string, string>) => messagePageJson(ACCOUNT, MESSAGES, params).messages.map((m) => m.body);

describe('the emulator\'s Messages list', () => {
  it('filters by To and From, newest first', () => {
    expect(bodies({ To: PRIMARY, From: RELAY })).toEqual([
      `to ${PRIMARY} at null`,
      `to ${PRIMARY} at 2026-12-02T10:00:00Z`,
      `to ${PRIMARY} at 2026-12-01T00:00:01Z`,
      `to ${PRIMARY} at 2026-11-30T23:59:59Z`,
    ]);
  });

  it('compares DateSent as a GMT date: that day, on or before, on or after; a message not yet sent matches none', () => {
    expect(bodies({ To: PRIMARY, From: RELAY, DateSent: '2026-12-01' })).toEqual([`to ${PRIMARY} at 2026-12-01T00:00:01Z`]);
    expect(bodies({ To: PRIMARY, From: RELAY, 'DateSent<': '2026-12-01' })).toEqual([`to ${PRIMARY} at 2026-12-01T00:00:01Z`, `to ${PRIMARY} at 2026-11-30T23:59:59Z`]);
    expect(bodies({ To: PRIMARY, From: RELAY, 'DateSent>': '2026-12-01' })).toEqual([`to ${PRIMARY} at 2026-12-02T10:00:00Z`, `to ${PRIMARY} at 2026-12-01T00:00:01Z`]);
    // The SDK sends a Date as a date-time: its GMT date counts.
    expect(bodies({ To: PRIMARY, From: RELAY, DateSent: '2026-11-30T23:00:00Z' })).toEqual([`to ${PRIMARY} at 2026-11-30T23:59:59Z`]);
  });

  it('pages as Twilio does: page_size, start, end and a next_page_uri keeping the filters', () => {
    const first = messagePageJson(ACCOUNT, MESSAGES, { To: PRIMARY, From: RELAY, PageSize: '2' });
    expect(first).toMatchObject({ page: 0, page_size: 2, start: 0, end: 1, previous_page_uri: null });
    expect(first.messages).toHaveLength(2);
    const next = new URL(first.next_page_uri!, 'https://api.twilio.com');
    expect(Object.fromEntries(next.searchParams)).toEqual({ To: PRIMARY, From: RELAY, PageSize: '2', Page: '1', PageToken: 'PA2' });
    const last = messagePageJson(ACCOUNT, MESSAGES, Object.fromEntries(next.searchParams));
    expect(last).toMatchObject({ page: 1, start: 2, end: 3, next_page_uri: null });
    expect(last.messages.map((m) => m.date_sent)).toEqual(['Tue, 01 Dec 2026 00:00:01 GMT', 'Mon, 30 Nov 2026 23:59:59 GMT']);
  });
});
