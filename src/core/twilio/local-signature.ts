import { baseUrlFor, isDeployedDomain } from './callback-urls';
import { calledByLocalRuntime } from './local-runtime';

/** What a handler knows about how it was called. */
export interface CallContext {
  DOMAIN_NAME: string;
  PATH: string;
  AUTH_TOKEN?: unknown;
  PUBLIC_BASE_URL?: unknown;
  ALLOW_UNSIGNED_LOCAL?: unknown;
}

export type SignatureCheck = { ok: true } | { ok: false; status: 400 | 401 | 500; reason: string };

type Validate = typeof import('twilio/lib/webhooks/webhooks').validateRequest;

/** Characters that would change how a query written unencoded parses back: such pairs are only tried encoded. */
const STRUCTURAL = /[&=#%+\s]/;

/**
 * Bounds on what the check hashes, so that a forged request cannot make it expensive (each split
 * is an HMAC over all parameters): our own URLs carry at most 4 query keys, an operator's a few;
 * a Twilio webhook of these functions is a few KB (a 1,600-character Body, ten MediaUrls, a
 * transcription), far below the runtime's 6 MB body limit.
 */
const MAX_QUERY_PAIRS = 16;
const MAX_SIGNED_CHARACTERS = 64 * 1024;

/**
 * The URLs Twilio may have signed for this request. The runtime merges the query into the event
 * before the body (`{request, ...req.query, ...req.body}`, runtime-handler dev-runtime/route.js,
 * constructEvent), keeping the URL's key order, so the query is some leading run of the event's
 * keys: each split is tried, the rest counting as POST parameters. Accepting a split means Twilio
 * signed a request whose merged event is exactly this one, whichever split it was, so no split
 * lets a caller change what the function acts on. This covers our own correlation parameters and
 * any query string an operator puts in a webhook URL (`/sms/incoming?site=north`).
 */
function signedSplits(event: Record<string, unknown>): Array<{ searches: string[]; params: Record<string, unknown> }> {
  const entries = Object.entries(event).filter(([key]) => key !== 'request');
  const splits = [];
  const pairs: Array<[string, string]> = [];
  for (let length = 0; length <= entries.length && pairs.length <= MAX_QUERY_PAIRS; length += 1) {
    // As form-encoding writes it, and as typed when that parses back to the same pairs (O'Brien, a/b):
    // validateRequest itself tries the %20 and legacy-querystring spellings of the encoded form.
    const encoded = new URLSearchParams(pairs).toString();
    const raw = pairs.some((pair) => pair.some((part) => STRUCTURAL.test(part))) ? encoded : pairs.map((pair) => pair.join('=')).join('&');
    const searches = [...new Set([encoded, raw])].map((search) => search && `?${search}`);
    splits.push({ searches, params: Object.fromEntries(entries.slice(length)) });
    const next = entries[length];
    if (!next) break;
    const values = ([] as unknown[]).concat(next[1]);
    // A nested value (qs's a[b]=c) cannot be written back into a query: no longer split after it.
    if (!values.every((value) => typeof value === 'string')) break;
    for (const value of values as string[]) pairs.push([next[0], value]);
  }
  return splits;
}

function verify(validate: Validate, authToken: string, signature: string, origin: string, path: string, event: Record<string, unknown>): boolean {
  return signedSplits(event).some(({ searches, params }) => searches.some((search) => validate(authToken, signature, `${origin}${path}${search}`, params)));
}

/**
 * Checks X-Twilio-Signature whenever the function is not running on Twilio. Deployed, Twilio's
 * gateway already refuses unsigned requests to protected functions; local runtimes (twilio-run,
 * the Twilio CLI's serverless:start) check nothing, so anything reachable through a tunnel could
 * be spoofed. Never throws: a request the check cannot even read (a malformed Host) is a 400.
 *
 * `path` is the function's own route, not context.PATH: locally the env file can override PATH.
 */
export function checkLocalSignature(context: CallContext, event: Record<string, unknown>, path: string): SignatureCheck {
  const local = calledByLocalRuntime();
  if (!local && isDeployedDomain(context.DOMAIN_NAME)) return { ok: true };
  if (local && isDeployedDomain(context.DOMAIN_NAME)) {
    // A local runtime derives DOMAIN_NAME from localhost or its tunnel: a *.twil.io value comes from the env file.
    return { ok: false, status: 500, reason: `DOMAIN_NAME is set to ${context.DOMAIN_NAME} in the environment of a local run: remove it from the env file (the runtime sets DOMAIN_NAME itself; use PUBLIC_BASE_URL behind a tunnel)` };
  }
  const authToken = typeof context.AUTH_TOKEN === 'string' ? context.AUTH_TOKEN : '';
  if (!authToken) {
    return context.ALLOW_UNSIGNED_LOCAL === 'true'
      ? { ok: true }
      : { ok: false, status: 401, reason: 'AUTH_TOKEN is not set, so X-Twilio-Signature cannot be checked on this local run' };
  }
  const headers = (event.request as { headers?: Record<string, unknown> } | undefined)?.headers;
  const signature = headers?.['x-twilio-signature'];
  if (typeof signature !== 'string') return { ok: false, status: 401, reason: 'X-Twilio-Signature header missing' };

  const size = Object.entries(event).reduce((sum, [key, value]) => sum + key.length + (key === 'request' ? 0 : String(value).length), 0);
  if (size > MAX_SIGNED_CHARACTERS) return { ok: false, status: 400, reason: `the parameters are larger than any Twilio webhook (${size} characters)` };

  // Locally the signer called whatever host it used (localhost or 127.0.0.1); behind a tunnel, the public URL.
  const host = typeof headers?.host === 'string' ? headers.host : context.DOMAIN_NAME;
  const publicBaseUrl = typeof context.PUBLIC_BASE_URL === 'string' && context.PUBLIC_BASE_URL ? context.PUBLIC_BASE_URL : undefined;
  const origin = baseUrlFor(host, publicBaseUrl);
  // Loaded only here: deployed requests never need it.
  const { validateRequest }: typeof import('twilio/lib/webhooks/webhooks') = require('twilio/lib/webhooks/webhooks');
  try {
    if (verify(validateRequest, authToken, signature, origin, path, event)) return { ok: true };
  } catch {
    // validateRequest parses the URL with new URL(), which throws on a malformed Host ("a b"): nobody signed such a URL.
    return { ok: false, status: 400, reason: 'the URL rebuilt from the Host header is not a valid URL, so no signature can match it' };
  }
  return { ok: false, status: 401, reason: 'X-Twilio-Signature does not match this URL and these parameters' };
}
