import type { Context, ServerlessCallback } from '@twilio-labs/serverless-runtime-types/types';
import type { RelayEnv, VoiceEvent } from '../../core';

type Core = typeof import('../relay/core.private');

/**
 * The screening whisper (SCREEN_CALLS=true), run on the answering phone before the caller is
 * connected. First request: who is calling, press 1 to accept. Second (relay_step=result): 1
 * bridges the call, anything else drops this phone, so a carrier voicemail never counts as answered.
 */
export function handler(context: Context<RelayEnv>, event: VoiceEvent, callback: ServerlessCallback) {
  const core: Core = require(Runtime.getFunctions()['relay/core'].path);
  return core.answerOnce(callback, Twilio.Response, (reply) => screen(core, context, event, reply));
}

async function screen(core: Core, context: Context<RelayEnv>, event: VoiceEvent, callback: ServerlessCallback) {
  const { audit, refusal } = core.openRequest(context, event, '/voice/screen', Twilio.Response);
  if (refusal) return callback(null, refusal);
  const call = core.readCall(event);
  const request = core.readScreenRequest(event);
  if (!request || !core.isCallSid(call.sid)) {
    audit({ event: 'ignored', level: 'warn', reason: 'not a screening request of a relayed call' });
    return callback(null, core.textResponse(Twilio.Response, 400, 'not a relay screening request'));
  }

  try {
    const config = core.readConfig(context);
    if (call.accountSid !== config.accountSid) {
      audit({ event: 'ignored', level: 'warn', inbound: call.chainSid, reason: 'AccountSid is not ACCOUNT_SID: webhook from another account' });
      return callback(null, core.hangupTwiml(Twilio.twiml.VoiceResponse));
    }
    if (core.readStep(event) === 'result') {
      const accepted = core.isAccepted(event.Digits);
      audit({ event: 'screened', inbound: call.chainSid, leg: request.leg, reason: accepted ? 'accepted' : 'not accepted' });
      return callback(null, core.screenResultTwiml(Twilio.twiml.VoiceResponse, accepted));
    }
    const whitelist = core.whitelistFor(Runtime.getAssets(), config.defaultRegion, audit);
    const prompt = {
      text: core.screenPrompt(core.callerSender(whitelist, request.caller)),
      action: core.screenUrl(core.baseUrlFor(context.DOMAIN_NAME, config.publicBaseUrl), request.leg, request.lastLeg, request.caller, 'result'),
    };
    return callback(null, core.screenPromptTwiml(Twilio.twiml.VoiceResponse, prompt));
  } catch (error) {
    // The answering phone is never bridged; the <Dial> action then decides what follows.
    return callback(null, core.failureResponse(Twilio.Response, audit, error, call.chainSid));
  }
}
