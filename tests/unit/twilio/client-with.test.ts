import RequestClient from 'twilio/lib/base/RequestClient';
import { createClientWith } from '../../../src/core/twilio/client';

const ACCOUNT = `AC${'0'.repeat(31)}1`;
const TOKEN = 'f'.repeat(32);

// No request leaves the process: the transport underneath the SDK is replaced.
let request: jest.SpyInstance;
beforeEach(() => {
  request = jest.spyOn(RequestClient.prototype, 'request').mockResolvedValue({ statusCode: 200, body: JSON.stringify({ incoming_phone_numbers: [] }), headers: {} } as never);
});
afterEach(() => request.mockRestore());

describe('createClientWith', () => {
  it('authenticates with the credentials it is given (an operator tool: Account SID and Auth Token)', async () => {
    await createClientWith({ username: ACCOUNT, password: TOKEN, accountSid: ACCOUNT }).incomingPhoneNumbers.list({ limit: 1 });
    const opts = request.mock.calls[0][0];
    expect(opts.uri).toBe(`https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/IncomingPhoneNumbers.json`);
    expect([opts.username, opts.password]).toEqual([ACCOUNT, TOKEN]);
  });

  it('goes to the loopback emulator when given one, like the relay', async () => {
    await createClientWith({ username: ACCOUNT, password: TOKEN, accountSid: ACCOUNT, apiBaseUrl: new URL('http://127.0.0.1:4010') }).incomingPhoneNumbers.list({ limit: 1 });
    const opts = request.mock.calls[0][0];
    expect(opts.uri).toBe(`http://127.0.0.1:4010/2010-04-01/Accounts/${ACCOUNT}/IncomingPhoneNumbers.json`);
    expect(opts.headers['X-Forwarded-Host']).toBe('api.twilio.com');
  });
});
