import type { Context, ServerlessCallback } from '@twilio-labs/serverless-runtime-types/types';
import type { RelayEnv, VoiceEvent } from '../../core';

type Core = typeof import('../relay/core.private');

/**
 * PAGE_BY_CALL: the Url of a page call (the dispatch read out inside a <Gather numDigits="1">)
 * and its Gather action (relay_step=pressed): 1 acknowledges the dispatch as a text reply does,
 * another key hears the prompt once more. Decisions in core/dispatch/page-answer.ts.
 */
export function handler(context: Context<RelayEnv>, event: VoiceEvent & { Digits?: string }, callback: ServerlessCallback) {
  const core: Core = require(Runtime.getFunctions()['relay/core'].path);
  return core.answerOnce(callback, Twilio.Response, (reply) => page(core, context, event, reply));
}

async function page(core: Core, context: Context<RelayEnv>, event: VoiceEvent & { Digits?: string }, callback: ServerlessCallback) {
  const { audit, deadline, refusal } = core.openRequest(context, event, '/voice/page', Twilio.Response);
  if (refusal) return callback(null, refusal);
  const call = core.readCall(event);
  const request = core.readPageRequest(event);
  if (!request || !core.isCallSid(call.sid)) {
    audit({ event: 'ignored', level: 'warn', reason: 'not a page call of the relay' });
    return callback(null, core.textResponse(Twilio.Response, 400, 'not a relay page'));
  }
  try {
    const config = core.readConfig(context);
    if (call.accountSid !== config.accountSid) {
      audit({ event: 'ignored', level: 'warn', inbound: request.inboundSid, reason: 'AccountSid is not ACCOUNT_SID: webhook from another account' });
      return callback(null, core.hangupTwiml(Twilio.twiml.VoiceResponse));
    }
    const deps = core.pageWebhookDeps(context, { ...core.relayServices(config, deadline), audit, destinations: config }, config);
    if (!deps) return callback(null, core.hangupTwiml(Twilio.twiml.VoiceResponse));
    const base = core.baseUrlFor(context.DOMAIN_NAME, config.publicBaseUrl);
    const answer = await core.answerPage(deps, request, { sid: call.sid, from: call.from }, event.Digits, base);
    return callback(null, core.pageAnswerTwiml(Twilio.twiml.VoiceResponse, answer));
  } catch (error) {
    return callback(null, core.failureResponse(Twilio.Response, audit, error, request.inboundSid));
  }
}
