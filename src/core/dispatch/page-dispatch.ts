import { envText, type RelayEnv } from '../config';
import type { Leg } from '../legs';
import { numberForLeg } from '../sms/routing';
import { runWithin } from '../twilio/deadline';
import { restAttempt } from '../twilio/retry';
import { readVoiceConfig } from '../voice/config';
import { pageCallOptions } from '../voice/page-call';
import { readPagingConfig, type PagingConfig } from '../voice/page-config';
import type { DispatchRecord } from './record';
import type { TwoWayConfig } from './two-way-config';
import type { TwoWayDeps } from './two-way-deps';

/**
 * PAGE_BY_CALL for the SMS paths, or undefined when it is off. Unset, nothing more is read (not
 * even the voice variables): the SMS paths then run exactly as without paging.
 */
export function readPaging(env: RelayEnv, twoWay: TwoWayConfig): PagingConfig | undefined {
  if (envText(env, 'PAGE_BY_CALL') === undefined) return undefined;
  const paging = readPagingConfig(env, twoWay, readVoiceConfig(env));
  return paging.pageByCall ? paging : undefined;
}

/** Where a page's calls come from and call back to: the relay number and the functions' base URL. */
export interface PageJob {
  from: string;
  callbackBase: string;
}

export type PlaceOutcome = { kind: 'placed'; sid: string } | { kind: 'duplicate' } | { kind: 'failed'; reason: string };

/**
 * Calls `leg`'s phone about the dispatch (Calls create, pageCallOptions), once per phone: the
 * claim ("pp" / "pb" on the inbound SID) keeps a repeated webhook or callback from ringing it
 * twice. One attempt, no retry: a create whose answer was lost may have placed the call, and a
 * second ring helps nobody. A claim that cannot be asked calls anyway (at least once beats never).
 */
export async function placePage(deps: TwoWayDeps, record: DispatchRecord, leg: Leg, job: PageJob): Promise<PlaceOutcome> {
  const paging = deps.paging!;
  const kind = leg === 'primary' ? 'pp' : 'pb';
  const line = { inbound: record.inboundSid, ...(record.code !== undefined && { code: record.code }), leg };
  const at = () => new Date().toISOString();
  const claim = await deps.claims.claim(kind, record.inboundSid, { state: 'sending', leg, at: at() }, deps.deadline.within(deps.deadline.remaining() / 3));
  if (claim.kind === 'taken' || claim.kind === 'stale') {
    deps.audit({ ...line, event: 'duplicate', outbound: claim.previous?.sid, reason: `${kind} already claimed: the phone is not paged again` });
    return { kind: 'duplicate' };
  }
  if (claim.kind === 'unavailable') deps.audit({ ...line, event: 'claim-unavailable', level: 'warn', reason: `${claim.reason}; paging without a claim` });
  const to = numberForLeg(leg, deps.destinations);
  const lastLeg = record.chain[record.chain.length - 1] === leg;
  const options = pageCallOptions({ correlation: { leg, inboundSid: record.inboundSid, lastLeg }, to, relayNumber: job.from, base: job.callbackBase, ringTimeoutSeconds: paging.ringTimeoutSeconds });
  const created = await runWithin(deps.deadline, () => restAttempt(() => deps.client.calls.create(options)));
  if (!created.ok) {
    await deps.claims.settle(kind, record.inboundSid, { state: 'failed', leg, errorCode: String(created.error.code ?? 'network'), at: at() }, deps.deadline);
    deps.audit({ ...line, event: 'send-failed', level: 'warn', to, reason: `the page call could not be placed (${created.error.message})` });
    return { kind: 'failed', reason: 'the call could not be placed' };
  }
  await deps.claims.settle(kind, record.inboundSid, { state: 'sent', leg, sid: created.value.sid, at: at() }, deps.deadline);
  deps.audit({ ...line, event: 'paged', outbound: created.value.sid, to });
  return { kind: 'placed', sid: created.value.sid };
}
