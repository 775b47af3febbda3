import type { Audit } from './audit';
import { ConfigError } from './config';
import { WhitelistError } from './whitelist';

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
