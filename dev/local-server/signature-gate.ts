import { validateRequest, validateRequestWithBody } from 'twilio/lib/webhooks/webhooks';
import type { RequestBody } from './request-body';

export type Access = 'public' | 'protected' | 'private';

export interface GateRequest {
  /** Path and query, as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: RequestBody;
}

export interface GateOptions {
  /** HMAC key; absent only with `insecure`. */
  authToken?: string;
  /** The origin Twilio calls behind a tunnel (PUBLIC_BASE_URL); without it, the Host the client called. */
  publicBaseUrl?: string;
  insecure?: boolean;
}

export type GateDecision = { pass: true } | { pass: false; status: 400 | 401; text: string };

/**
 * What Twilio's gateway does for a protected Function: HMAC-SHA1 with the Auth Token over the
 * full URL Twilio called plus the sorted POST parameters (or, for a JSON body, the bodySHA256
 * variant), checked with the twilio package's own validators, over the body as the runtime will
 * parse it (request-body.ts). Public routes and everything else pass through; the runtime itself
 * answers 403 for private assets. Never throws: a Host no URL can be built from is a 400.
 */
export function gate(request: GateRequest, access: Access | undefined, options: GateOptions): GateDecision {
  if (access !== 'protected' || options.insecure) return { pass: true };
  const header = request.headers['x-twilio-signature'];
  const signature = Array.isArray(header) ? header[0] : header;
  if (!signature || !options.authToken) return { pass: false, status: 401, text: 'Unauthorized: X-Twilio-Signature missing\n' };

  const origin = options.publicBaseUrl ?? `http://${request.headers.host ?? 'localhost'}`;
  const url = origin + request.url;
  let valid: boolean;
  try {
    valid =
      request.body.kind === 'json'
        ? validateRequestWithBody(options.authToken, signature, url, request.body.raw)
        : validateRequest(options.authToken, signature, url, request.body.kind === 'form' ? request.body.params : {});
  } catch {
    // validateRequest parses the URL with new URL(), which throws on a malformed Host ("a b").
    return { pass: false, status: 400, text: 'Bad request: no URL can be built from this Host header\n' };
  }
  return valid ? { pass: true } : { pass: false, status: 401, text: 'Unauthorized: X-Twilio-Signature does not match\n' };
}
