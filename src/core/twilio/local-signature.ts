import { baseUrlFor, isDeployedDomain } from './callback-urls';

/** What a handler knows about how it was called. */
export interface CallContext {
  DOMAIN_NAME: string;
  PATH: string;
  AUTH_TOKEN?: unknown;
  PUBLIC_BASE_URL?: unknown;
  ALLOW_UNSIGNED_LOCAL?: unknown;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks X-Twilio-Signature whenever the function is not running on Twilio (*.twil.io). Deployed, Twilio's gateway already
 * refuses unsigned requests to protected functions; local runtimes (twilio-run, the Twilio CLI's
 * serverless:start) check nothing, so anything reachable through a tunnel could be spoofed.
 *
 * The runtime merges query and body into one event, so the signed URL is rebuilt from the
 * context and the function's own query parameters (`queryKeys`, in the order it writes them);
 * every other field counts as a POST parameter, as Twilio signs them.
 */
export function checkLocalSignature(context: CallContext, event: Record<string, unknown>, queryKeys: readonly string[] = []): SignatureCheck {
  if (isDeployedDomain(context.DOMAIN_NAME)) return { ok: true };
  const authToken = typeof context.AUTH_TOKEN === 'string' ? context.AUTH_TOKEN : '';
  if (!authToken) {
    return context.ALLOW_UNSIGNED_LOCAL === 'true'
      ? { ok: true }
      : { ok: false, reason: 'AUTH_TOKEN is not set, so X-Twilio-Signature cannot be checked on this local run' };
  }
  const headers = (event.request as { headers?: Record<string, unknown> } | undefined)?.headers;
  const signature = headers?.['x-twilio-signature'];
  if (typeof signature !== 'string') return { ok: false, reason: 'X-Twilio-Signature header missing' };

  const query = new URLSearchParams();
  const params: Record<string, unknown> = {};
  for (const key of queryKeys) if (typeof event[key] === 'string') query.append(key, event[key] as string);
  for (const [key, value] of Object.entries(event)) if (key !== 'request' && !queryKeys.includes(key)) params[key] = value;

  // Locally the signer called whatever host it used (localhost or 127.0.0.1); behind a tunnel, the public URL.
  const host = typeof headers?.host === 'string' ? headers.host : context.DOMAIN_NAME;
  const publicBaseUrl = typeof context.PUBLIC_BASE_URL === 'string' && context.PUBLIC_BASE_URL ? context.PUBLIC_BASE_URL : undefined;
  const search = query.toString();
  const url = `${baseUrlFor(host, publicBaseUrl)}${context.PATH}${search ? `?${search}` : ''}`;
  // Loaded only here: deployed requests never need it.
  const { validateRequest }: typeof import('twilio/lib/webhooks/webhooks') = require('twilio/lib/webhooks/webhooks');
  return validateRequest(authToken, signature, url, params) ? { ok: true } : { ok: false, reason: 'X-Twilio-Signature does not match this URL and these parameters' };
}
