import type { Twilio } from 'twilio';
import type RequestClientType from 'twilio/lib/base/RequestClient';
import type { RelayConfig } from '../config';
import { currentDeadline, type Deadline } from './deadline';

/** Longest a single REST call may take, even with time to spare. */
export const REQUEST_TIMEOUT_MS = 4000;

export type RestClient = Twilio;

/**
 * One RequestClient per container and destination, so its keep-alive agent reuses the TLS
 * connection to api.twilio.com from one invocation to the next. With TWILIO_API_BASE_URL every
 * call goes to that loopback emulator instead (path and query kept; the original host travels as
 * X-Forwarded-Host so one emulator can serve api.twilio.com and sync.twilio.com alike).
 */
const sharedClients = new Map<string, RequestClientType>();

function sharedRequestClient(base?: URL): RequestClientType {
  const prefix = base?.href.replace(/\/+$/, '') ?? '';
  const existing = sharedClients.get(prefix);
  if (existing) return existing;
  // Required lazily: the twilio package is only loaded when the relay actually calls the API.
  const RequestClient: typeof RequestClientType = require('twilio/lib/base/RequestClient');
  class RelayRequestClient extends RequestClient {
    request<T>(opts: RequestClientType.RequestOptions<T>) {
      if (!prefix) return super.request(opts);
      const target = new URL(opts.uri);
      return super.request({ ...opts, uri: `${prefix}${target.pathname}${target.search}`, headers: { ...opts.headers, 'X-Forwarded-Host': target.host } });
    }
  }
  const client = new RelayRequestClient({ timeout: REQUEST_TIMEOUT_MS, keepAlive: true });
  sharedClients.set(prefix, client);
  return client;
}

/**
 * The shared RequestClient seen through one invocation: each call's time-out is cut to what is
 * left of the work in progress (currentDeadline(): a claim, a leg) and of `deadline`.
 */
function boundedBy(shared: RequestClientType, deadline?: Deadline): RequestClientType {
  const bounded: RequestClientType = Object.create(shared);
  bounded.request = <T>(opts: RequestClientType.RequestOptions<T>) => {
    const left = Math.min(currentDeadline()?.remaining() ?? Infinity, deadline?.remaining() ?? Infinity);
    return shared.request({ ...opts, timeout: Math.max(1, Math.min(REQUEST_TIMEOUT_MS, left)) });
  };
  return bounded;
}

/** Who a client authenticates as (Basic auth user and password), for which account, and where it sends. */
export interface ClientCredentials {
  username: string;
  password: string;
  accountSid: string;
  /** A loopback emulator instead of Twilio (see api-base-url.ts). */
  apiBaseUrl?: URL;
}

/** A REST client from explicit credentials: the relay's API key, or an operator tool's account credentials. */
export function createClientWith(credentials: ClientCredentials, deadline?: Deadline): RestClient {
  const twilio: typeof import('twilio') = require('twilio');
  return twilio(credentials.username, credentials.password, {
    accountSid: credentials.accountSid,
    httpClient: boundedBy(sharedRequestClient(credentials.apiBaseUrl), deadline),
  });
}

/**
 * The relay's REST client: authenticated with an API key (SK…), never the Auth Token, so a leak of
 * the function's credentials cannot touch billing, keys or sub-accounts.
 */
export function createRestClient(config: RelayConfig, deadline?: Deadline): RestClient {
  return createClientWith({ username: config.apiKey, password: config.apiSecret, accountSid: config.accountSid, apiBaseUrl: config.apiBaseUrl }, deadline);
}
