import { NO_CLAIMS, syncClaims, type Claims } from './claims';
import type { RelayConfig } from '../config';
import type { AlertTarget } from '../alerts/alert-config';
import type { Deadline } from './deadline';
import { createRestClient, type RestClient } from './client';

export interface RelayServices {
  client: RestClient;
  claims: Claims;
  deadline: Deadline;
  /** Where alerts go (ALERT_WEBHOOK_URL); absent: no alerts. */
  alert?: AlertTarget;
}

/**
 * What a handler sends with: the API-key client, and the exactly-once claims (Sync when
 * SYNC_SERVICE_SID is set). Both share the invocation's deadline.
 */
export function relayServices(config: RelayConfig, deadline: Deadline): RelayServices {
  const client = createRestClient(config, deadline);
  const claims = config.sync ? syncClaims(client, config.sync.serviceSid, config.sync.map, deadline) : NO_CLAIMS;
  return { client, claims, deadline, alert: config.alert };
}

/** The fallback's services: the same client, but no Sync, which may be what failed. */
export function stateless(config: RelayConfig, deadline: Deadline): RelayServices {
  return { client: createRestClient(config, deadline), claims: NO_CLAIMS, deadline, alert: config.alert };
}
