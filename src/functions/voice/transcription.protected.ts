import type { Context, ServerlessCallback } from '@twilio-labs/serverless-runtime-types/types';
import type { RelayEnv, VoiceEvent } from '../../core';

type Core = typeof import('../relay/core.private');

/**
 * The voicemail (VOICEMAIL=true). relay_step=recorded is the <Record action>: the caller is done,
 * hang up. relay_step=transcribed is the transcription callback: its text goes by SMS to the
 * primary and backup phones. The text itself is never audited.
 */
export function handler(context: Context<RelayEnv>, event: VoiceEvent, callback: ServerlessCallback) {
  const core: Core = require(Runtime.getFunctions()['relay/core'].path);
  return core.answerOnce(callback, Twilio.Response, (reply) => transcription(core, context, event, reply));
}

async function transcription(core: Core, context: Context<RelayEnv>, event: VoiceEvent, callback: ServerlessCallback) {
  const { audit, deadline, refusal } = core.openRequest(context, event, '/voice/transcription', Twilio.Response);
  if (refusal) return callback(null, refusal);
  const call = core.readCall(event);
  const step = core.readStep(event);
  if ((step !== 'recorded' && step !== 'transcribed') || !core.isCallSid(call.sid)) {
    audit({ event: 'ignored', level: 'warn', reason: 'not a voicemail webhook of a relayed call' });
    return callback(null, core.textResponse(Twilio.Response, 400, 'not a relay voicemail webhook'));
  }

  try {
    const config = core.readConfig(context);
    if (call.accountSid !== config.accountSid) {
      audit({ event: 'ignored', level: 'warn', inbound: call.sid, reason: 'AccountSid is not ACCOUNT_SID: webhook from another account' });
      return callback(null, core.hangupTwiml(Twilio.twiml.VoiceResponse));
    }
    if (step === 'recorded') {
      audit({ event: 'voicemail', inbound: call.sid, duration: core.readRecordingSeconds(event), reason: 'recorded' });
      return callback(null, core.hangupTwiml(Twilio.twiml.VoiceResponse));
    }
    const whitelist = core.whitelistFor(Runtime.getAssets(), config.defaultRegion, audit);
    const decision = core.decideInbound(call, whitelist, config);
    if (decision.kind === 'reject') {
      audit({ event: 'ignored', level: 'warn', inbound: call.sid, reason: `transcription of a caller the relay does not put through: ${decision.reason}` });
      return callback(null, new Twilio.twiml.VoiceResponse());
    }
    const transcription = core.readTranscription(event);
    audit({ event: 'voicemail', inbound: call.sid, reason: transcription.completed ? 'transcribed' : 'transcription failed' });
    await core.sendVoicemailText(
      { ...core.relayServices(config, deadline), audit, destinations: config },
      { callSid: call.sid, legs: decision.legs, body: core.voicemailBody(decision.sender, transcription), from: call.to },
    );
    // Twilio ignores what a transcription callback returns; an empty document keeps it well-formed.
    return callback(null, new Twilio.twiml.VoiceResponse());
  } catch (error) {
    return callback(null, core.failureResponse(Twilio.Response, audit, error, call.sid));
  }
}
