import type { Context, ServerlessCallback } from '@twilio-labs/serverless-runtime-types/types';
import type { IncomingSmsEvent, RelayEnv } from '../../core';

type Core = typeof import('../relay/core.private');

/** Put in front of the forwarded text, so the backup phone knows the main path is broken. */
const FALLBACK_NOTE = '[relay fallback: main path failed] ';

/**
 * Degraded mode, for the number's "Primary handler fails" setting (SmsFallbackUrl): Twilio calls
 * it when /sms/incoming errored or timed out. As little as can fail: no Sync, just the whitelist
 * check and one send (retried like any other) to the backup phone, or to the primary when the
 * backup is the sender. If even that is impossible, an error line says so.
 */
export function handler(context: Context<RelayEnv>, event: IncomingSmsEvent, callback: ServerlessCallback) {
  const core: Core = require(Runtime.getFunctions()['relay/core'].path);
  return core.answerOnce(callback, Twilio.Response, (reply) => fallback(core, context, event, reply));
}

async function fallback(core: Core, context: Context<RelayEnv>, event: IncomingSmsEvent, callback: ServerlessCallback) {
  const { audit, deadline, refusal } = core.openRequest(context, event, '/sms/fallback', Twilio.Response);
  if (refusal) return callback(null, refusal);
  const message = core.readInboundMessage(event);
  const errorCode = typeof event.ErrorCode === 'string' ? event.ErrorCode : undefined;
  audit({ event: 'fallback', level: 'error', inbound: message.sid, from: message.from, errorCode, reason: 'main handler failed; degraded mode' });

  try {
    const config = core.readConfig(context);
    const whitelist = core.whitelistFor(Runtime.getAssets(), config.defaultRegion, audit);
    const decision = core.decideInbound(message, whitelist, config);
    if (message.accountSid !== config.accountSid) {
      audit({ event: 'rejected', level: 'error', inbound: message.sid, reason: 'AccountSid is not ACCOUNT_SID: webhook from another account' });
    } else if (decision.kind === 'reject') {
      audit({ event: 'rejected', inbound: message.sid, from: message.from, reason: decision.reason });
    } else {
      const leg = decision.legs.includes('backup') ? 'backup' : decision.legs[0];
      await core.forwardAlongLegs(
        { ...core.stateless(config, deadline), audit, destinations: config },
        {
          inboundSid: message.sid,
          legs: [leg],
          stage: 'failover',
          content: { body: core.buildForwardBody(decision.sender, message.text, message.mediaUrls.length, FALLBACK_NOTE), mediaUrl: message.mediaUrls },
          from: message.to,
          callbackBase: core.baseUrlFor(context.DOMAIN_NAME, config.publicBaseUrl),
        },
      );
    }
  } catch (error) {
    core.auditFailure(audit, error, message.sid);
    await core.alertRefusal(context, error, deadline, audit);
  }
  return callback(null, new Twilio.twiml.MessagingResponse());
}
