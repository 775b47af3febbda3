import { ConfigError, type RelayEnv } from '../config';
import type { TwoWayConfig } from '../dispatch/two-way-config';
import { readFlag, type VoiceConfig } from './config';

/**
 * Issue 12 (not wired yet: no handler reads this). PAGE_BY_CALL=true: a dispatch forwarded to a
 * phone also calls it ("press 1 to acknowledge"). REQUIRE_ATTESTATION=true: a whitelisted caller
 * is put through only with STIR/SHAKEN attestation A (attestation.ts).
 */
export interface PagingConfig {
  pageByCall: boolean;
  /** Calls create's Timeout: how long a paged phone rings, DIAL_TIMEOUT_SECONDS (5..600, Twilio's range for both). */
  ringTimeoutSeconds: number;
  requireAttestation: boolean;
}

/**
 * Reads PAGE_BY_CALL and REQUIRE_ATTESTATION, every problem at once, each naming its variable.
 * Paging needs two-way: pressing 1 acknowledges a dispatch, and a page's outcome is decided from
 * the dispatch record in Sync (claims keep the escalation and the acknowledgement exactly once).
 */
export function readPagingConfig(env: RelayEnv, twoWay: TwoWayConfig, voice: VoiceConfig): PagingConfig {
  const problems: string[] = [];
  const pageByCall = readFlag(env, 'PAGE_BY_CALL', problems);
  const requireAttestation = readFlag(env, 'REQUIRE_ATTESTATION', problems);
  if (pageByCall && !twoWay.enabled) {
    problems.push('PAGE_BY_CALL needs two-way dispatch: set SYNC_SERVICE_SID (and leave TWO_WAY unset or true)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { pageByCall, ringTimeoutSeconds: voice.dialTimeoutSeconds, requireAttestation };
}
