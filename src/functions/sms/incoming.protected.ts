import type { Context, ServerlessCallback } from '@twilio-labs/serverless-runtime-types/types';
import type { IncomingSmsEvent, RelayEnv } from '../../core';

type Core = typeof import('../relay/core.private');

/**
 * The relay number's Messaging webhook: a whitelisted sender's message goes to the primary
 * phone (to the backup at once if Twilio refuses the primary). With two-way on, a message that is
 * one of Twilio's keywords is relayed to nobody. The answer is always an empty <Response/>: the
 * sender never gets a reply.
 */
export function handler(context: Context<RelayEnv>, event: IncomingSmsEvent, callback: ServerlessCallback) {
  const core: Core = require(Runtime.getFunctions()['relay/core'].path);
  return core.answerOnce(callback, Twilio.Response, (reply) => incoming(core, context, event, reply));
}

async function incoming(core: Core, context: Context<RelayEnv>, event: IncomingSmsEvent, callback: ServerlessCallback) {
  const { audit, deadline, refusal } = core.openRequest(context, event, '/sms/incoming', Twilio.Response);
  if (refusal) return callback(null, refusal);
  const message = core.readInboundMessage(event);
  if (!core.isMessageSid(message.sid)) {
    audit({ event: 'ignored', level: 'warn', reason: 'not a Twilio message webhook: MessageSid missing or malformed' });
    return callback(null, core.textResponse(Twilio.Response, 400, 'MessageSid missing or malformed'));
  }
  const dropped = message.mediaDropped > 0 ? { mediaDropped: message.mediaDropped } : {};
  audit({ event: 'received', inbound: message.sid, from: message.from, to: message.to, media: message.mediaUrls.length, ...dropped });

  try {
    const config = core.readConfig(context);
    if (message.accountSid !== config.accountSid) {
      audit({ event: 'rejected', level: 'error', inbound: message.sid, reason: 'AccountSid is not ACCOUNT_SID: webhook from another account' });
      return callback(null, new Twilio.twiml.MessagingResponse());
    }
    // Twilio answers its keywords itself and keeps the opt-out list: passing "STOP" on would only
    // tell the primary that a dispatcher opted out of the relay number, as if it were a dispatch.
    const keyword = core.readTwoWayConfig(context).enabled ? core.keywordOf(message.text) : undefined;
    if (keyword) {
      audit({ event: 'keyword', inbound: message.sid, from: message.from, reason: `${keyword.kind} keyword: Twilio answers it itself; relayed to nobody` });
      return callback(null, new Twilio.twiml.MessagingResponse());
    }
    const whitelist = core.whitelistFor(Runtime.getAssets(), config.defaultRegion, audit);
    const decision = core.decideInbound(message, whitelist, config);
    if (decision.kind === 'reject') {
      audit({ event: 'rejected', inbound: message.sid, from: message.from, reason: decision.reason });
    } else {
      if (decision.skippedLeg) {
        audit({ event: 'ignored', inbound: message.sid, leg: decision.skippedLeg, reason: 'loop guard: the sender is this leg\'s own phone' });
      }
      await core.forwardAlongLegs(
        { ...core.relayServices(config, deadline), audit, destinations: config },
        {
          inboundSid: message.sid,
          legs: decision.legs,
          stage: 'inbound',
          content: { body: core.buildForwardBody(decision.sender, message.text, message.mediaUrls.length), mediaUrl: message.mediaUrls },
          from: message.to,
          callbackBase: core.baseUrlFor(context.DOMAIN_NAME, config.publicBaseUrl),
        },
      );
    }
    return callback(null, new Twilio.twiml.MessagingResponse());
  } catch (error) {
    core.auditFailure(audit, error, message.sid);
    // A 500 shows up in Twilio's Debugger as error 11200 and hands the message to the number's fallback URL.
    return callback(null, core.textResponse(Twilio.Response, 500, 'relay error: see the audit log'));
  }
}
