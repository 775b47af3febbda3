import type { Twilio } from 'twilio';
import type RequestClientType from 'twilio/lib/base/RequestClient';
import type { RelayConfig } from './config';
import { currentDeadline, type Deadline } from './deadline';

/** Longest a single REST call may take, even with time to spare. */
export const REQUEST_TIMEOUT_MS = 4000;

export type RestClient = Twilio;

/**
 * The SDK's RequestClient with two changes: each call's time-out is cut to what is left of the
 * work in progress (currentDeadline(): a claim, a leg) and of the whole invocation, and, with TWILIO_API_BASE_URL, every call goes to that loopback emulator
 * (path and query kept; the original host travels as X-Forwarded-Host so one emulator can serve
 * api.twilio.com and sync.twilio.com alike).
 */
function relayRequestClient(deadline: Deadline | undefined, base?: URL): RequestClientType {
  // Required lazily: the twilio package is only loaded when the relay actually calls the API.
  const RequestClient: typeof RequestClientType = require('twilio/lib/base/RequestClient');
  const prefix = base?.href.replace(/\/+$/, '');
  class RelayRequestClient extends RequestClient {
    request<T>(opts: RequestClientType.RequestOptions<T>) {
      const left = Math.min(currentDeadline()?.remaining() ?? Infinity, deadline?.remaining() ?? Infinity);
      const timeout = Math.max(1, Math.min(REQUEST_TIMEOUT_MS, left));
      if (!prefix) return super.request({ ...opts, timeout });
      const target = new URL(opts.uri);
      return super.request({
        ...opts,
        timeout,
        uri: `${prefix}${target.pathname}${target.search}`,
        headers: { ...opts.headers, 'X-Forwarded-Host': target.host },
      });
    }
  }
  return new RelayRequestClient({ timeout: REQUEST_TIMEOUT_MS });
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
    httpClient: relayRequestClient(deadline, credentials.apiBaseUrl),
  });
}

/**
 * The relay's REST client: authenticated with an API key (SK…), never the Auth Token, so a leak of
 * the function's credentials cannot touch billing, keys or sub-accounts.
 */
export function createRestClient(config: RelayConfig, deadline?: Deadline): RestClient {
  return createClientWith({ username: config.apiKey, password: config.apiSecret, accountSid: config.accountSid, apiBaseUrl: config.apiBaseUrl }, deadline);
}
