import { KNOWN_ERRORS, twilioError } from './errors';
import { single, type FormParams } from '../form';
import type { Route } from './routes';
import { newSid } from './sids';

/** The parts of an IncomingPhoneNumber that the operator tools read or set. */
export interface StoredNumber {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  smsUrl: string;
  smsMethod: string;
  smsFallbackUrl: string;
  smsFallbackMethod: string;
  /** A Messaging Service (MG…) or TwiML App (AP…) that takes the number's messages instead of SmsUrl. */
  smsApplicationSid: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The account's numbers, by PN… SID. */
export type NumberStore = Map<string, StoredNumber>;

/** What Twilio sets on a number it has just sold you: its demo reply. */
export const DEMO_SMS_URL = 'https://demo.twilio.com/welcome/sms/reply';

/** Adds a number to the store as Twilio would have it after a purchase, with `settings` on top. */
export function addNumber(store: NumberStore, phoneNumber: string, settings: Partial<StoredNumber> = {}): StoredNumber {
  const now = new Date();
  const number: StoredNumber = {
    sid: newSid('PN'),
    phoneNumber,
    friendlyName: phoneNumber,
    smsUrl: DEMO_SMS_URL,
    smsMethod: 'POST',
    smsFallbackUrl: '',
    smsFallbackMethod: 'POST',
    smsApplicationSid: '',
    createdAt: now,
    updatedAt: now,
    ...settings,
  };
  store.set(number.sid, number);
  return number;
}

const PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/IncomingPhoneNumbers(?:\/(PN[0-9a-f]{32}))?\.json$/;
const API = '/2010-04-01';

function numberJson(accountSid: string, n: StoredNumber) {
  return {
    account_sid: accountSid,
    api_version: '2010-04-01',
    capabilities: { voice: true, sms: true, mms: true, fax: false },
    date_created: n.createdAt.toUTCString(),
    date_updated: n.updatedAt.toUTCString(),
    friendly_name: n.friendlyName,
    phone_number: n.phoneNumber,
    origin: 'twilio',
    sid: n.sid,
    sms_application_sid: n.smsApplicationSid,
    sms_fallback_method: n.smsFallbackMethod,
    sms_fallback_url: n.smsFallbackUrl,
    sms_method: n.smsMethod,
    sms_url: n.smsUrl,
    status: 'in-use',
    uri: `${API}/Accounts/${accountSid}/IncomingPhoneNumbers/${n.sid}.json`,
  };
}

/** Twilio's PhoneNumber filter: digits match anywhere, "*" stands for any one digit. */
function matches(filter: string | undefined, phoneNumber: string): boolean {
  if (!filter) return true;
  const pattern = filter.replace(/[^\d*]/g, '').replace(/\*/g, '\\d');
  return new RegExp(pattern).test(phoneNumber.replace(/\D/g, ''));
}

function listJson(accountSid: string, numbers: StoredNumber[], params: FormParams) {
  const pageSize = Number(single(params.PageSize) ?? 50);
  const uri = `${API}/Accounts/${accountSid}/IncomingPhoneNumbers.json?PageSize=${pageSize}&Page=0`;
  return {
    incoming_phone_numbers: numbers.slice(0, pageSize).map((n) => numberJson(accountSid, n)),
    end: Math.max(0, Math.min(numbers.length, pageSize) - 1),
    first_page_uri: uri,
    next_page_uri: null,
    page: 0,
    page_size: pageSize,
    previous_page_uri: null,
    start: 0,
    uri,
  };
}

/** The Messaging settings the tools update; other parameters are left as they are. */
const UPDATABLE: Record<string, keyof StoredNumber> = {
  FriendlyName: 'friendlyName',
  SmsUrl: 'smsUrl',
  SmsMethod: 'smsMethod',
  SmsFallbackUrl: 'smsFallbackUrl',
  SmsFallbackMethod: 'smsFallbackMethod',
  SmsApplicationSid: 'smsApplicationSid',
};

/** IncomingPhoneNumbers: list (PhoneNumber filter), fetch, update the Messaging settings. */
export function phoneNumberRoutes(store: NumberStore): Route {
  return (request, accountSid) => {
    const match = PATH.exec(request.path);
    if (!match) return undefined;
    const [, pathAccount, sid] = match;
    const notFound = { status: 404, body: twilioError(404, 20404, KNOWN_ERRORS[20404]) };
    const notAllowed = { status: 405, body: twilioError(405, 20004, 'Method not allowed') };
    if (pathAccount !== accountSid) return notFound;
    if (!sid) {
      if (request.method !== 'GET') return notAllowed;
      const found = [...store.values()].filter((n) => matches(single(request.params.PhoneNumber), n.phoneNumber));
      return { status: 200, body: listJson(accountSid, found, request.params) };
    }
    const number = store.get(sid);
    if (!number) return notFound;
    if (request.method !== 'GET' && request.method !== 'POST') return notAllowed;
    if (request.method === 'POST') {
      for (const [param, field] of Object.entries(UPDATABLE)) {
        const value = single(request.params[param]);
        if (value !== undefined) Object.assign(number, { [field]: value });
      }
      number.updatedAt = new Date();
    }
    return { status: 200, body: numberJson(accountSid, number) };
  };
}
