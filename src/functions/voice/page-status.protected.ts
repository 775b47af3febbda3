import type { Context, ServerlessCallback } from '@twilio-labs/serverless-runtime-types/types';
import type { RelayEnv, VoiceEvent } from '../../core';

type Core = typeof import('../relay/core.private');

/**
 * PAGE_BY_CALL: a page call's status callback (only "completed" is asked for). Ended without the
 * press of 1 (busy, no-answer, failed, canceled, a machine, hung up): the next phone is texted
 * and paged at once, after the last the dispatcher is told; exactly once per phone (the record's
 * pages). Decisions in core/dispatch/page-end.ts.
 */
export function handler(context: Context<RelayEnv>, event: VoiceEvent & { CallStatus?: string; AnsweredBy?: string }, callback: ServerlessCallback) {
  const core: Core = require(Runtime.getFunctions()['relay/core'].path);
  return core.answerOnce(callback, Twilio.Response, (reply) => pageStatus(core, context, event, reply));
}

async function pageStatus(core: Core, context: Context<RelayEnv>, event: VoiceEvent & { CallStatus?: string; AnsweredBy?: string }, callback: ServerlessCallback) {
  const { audit, deadline, refusal } = core.openRequest(context, event, '/voice/page-status', Twilio.Response);
  if (refusal) return callback(null, refusal);
  const call = core.readCall(event);
  const request = core.readPageRequest(event);
  if (!request || !core.isCallSid(call.sid)) {
    audit({ event: 'ignored', level: 'warn', reason: 'not the status callback of a relay page' });
    return callback(null, core.textResponse(Twilio.Response, 400, 'not a relay page'));
  }
  try {
    const config = core.readConfig(context);
    if (call.accountSid !== config.accountSid) {
      audit({ event: 'ignored', level: 'warn', inbound: request.inboundSid, reason: 'AccountSid is not ACCOUNT_SID: callback from another account' });
      return callback(null, new Twilio.twiml.VoiceResponse());
    }
    const deps = core.pageWebhookDeps(context, { ...core.relayServices(config, deadline), audit, destinations: config }, config);
    const end = { call: call.sid, callStatus: String(event.CallStatus ?? ''), ...(typeof event.AnsweredBy === 'string' && { answeredBy: event.AnsweredBy }) };
    const job = { from: call.from, callbackBase: core.baseUrlFor(context.DOMAIN_NAME, config.publicBaseUrl) };
    if (deps) await core.endPage(deps, request, end, job);
    else audit({ event: 'status', inbound: request.inboundSid, leg: request.leg, outbound: call.sid, status: end.callStatus, reason: 'no dispatch store: nothing escalates' });
    return callback(null, new Twilio.twiml.VoiceResponse());
  } catch (error) {
    return callback(null, core.failureResponse(Twilio.Response, audit, error, request.inboundSid));
  }
}
