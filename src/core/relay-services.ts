import { CLAIM_BUDGET_MS, NO_CLAIMS, syncClaims, type Claims } from './claims';
import type { RelayConfig } from './config';
import type { Deadline } from './deadline';
import { createRestClient, type RestClient } from './twilio-client';

export interface RelayServices {
  client: RestClient;
  claims: Claims;
  deadline: Deadline;
}

/**
 * What a handler sends with: the API-key client, and the exactly-once claims (Sync when
 * SYNC_SERVICE_SID is set). Sync calls get a client with a shorter per-call time-out, so a Sync
 * outage cannot eat the time the sends need.
 */
export function relayServices(config: RelayConfig, deadline: Deadline): RelayServices {
  const claims = config.sync
    ? syncClaims(createRestClient(config, deadline, CLAIM_BUDGET_MS), config.sync.serviceSid, config.sync.map, deadline)
    : NO_CLAIMS;
  return { client: createRestClient(config, deadline), claims, deadline };
}

/** The fallback's services: the same client, but no Sync, which may be what failed. */
export function stateless(config: RelayConfig, deadline: Deadline): RelayServices {
  return { client: createRestClient(config, deadline), claims: NO_CLAIMS, deadline };
}
