import type { Context, ServerlessCallback } from '@twilio-labs/serverless-runtime-types/types';
import type { RelayEnv, StatusCallbackEvent } from '../../core';

type Core = typeof import('../relay/core.private');

/**
 * Status callback of every forwarded message. A primary leg that ends failed/undelivered is sent
 * to the backup phone; a backup leg that fails ends the chain (never a third send, never back
 * to the primary). Every other status is only audited. With two-way on, the dispatch's record
 * notes deliveries and failures, the backup's content comes from it, and a chain that ends with
 * every phone failed tells the dispatcher, once. With escalation, the scheduled copies' callbacks
 * (relay_copy) go to copyStatus, and a failover cancels the backup's copy (failoverRecorded).
 */
export function handler(context: Context<RelayEnv>, event: StatusCallbackEvent, callback: ServerlessCallback) {
  const core: Core = require(Runtime.getFunctions()['relay/core'].path);
  return core.answerOnce(callback, Twilio.Response, (reply) => status(core, context, event, reply));
}

async function status(core: Core, context: Context<RelayEnv>, event: StatusCallbackEvent, callback: ServerlessCallback) {
  const { audit, deadline, refusal } = core.openRequest(context, event, '/sms/status', Twilio.Response);
  if (refusal) return callback(null, refusal);
  const report = core.readStatusReport(event);
  const correlation = core.readCorrelation(event);
  if (!correlation || !core.isMessageSid(report.messageSid)) {
    audit({ event: 'ignored', level: 'warn', reason: 'not a status callback of a relayed message' });
    return callback(null, new Twilio.twiml.MessagingResponse());
  }
  const line = {
    inbound: correlation.inboundSid,
    outbound: report.messageSid,
    leg: correlation.leg,
    status: report.status,
    errorCode: report.errorCode,
  };

  try {
    const config = core.readConfig(context);
    if (report.accountSid !== config.accountSid) {
      audit({ ...line, event: 'ignored', level: 'warn', reason: 'AccountSid is not ACCOUNT_SID: callback from another account' });
      return callback(null, new Twilio.twiml.MessagingResponse());
    }
    const twoWay = core.readTwoWayConfig(context);
    // Escalation: one of the relay's scheduled copies (docs/escalation.md), never a forward's leg.
    const copy = core.readCopyKind(event);
    if (copy) {
      const { leg: _leg, ...about } = line;
      const deps = core.twoWayDeps({ ...core.relayServices(config, deadline), audit, destinations: config }, config, twoWay);
      await core.copyStatus(deps, copy, report, { ...about, copy });
      return callback(null, new Twilio.twiml.MessagingResponse());
    }
    const action = core.decideStatus(report.status, correlation.lastLeg);
    // Two-way: the dispatch's record notes how each leg ended; without one, all is as one-way.
    const services = action === 'failover' || (action === 'exhausted' && config.alert) || (twoWay.enabled && core.endsLeg(action)) ? core.relayServices(config, deadline) : undefined;
    const dispatch = services && core.twoWayDeps({ ...services, audit, destinations: config }, config, twoWay);
    const record = dispatch && (await core.recordStatus(dispatch, correlation, report, action));
    const callbackBase = core.baseUrlFor(context.DOMAIN_NAME, config.publicBaseUrl);
    switch (action) {
      case 'failover': {
        audit({ ...line, event: 'failover', level: 'warn', reason: `${correlation.leg} not delivered` });
        const failover = { legs: ['backup' as const], stage: 'failover' as const, callbackBase, primaryError: report.errorCode ?? report.status };
        // The record holds what was forwarded: the backup gets it without a read of the primary's message.
        if (dispatch && record) {
          await core.failoverRecorded(dispatch, record, { ...failover, from: report.from });
          break;
        }
        const primary = { inboundSid: correlation.inboundSid, messageSid: report.messageSid, from: report.from };
        const sent = await core.failoverContent(services!.client, primary, deadline.within(deadline.remaining() / 2));
        if (sent.notice) {
          audit({ ...line, event: 'failover', level: 'error', content: 'notice', reason: `${sent.notice.reason}: the backup gets a notice with the inbound SID, not the text` });
        }
        await core.forwardAlongLegs(
          { ...services!, audit, destinations: config },
          { ...failover, inboundSid: correlation.inboundSid, content: sent.content, notice: sent.notice !== undefined, from: sent.from },
        );
        break;
      }
      case 'exhausted':
        audit({ ...line, event: 'exhausted', level: 'error', primaryErrorCode: correlation.primaryError, reason: 'no phone received the message' });
        if (dispatch) await core.noticeIfExhausted(dispatch, record, report.from);
        if (services) await core.alertExhaustedStatus({ ...services, audit }, record, line);
        break;
      case 'delivered':
        audit({ ...line, event: 'delivered' });
        break;
      case 'pending':
        audit({ ...line, event: 'pending', reason: 'the carrier has it; awaiting a delivery receipt, which some carriers never send' });
        break;
      default:
        audit({ ...line, event: 'status' });
    }
    return callback(null, new Twilio.twiml.MessagingResponse());
  } catch (error) {
    core.auditFailure(audit, error, correlation.inboundSid);
    await core.alertRefusal(context, error, deadline, audit);
    return callback(null, core.textResponse(Twilio.Response, 500, 'relay error: see the audit log'));
  }
}
