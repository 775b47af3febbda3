import type { Twilio } from 'twilio';
import type RequestClientType from 'twilio/lib/base/RequestClient';
import type { RelayConfig } from './config';

/**
 * Each REST call gets at most this long. Two sequential sends (primary, then backup after a
 * synchronous failure) must fit in Twilio's 10-second function limit with room to answer.
 */
export const REQUEST_TIMEOUT_MS = 4000;

export type RestClient = Twilio;

/**
 * Routes every SDK request to a loopback emulator, keeping path and query. The original host goes
 * along as X-Forwarded-Host so one emulator can serve api.twilio.com and sync.twilio.com alike.
 */
function loopbackRequestClient(base: URL): RequestClientType {
  // Required lazily: the twilio package is only loaded when a message is actually sent.
  const RequestClient: typeof RequestClientType = require('twilio/lib/base/RequestClient');
  const prefix = base.href.replace(/\/+$/, '');
  class LoopbackRequestClient extends RequestClient {
    request<T>(opts: RequestClientType.RequestOptions<T>) {
      const target = new URL(opts.uri);
      return super.request({
        ...opts,
        uri: `${prefix}${target.pathname}${target.search}`,
        headers: { ...opts.headers, 'X-Forwarded-Host': target.host },
      });
    }
  }
  return new LoopbackRequestClient({ timeout: REQUEST_TIMEOUT_MS });
}

/**
 * The relay's REST client: authenticated with an API key (SK…), never the Auth Token, so a leak of
 * the function's credentials cannot touch billing, keys or sub-accounts.
 */
export function createRestClient(config: RelayConfig): RestClient {
  const twilio: typeof import('twilio') = require('twilio');
  return twilio(config.apiKey, config.apiSecret, {
    accountSid: config.accountSid,
    timeout: REQUEST_TIMEOUT_MS,
    ...(config.apiBaseUrl && { httpClient: loopbackRequestClient(config.apiBaseUrl) }),
  });
}
