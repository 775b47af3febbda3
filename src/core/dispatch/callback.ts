import { envText, type RelayEnv } from '../config';
import type { Leg } from '../legs';
import { readVoiceConfig } from '../voice/config';
import { readPagingConfig, type PagingConfig } from '../voice/page-config';
import type { DispatchRecord } from './record';
import { openDispatchesFor } from './reply-routing';
import { readTwoWayConfig, type TwoWayConfig } from './two-way-config';
import { withStore, type TwoWayDeps } from './two-way-deps';

/**
 * What the relay number's Voice webhook needs of issue 12. Neither PAGE_BY_CALL nor
 * REQUIRE_ATTESTATION set: nothing more is read, and calls are handled exactly as before.
 */
export interface CallOptions {
  /** Paging on: a leg phone calling the relay number is put through to its open dispatch's sender. */
  paging?: { config: PagingConfig; twoWay: TwoWayConfig };
  requireAttestation: boolean;
}

export function readCallOptions(env: RelayEnv): CallOptions {
  if (envText(env, 'PAGE_BY_CALL') === undefined && envText(env, 'REQUIRE_ATTESTATION') === undefined) return { requireAttestation: false };
  const twoWay = readTwoWayConfig(env);
  const config = readPagingConfig(env, twoWay, readVoiceConfig(env));
  return { ...(config.pageByCall && { paging: { config, twoWay } }), requireAttestation: config.requireAttestation };
}

/**
 * Calling back: the dispatch a call from `leg`'s phone is about, the most recent open one that
 * reached that phone (as a code-less text reply picks it, reply-routing.ts), or undefined: no
 * open dispatch, or the store failed; the call is then handled as today.
 */
export async function callbackDispatch(deps: TwoWayDeps, callSid: string, leg: Leg): Promise<DispatchRecord | undefined> {
  const now = new Date();
  const records = await withStore(deps, callSid, 'the call is handled as without calling back', (share) => deps.store.openRecords(now, share));
  const open = openDispatchesFor(records ?? [], leg, now);
  if (open.length === 0) return undefined;
  const latest = open.reduce((a, b) => (Date.parse(b.forwardedAt) > Date.parse(a.forwardedAt) ? b : a));
  return records!.find((record) => record.inboundSid === latest.inboundSid);
}
