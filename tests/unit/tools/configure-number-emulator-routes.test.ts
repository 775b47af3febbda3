import { addNumber, phoneNumberRoutes, type NumberStore } from '../../../dev/emulator/phone-number-routes';
import type { RecordedRequest } from '../../../dev/emulator/routes';

const ACCOUNT = 'AC' + 'a1'.repeat(16);
const store: NumberStore = new Map();
const route = phoneNumberRoutes(store);
const relay = addNumber(store, '+16195550000');
addNumber(store, '+18585550000');

const request = (method: string, path: string, params: RecordedRequest['params'] = {}): RecordedRequest => ({ method, path: `/2010-04-01/Accounts/${ACCOUNT}${path}`, params });
const listed = (filter?: string) =>
  ((route(request('GET', '/IncomingPhoneNumbers.json', filter ? { PhoneNumber: filter } : {}), ACCOUNT)!.body as { incoming_phone_numbers: Array<{ phone_number: string }> }).incoming_phone_numbers.map((n) => n.phone_number));

describe('the emulator\'s IncomingPhoneNumbers', () => {
  it("filters like Twilio's PhoneNumber: exact, partial, or with * for any digit", () => {
    expect(listed()).toEqual(['+16195550000', '+18585550000']);
    expect(listed('+16195550000')).toEqual(['+16195550000']);
    expect(listed('555000')).toEqual(['+16195550000', '+18585550000']);
    expect(listed('+1*195550000')).toEqual(['+16195550000']);
  });

  it('updates only the Messaging settings it is given', () => {
    const reply = route(request('POST', `/IncomingPhoneNumbers/${relay.sid}.json`, { SmsUrl: 'https://a.twil.io/sms/incoming' }), ACCOUNT)!;
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ sid: relay.sid, sms_url: 'https://a.twil.io/sms/incoming', sms_method: 'POST', sms_fallback_url: '' });
  });

  it('answers 404 for another account or an unknown number, and leaves other paths to other routes', () => {
    expect(route(request('GET', '/IncomingPhoneNumbers.json'), 'AC' + 'b2'.repeat(16))?.status).toBe(404);
    expect(route(request('GET', `/IncomingPhoneNumbers/PN${'0'.repeat(32)}.json`), ACCOUNT)?.status).toBe(404);
    expect(route(request('GET', '/Messages.json'), ACCOUNT)).toBeUndefined();
  });
});
