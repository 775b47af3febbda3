import { validateRequest, validateRequestWithBody } from 'twilio/lib/webhooks/webhooks';
import { parseForm } from '../form';

export type Access = 'public' | 'protected' | 'private';

export interface GateRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

export interface GateOptions {
  /** HMAC key; absent only with `insecure`. */
  authToken?: string;
  /** The origin Twilio calls behind a tunnel (PUBLIC_BASE_URL); without it, the Host the client called. */
  publicBaseUrl?: string;
  insecure?: boolean;
}

export type GateDecision = { pass: true } | { pass: false; status: 401; text: string };

/**
 * What Twilio's gateway does for a protected Function: HMAC-SHA1 with the Auth Token over the
 * full URL Twilio called plus the sorted POST parameters (or, for a JSON body, the bodySHA256
 * variant), checked with the twilio package's own validators. Public routes and everything
 * else pass through; the runtime itself answers 403 for private assets.
 */
export function gate(request: GateRequest, access: Access | undefined, options: GateOptions): GateDecision {
  if (access !== 'protected' || options.insecure) return { pass: true };
  const header = request.headers['x-twilio-signature'];
  const signature = Array.isArray(header) ? header[0] : header;
  if (!signature || !options.authToken) return { pass: false, status: 401, text: 'Unauthorized: X-Twilio-Signature missing\n' };

  const origin = options.publicBaseUrl ?? `http://${request.headers.host ?? 'localhost'}`;
  const url = origin + request.url;
  const contentType = String(request.headers['content-type'] ?? '');
  const valid = contentType.startsWith('application/json')
    ? validateRequestWithBody(options.authToken, signature, url, request.rawBody)
    : validateRequest(options.authToken, signature, url, request.method === 'POST' ? parseForm(request.rawBody) : {});
  return valid ? { pass: true } : { pass: false, status: 401, text: 'Unauthorized: X-Twilio-Signature does not match\n' };
}
