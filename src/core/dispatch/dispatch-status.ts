import type { Correlation } from '../twilio/callback-urls';
import type { StatusReport } from '../sms/events';
import type { StatusAction } from '../sms/status-policy';
import { sendExhaustedNotice } from './dispatch-notices';
import { isExhausted, legDelivered, legFailed, legSent, type DispatchRecord } from './record';
import { withStore, type TwoWayDeps } from './two-way-deps';
import { alertOnce, dispatchFacts, type AlertDeps } from '../alerts/alerts';
import type { Leg } from '../legs';

/** A status that ends a leg, delivered or failed: the only ones a dispatch's record notes. */
export const endsLeg = (action: StatusAction): boolean => action === 'failover' || action === 'exhausted' || action === 'delivered';

/**
 * Notes a status callback in the dispatch's record: a delivery, or a failure (failover or
 * exhausted), with Twilio's error code. A leg whose send outcome was unknown gets its SID here.
 * Other statuses write nothing and are not even read: the record only needs what ends a leg.
 * Undefined when there is no record (a one-way dispatch, an expired one) or the store failed:
 * the caller then does what the one-way relay does.
 */
export async function recordStatus(deps: TwoWayDeps, correlation: Correlation, report: StatusReport, action: StatusAction): Promise<DispatchRecord | undefined> {
  const { leg, inboundSid } = correlation;
  const at = new Date();
  if (!endsLeg(action)) return undefined;
  const failed = action !== 'delivered';
  return withStore(deps, inboundSid, 'the status is not noted in the record', (share) =>
    deps.store.update(
      inboundSid,
      (record) => {
        const sent = legSent(record, leg, report.messageSid, at);
        return failed ? legFailed(sent, leg, report.errorCode ?? report.status, at) : legDelivered(sent, leg, at);
      },
      share,
    ),
  );
}

/** The last leg failed: when the record shows every phone failed, the dispatcher is told, once. */
export async function noticeIfExhausted(deps: TwoWayDeps, record: DispatchRecord | undefined, from: string): Promise<void> {
  if (record && isExhausted(record)) await sendExhaustedNotice(deps, record, from);
}

/**
 * A status callback ended the chain (the last phone failed): one alert, after the dispatcher's
 * notice. With a record (two-way) its facts; without one (one-way) the callback's own.
 */
export function alertExhaustedStatus(deps: AlertDeps, record: DispatchRecord | undefined, line: { inbound: string; leg: Leg; errorCode?: string; status: string }): Promise<void> {
  const reason = `no phone received the message (${line.leg} ${line.status}${line.errorCode ? `, error ${line.errorCode}` : ''})`;
  const facts = record ? dispatchFacts(record, reason, line.leg) : { reason, inbound: line.inbound, leg: line.leg, errorCode: line.errorCode };
  return alertOnce(deps, 'exhausted', { ...facts, errorCode: line.errorCode ?? facts.errorCode });
}
