import type { Audit } from './audit';
import { ConfigError } from '../config';
import { textResponse, type ResponseLike } from './text-response';
import { WhitelistError } from '../whitelist';

/**
 * Audits why the relay could not do its job. Configuration and whitelist problems say exactly what
 * to fix; anything else is a bug, logged with its message (never the event, which holds the body).
 */
export function auditFailure(audit: Audit, error: unknown, inbound?: string): void {
  const reason =
    error instanceof ConfigError
      ? `relay not configured: ${error.problems.join('; ')}`
      : error instanceof WhitelistError
        ? `failing closed, nothing forwarded: ${error.message}`
        : `unexpected error: ${(error as Error)?.message ?? String(error)}`;
  audit({ event: 'error', level: 'error', inbound, reason });
}

/**
 * Audits the failure and answers 500: Twilio's Debugger shows it as error 11200 and hands the
 * request to the number's fallback URL (for a call, "Primary handler fails"), if one is set.
 */
export function failureResponse<R extends ResponseLike>(Response: new () => R, audit: Audit, error: unknown, inbound?: string): R {
  auditFailure(audit, error, inbound);
  return textResponse(Response, 500, 'relay error: see the audit log');
}
