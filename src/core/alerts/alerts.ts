import type { Audit } from '../twilio/audit';
import type { ClaimKind, Claims } from '../twilio/claims';
import type { Deadline } from '../twilio/deadline';
import type { Leg } from '../legs';
import type { DispatchRecord } from '../dispatch/record';
import type { AlertTarget } from './alert-config';
import { alertPayload, type AlertFacts, type AlertKind } from './alert-payload';
import { postAlert, type Fetch } from './alert-post';

/** What an alert needs from a handler's services: the claims and deadline it already has, and the target (none: no alerts). */
export interface AlertDeps {
  claims: Claims;
  audit: Audit;
  deadline: Deadline;
  alert?: AlertTarget;
}

/** The alerts sent once per dispatch, and the claim ("<kind>:<inbound SID>") that makes it once. */
export type DispatchAlertKind = 'exhausted' | 'unacknowledged';
const CLAIMS: Record<DispatchAlertKind, ClaimKind> = { exhausted: 'ax', unacknowledged: 'au' };

/** A dispatch's facts for an alert: its code, sender and last phone; its text (shown only with ALERT_INCLUDE_TEXT). */
export function dispatchFacts(record: DispatchRecord, reason: string, leg: Leg = record.chain[record.chain.length - 1]): AlertFacts & { inbound: string; leg: Leg } {
  return { reason, inbound: record.inboundSid, code: record.code, leg, errorCode: record.legs[leg]?.errorCode, numbers: { sender: record.sender.number }, text: record.text };
}

/** Posts one alert with what is left of `deadline`, and audits how it went (never the URL, never the text). */
export async function sendAlert(target: AlertTarget, kind: AlertKind, facts: AlertFacts, deadline: Deadline, audit: Audit, fetchImpl?: Fetch): Promise<boolean> {
  const sent = await postAlert(target.url, alertPayload(kind, facts, target.includeText), deadline, fetchImpl);
  const line = { event: 'alert' as const, alert: kind, inbound: facts.inbound, ...(facts.code !== undefined && { code: facts.code }), attempts: sent.attempts };
  audit(sent.ok ? line : { ...line, level: 'error', reason: `${kind} alert not delivered: ${sent.reason}` });
  return sent.ok;
}

/**
 * Sends a dispatch's alert of this kind exactly once: the claim on the inbound SID is the gate,
 * so a callback delivered twice, or two paths seeing the same chain exhausted, alert once. Call
 * it after the sends: it uses what is left of the invocation's deadline, and a hung receiver can
 * only cost that. Without SYNC_SERVICE_SID there are no claims: a repeated callback alerts again.
 * A claim Sync cannot answer alerts anyway (twice beats never), and so does a claim left "sending"
 * by an invocation that died (stale) once this one takes it over. Never throws.
 */
export async function alertOnce(deps: AlertDeps, kind: DispatchAlertKind, facts: AlertFacts & { inbound: string; leg: Leg }): Promise<void> {
  if (!deps.alert) return;
  const claimKind = CLAIMS[kind];
  const at = () => new Date().toISOString();
  const claim = await deps.claims.claim(claimKind, facts.inbound, { state: 'sending', leg: facts.leg, at: at() });
  if (claim.kind === 'taken') return;
  const takeOver = claim.kind === 'stale' ? await claim.takeOver(deps.deadline) : undefined;
  if (takeOver === 'lost') return;
  const owned = claim.kind === 'claimed' || takeOver === 'won';
  const ok = await sendAlert(deps.alert, kind, facts, deps.deadline, deps.audit);
  if (owned) await deps.claims.settle(claimKind, facts.inbound, { state: ok ? 'sent' : 'failed', leg: facts.leg, at: at() });
}
