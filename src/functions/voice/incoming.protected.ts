import type { Context, ServerlessCallback } from '@twilio-labs/serverless-runtime-types/types';
import type { RelayEnv, VoiceEvent } from '../../core';

type Core = typeof import('../relay/core.private');

/**
 * The relay number's Voice webhook ("A call comes in"). A caller on the whitelist is put through
 * to the primary phone (the backup if the caller is the primary); anyone else gets <Reject/>:
 * the call is never answered, so nobody pays for it and nobody hears a voice.
 */
export function handler(context: Context<RelayEnv>, event: VoiceEvent, callback: ServerlessCallback) {
  const core: Core = require(Runtime.getFunctions()['relay/core'].path);
  return core.answerOnce(callback, Twilio.Response, (reply) => incoming(core, context, event, reply));
}

async function incoming(core: Core, context: Context<RelayEnv>, event: VoiceEvent, callback: ServerlessCallback) {
  const { audit, deadline, refusal } = core.openRequest(context, event, '/voice/incoming', Twilio.Response);
  if (refusal) return callback(null, refusal);
  const call = core.readCall(event);
  if (!core.isCallSid(call.sid)) {
    audit({ event: 'ignored', level: 'warn', reason: 'not a Twilio voice webhook: CallSid missing or malformed' });
    return callback(null, core.textResponse(Twilio.Response, 400, 'CallSid missing or malformed'));
  }
  audit({ event: 'received', inbound: call.sid, from: call.from, to: call.to });

  try {
    const config = core.readConfig(context);
    const voice = core.readVoiceConfig(context);
    if (call.accountSid !== config.accountSid) {
      audit({ event: 'rejected', level: 'error', inbound: call.sid, reason: 'AccountSid is not ACCOUNT_SID: webhook from another account' });
      return callback(null, core.rejectTwiml(Twilio.twiml.VoiceResponse));
    }
    // Issue 12 (docs/calls.md "Paging"): with neither PAGE_BY_CALL nor REQUIRE_ATTESTATION set, nothing of it runs.
    const options = core.readCallOptions(context);
    const attestation = core.checkAttestation(event, options.requireAttestation);
    const callbackLeg = options.paging && core.replyingLeg(call.from, config);
    if (callbackLeg) {
      const deps = core.twoWayDeps({ ...core.relayServices(config, deadline), audit, destinations: config }, config, options.paging!.twoWay);
      const record = deps && (await core.callbackDispatch(deps, call.sid, callbackLeg));
      if (record && !attestation.allowed) {
        audit({ event: 'rejected', inbound: call.sid, from: call.from, leg: callbackLeg, reason: `REQUIRE_ATTESTATION: ${attestation.reason}` });
        return callback(null, core.rejectTwiml(Twilio.twiml.VoiceResponse));
      }
      if (record) {
        audit({ event: 'callback', inbound: record.inboundSid, ...(record.code !== undefined && { code: record.code }), leg: callbackLeg, outbound: call.sid, to: record.sender.number });
        return callback(null, core.callbackTwiml(Twilio.twiml.VoiceResponse, { to: record.sender.number, callerId: call.to, timeoutSeconds: options.paging!.config.ringTimeoutSeconds }));
      }
    }
    const whitelist = core.whitelistFor(Runtime.getAssets(), config.defaultRegion, audit);
    const decision = core.decideInbound(call, whitelist, config);
    if (decision.kind === 'reject') {
      audit({ event: 'rejected', inbound: call.sid, from: call.from, reason: decision.reason });
      return callback(null, core.rejectTwiml(Twilio.twiml.VoiceResponse));
    }
    if (!attestation.allowed) {
      audit({ event: 'rejected', inbound: call.sid, from: call.from, reason: `REQUIRE_ATTESTATION: ${attestation.reason}` });
      return callback(null, core.rejectTwiml(Twilio.twiml.VoiceResponse));
    }
    if (decision.skippedLeg) {
      audit({ event: 'ignored', inbound: call.sid, leg: decision.skippedLeg, reason: 'loop guard: the caller is this leg\'s own phone' });
    }
    const plan = core.planDial(
      {
        leg: decision.legs[0],
        lastLeg: decision.legs.length === 1,
        caller: decision.sender.number,
        relayNumber: call.to,
        base: core.baseUrlFor(context.DOMAIN_NAME, config.publicBaseUrl),
      },
      voice,
      config,
    );
    audit({ event: 'dialing', inbound: call.sid, leg: plan.leg, to: plan.number });
    return callback(null, core.dialTwiml(Twilio.twiml.VoiceResponse, plan));
  } catch (error) {
    // Nobody is put through: the relay fails closed.
    const response = core.failureResponse(Twilio.Response, audit, error, call.sid);
    await core.alertRefusal(context, error, deadline, audit);
    return callback(null, response);
  }
}
