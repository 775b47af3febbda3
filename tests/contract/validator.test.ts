/**
 * The contract check against Twilio's own OpenAPI description: the requests the relay makes pass,
 * and each kind of mistake is reported naming what is wrong.
 */
import { loadTwilioSpecs } from '../../dev/contract/spec';
import { createContractCheck } from '../../dev/contract/validator';
import type { FormParams } from '../../dev/form';
import type { RecordedRequest } from '../../dev/emulator/server';
import { FAKE } from '../../dev/fixtures';
import { statusCallbackUrl } from '../../src/core/twilio/callback-urls';
import { buildForwardBody } from '../../src/core/sms/forward-body';
import { createParams, type OutboundMessage } from '../../src/core/sms/messaging';
import { onTheWire } from './wire-form';

const check = createContractCheck(loadTwilioSpecs());

const MESSAGES = `/2010-04-01/Accounts/${FAKE.accountSid}/Messages.json`;
const MESSAGE_SID = 'MM' + 'c3'.repeat(16);
const SERVICE_SID = 'MG' + 'd4'.repeat(16);
const CALLBACK = statusCallbackUrl('https://sms-relay-1234-dev.twil.io', '/sms/status', { leg: 'primary', inboundSid: 'SM' + 'e5'.repeat(16), lastLeg: false });
const mediaUrl = (i: number) => `https://api.twilio.com/2010-04-01/Accounts/${FAKE.accountSid}/Messages/${MESSAGE_SID}/Media/ME${String(i).padStart(32, '0')}`;

const outbound = (extra: Partial<OutboundMessage> = {}): OutboundMessage => ({
  to: FAKE.primaryNumber,
  from: FAKE.relayNumber,
  content: { body: buildForwardBody(FAKE.dispatcher, 'Unit 7 to Main St'), mediaUrl: [] },
  statusCallback: CALLBACK,
  ...extra,
});

const create = (params: FormParams, extra: Partial<RecordedRequest> = {}): RecordedRequest => ({
  method: 'POST',
  path: MESSAGES,
  host: 'api.twilio.com',
  authUser: FAKE.apiKey,
  params,
  ...extra,
});

const relayCreate = (extra: Partial<OutboundMessage> = {}) => create(onTheWire(createParams(outbound(extra))));

describe("the relay's requests fit the contract", () => {
  test.each([
    ['a text message', {}],
    ['an MMS with one media URL (one key on the wire)', { content: { body: 'x', mediaUrl: [mediaUrl(0)] } }],
    ['an MMS with ten media URLs (MediaUrl repeated)', { content: { body: 'x', mediaUrl: Array.from({ length: 10 }, (_, i) => mediaUrl(i)) } }],
    ['a media-only message', { content: { body: buildForwardBody(FAKE.dispatcher, ''), mediaUrl: [mediaUrl(0), mediaUrl(1)] } }],
    ['a 1,600-character body', { content: { body: buildForwardBody(FAKE.dispatcher, 'x'.repeat(5000)), mediaUrl: [] } }],
    ['a message through a Messaging Service', { messagingServiceSid: SERVICE_SID }],
  ])('%s', (_, extra) => {
    expect(check(relayCreate(extra))).toEqual([]);
  });

  test('MediaUrl arrives as a repeated key, which the spec (an array) accepts', () => {
    const request = relayCreate({ content: { body: 'x', mediaUrl: [mediaUrl(0), mediaUrl(1), mediaUrl(2)] } });
    expect(request.params.MediaUrl).toEqual([mediaUrl(0), mediaUrl(1), mediaUrl(2)]);
    expect(check(request)).toEqual([]);
  });

  test('fetching a message and listing its media', () => {
    const base = `/2010-04-01/Accounts/${FAKE.accountSid}/Messages/${MESSAGE_SID}`;
    expect(check({ method: 'GET', path: `${base}.json`, host: 'api.twilio.com', authUser: FAKE.apiKey, params: {} })).toEqual([]);
    expect(check({ method: 'GET', path: `${base}/Media.json`, host: 'api.twilio.com', authUser: FAKE.apiKey, params: { PageSize: '10' } })).toEqual([]);
  });

  test('without a host, the path prefix picks the spec', () => {
    expect(check(relayCreate())).toEqual([]);
    expect(check({ ...relayCreate(), host: undefined })).toEqual([]);
    const syncDoc = { method: 'POST', path: '/v1/Services/IS' + 'f6'.repeat(16) + '/Documents', authUser: FAKE.apiKey, params: { UniqueName: 'relay-state', Data: '{}' } };
    expect(check(syncDoc)).toEqual([]);
    expect(check({ ...syncDoc, host: 'sync.twilio.com' })).toEqual([]);
  });
});

describe('each violation is reported, naming what is wrong', () => {
  const problems = (request: RecordedRequest) => check(request).join('\n');
  const params = onTheWire(createParams(outbound()));
  const without = (name: string) => Object.fromEntries(Object.entries(params).filter(([key]) => key !== name));

  test('a misspelled field', () => {
    const { Body, ...rest } = params;
    expect(problems(create({ ...rest, Bodyy: Body }))).toMatch(/unknown parameter Bodyy \(did you mean Body\?\)/);
  });

  test('a missing To', () => {
    expect(problems(create(without('To')))).toMatch(/missing required parameter To\b/);
  });

  test('neither From nor MessagingServiceSid, neither Body nor media', () => {
    expect(problems(create(without('From')))).toMatch(/one of From, MessagingServiceSid is required/);
    expect(problems(create(without('Body')))).toMatch(/one of Body, MediaUrl, ContentSid is required/);
  });

  test.each(['6195550111', '+1 619 555 0111', '+06195550111', 'whatsapp:+16195550111'])('a To that is not E.164: %s', (to) => {
    expect(problems(create({ ...params, To: to }))).toMatch(/^To: .* is not an E\.164 phone number/);
  });

  test('a From that is not E.164', () => {
    expect(problems(create({ ...params, From: '(619) 555-0000' }))).toMatch(/^From: .* is not an E\.164 phone number/);
  });

  test('a StatusCallback that is not a URI', () => {
    expect(problems(create({ ...params, StatusCallback: '/sms/status?relay_leg=primary' }))).toMatch(/^StatusCallback: .* is not an absolute URI \(format uri\)/);
  });

  test('a malformed MessagingServiceSid or media URL', () => {
    expect(problems(create({ ...without('From'), MessagingServiceSid: 'MG123' }))).toMatch(/^MessagingServiceSid: "MG123" does not match/);
    expect(problems(create({ ...params, MediaUrl: [mediaUrl(0), 'Media/ME1'] }))).toMatch(/^MediaUrl: "Media\/ME1" is not an absolute URI/);
  });

  test('a single-valued field given twice', () => {
    expect(problems(create({ ...params, To: [FAKE.primaryNumber, FAKE.backupNumber] }))).toMatch(/^To is given 2 times/);
  });

  test('a bad AccountSid in the path', () => {
    const path = MESSAGES.replace(FAKE.accountSid, FAKE.apiKey);
    expect(problems(create(params, { path }))).toMatch(/^path parameter AccountSid: "SK.*" does not match \^AC\[0-9a-fA-F\]\{32\}\$/);
  });

  test('a bad message SID in the path', () => {
    const path = `/2010-04-01/Accounts/${FAKE.accountSid}/Messages/XX${'0'.repeat(32)}.json`;
    expect(problems({ method: 'GET', path, authUser: FAKE.apiKey, params: {} })).toMatch(/^path parameter Sid: "XX0+" does not match/);
  });

  test('an unknown path', () => {
    const path = `/2010-04-01/Accounts/${FAKE.accountSid}/Message.json`;
    expect(problems(create(params, { path }))).toMatch(/no path in the spec matches .*\/Message\.json \[twilio_api_v2010\]/);
  });

  test('a method the path does not have', () => {
    expect(problems(create(params, { method: 'PUT' }))).toMatch(/Messages\.json has no PUT operation \(only GET, POST\)/);
  });

  test('an unknown or invalid query parameter', () => {
    const path = `/2010-04-01/Accounts/${FAKE.accountSid}/Messages/${MESSAGE_SID}/Media.json`;
    expect(problems({ method: 'GET', path, authUser: FAKE.apiKey, params: { Limit: '10' } })).toMatch(/unknown parameter Limit/);
    expect(problems({ method: 'GET', path, authUser: FAKE.apiKey, params: { PageSize: '5000' } })).toMatch(/PageSize: "5000" is above the maximum 1000/);
  });

  test('a host no spec describes', () => {
    expect(problems(create(params, { host: 'api.example.com' }))).toMatch(/no Twilio API spec describes host api\.example\.com/);
  });
});
