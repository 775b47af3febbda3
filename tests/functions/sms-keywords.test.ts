import { handler } from '../../src/functions/sms/incoming.protected';
import { ACCOUNT_SID, captureConsole, DISPATCH, INBOUND_SID, invoke, makeContext, MockResponse, PRIMARY, RELAY, useHandlerTestBed, type FakeClient } from '../support/mock-runtime';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
const SYNC = `IS${'0'.repeat(31)}5`;
const incoming = (from: string, body: string) => ({ MessageSid: INBOUND_SID, AccountSid: ACCOUNT_SID, From: from, To: RELAY, Body: body, NumMedia: '0' });

const bed = useHandlerTestBed();
let fake: FakeClient;
let createRestClient: jest.SpyInstance;
let audit: ReturnType<typeof captureConsole>;

beforeEach(() => {
  ({ fake, createRestClient, audit } = bed());
  fake.create.mockResolvedValue({ sid: `SM${'1'.repeat(32)}`, status: 'queued' });
});

describe('sms/incoming with two-way on (SYNC_SERVICE_SID set, TWO_WAY not false): Twilio keywords', () => {
  it.each([
    [DISPATCH, 'STOP', 'opt-out'],
    [DISPATCH, '  unsubscribe ', 'opt-out'],
    [PRIMARY, 'Start', 'opt-in'],
    [PRIMARY, 'HELP', 'help'],
  ])('from %s, "%s" is relayed to nobody and audited as a %s keyword', async (from, body, kind) => {
    const { payload } = await invoke(handler, makeContext({ SYNC_SERVICE_SID: SYNC }), incoming(from, body));
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(createRestClient).not.toHaveBeenCalled();
    expect(audit.records().at(-1)).toEqual({
      audit: 'keyword',
      level: 'info',
      inbound: INBOUND_SID,
      from: `***${from.slice(-4)}`,
      reason: `${kind} keyword: Twilio answers it itself; relayed to nobody`,
    });
  });

  it('still forwards a message that only contains a keyword ("Stop at the north gate")', async () => {
    await invoke(handler, makeContext({ SYNC_SERVICE_SID: SYNC }), incoming(DISPATCH, 'Stop at the north gate'));
    expect(fake.create).toHaveBeenCalledTimes(1);
  });

  it('one-way (no Sync, or TWO_WAY=false) forwards a keyword as before', async () => {
    await invoke(handler, makeContext(), incoming(DISPATCH, 'STOP'));
    await invoke(handler, makeContext({ SYNC_SERVICE_SID: SYNC, TWO_WAY: 'false' }), incoming(DISPATCH, 'STOP'));
    expect(fake.create.mock.calls.map(([params]) => params.body)).toEqual(['From Dispatch (+16195550100): STOP', 'From Dispatch (+16195550100): STOP']);
  });

  it('refuses a TWO_WAY that is neither true nor false, naming it (500, nothing sent)', async () => {
    const { payload } = await invoke(handler, makeContext({ TWO_WAY: 'yes' }), incoming(DISPATCH, 'STOP'));
    expect((payload as MockResponse).statusCode).toBe(500);
    expect(createRestClient).not.toHaveBeenCalled();
    expect(JSON.stringify(audit.records().at(-1))).toContain('TWO_WAY must be true or false');
  });
});
