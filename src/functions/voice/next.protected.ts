import type { Context, ServerlessCallback } from '@twilio-labs/serverless-runtime-types/types';
import type { RelayEnv, VoiceEvent } from '../../core';

type Core = typeof import('../relay/core.private');

/**
 * The <Dial action> of every leg. Answered (and, when screening, accepted): hang up once the
 * conversation ends. Not answered on the primary: ring the backup the same way. Not answered on
 * the last leg: the unavailable message, then a voicemail when VOICEMAIL=true.
 */
export function handler(context: Context<RelayEnv>, event: VoiceEvent, callback: ServerlessCallback) {
  const core: Core = require(Runtime.getFunctions()['relay/core'].path);
  return core.answerOnce(callback, Twilio.Response, (reply) => next(core, context, event, reply));
}

async function next(core: Core, context: Context<RelayEnv>, event: VoiceEvent, callback: ServerlessCallback) {
  const { audit, refusal } = core.openRequest(context, event, '/voice/next', Twilio.Response);
  if (refusal) return callback(null, refusal);
  const call = core.readCall(event);
  const legParams = core.readLegParams(event);
  if (!legParams || !core.isCallSid(call.sid)) {
    audit({ event: 'ignored', level: 'warn', reason: 'not the <Dial> action of a relayed call' });
    return callback(null, core.textResponse(Twilio.Response, 400, 'not a relay <Dial> action'));
  }
  const result = core.readDialResult(event);
  const line = { inbound: call.sid, leg: legParams.leg, status: result.status };

  try {
    const config = core.readConfig(context);
    const voice = core.readVoiceConfig(context);
    if (call.accountSid !== config.accountSid) {
      audit({ ...line, event: 'ignored', level: 'warn', reason: 'AccountSid is not ACCOUNT_SID: webhook from another account' });
      return callback(null, core.hangupTwiml(Twilio.twiml.VoiceResponse));
    }
    const decision = core.decideDialResult(result, legParams.lastLeg);
    const request = { caller: call.from, relayNumber: call.to, base: core.baseUrlFor(context.DOMAIN_NAME, config.publicBaseUrl) };
    const step = core.planNextStep(decision, request, voice, config);
    switch (step.action) {
      case 'connected':
        audit({ ...line, event: 'connected', duration: result.durationSeconds });
        break;
      case 'failover':
        audit({ ...line, event: 'failover', level: 'warn', reason: step.reason });
        audit({ event: 'dialing', inbound: call.sid, leg: step.dial.leg, to: step.dial.number });
        break;
      case 'exhausted':
        audit({ ...line, event: 'exhausted', level: 'error', reason: `${step.reason}; no phone took the call${voice.voicemail ? ', voicemail offered' : ''}` });
    }
    return callback(null, core.nextStepTwiml(Twilio.twiml.VoiceResponse, step));
  } catch (error) {
    return callback(null, core.failureResponse(Twilio.Response, audit, error, call.sid));
  }
}
