import type { Context, ServerlessCallback } from '@twilio-labs/serverless-runtime-types/types';
import type { IncomingSmsEvent, RelayEnv } from '../../core';

type Core = typeof import('../relay/core.private');

/**
 * The relay number's Messaging webhook: a whitelisted sender's message goes to the primary
 * phone (to the backup at once if Twilio refuses the primary). With two-way on (docs/two-way.md)
 * it becomes a dispatch with a code, a message from the primary or backup phone that answers an
 * open dispatch is relayed to its dispatcher (reply-flow.ts), and a message that is one of
 * Twilio's keywords is relayed to nobody. The answer is always an empty <Response/>: the sender
 * never gets a TwiML reply (the relay's own texts are sent through the REST API).
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
    const twoWay = core.readTwoWayConfig(context);
    const escalation = core.readEscalationConfig(context, twoWay);
    const keyword = twoWay.enabled ? core.keywordOf(message.text) : undefined;
    if (keyword) {
      audit({ event: 'keyword', inbound: message.sid, from: message.from, reason: `${keyword.kind} keyword: Twilio answers it itself; relayed to nobody` });
      return callback(null, new Twilio.twiml.MessagingResponse());
    }
    const whitelist = core.whitelistFor(Runtime.getAssets(), config.defaultRegion, audit);
    const decision = core.decideInbound(message, whitelist, config);
    // With two-way on, the primary's or backup's message may be a reply to an open dispatch.
    const replyLeg = twoWay.enabled ? core.replyingLeg(message.from, config) : undefined;
    // Services only for a message that may send something: a rejected stranger costs no client, no Sync.
    const deps = replyLeg || decision.kind === 'forward' ? { ...core.relayServices(config, deadline), audit, destinations: config } : undefined;
    const dispatch = deps && core.twoWayDeps(deps, config, twoWay, escalation, core.readPaging(context, twoWay));
    const handled = replyLeg && dispatch ? await core.handleReply(dispatch, message, replyLeg) : 'not-a-reply';
    if (handled === 'reply') {
      // A reply: relayed to its dispatcher, or answered (unknown code), by handleReply.
    } else if (decision.kind === 'reject' && handled === 'store-unavailable') {
      audit({ event: 'rejected', level: 'error', inbound: message.sid, from: message.from, reason: `${decision.reason}; the dispatch store could not be read, so if this was a reply to a dispatch it is lost` });
    } else if (decision.kind === 'reject') {
      audit({ event: 'rejected', inbound: message.sid, from: message.from, reason: decision.reason });
    } else {
      if (decision.skippedLeg) {
        audit({ event: 'ignored', inbound: message.sid, leg: decision.skippedLeg, reason: 'loop guard: the sender is this leg\'s own phone' });
      }
      const callbackBase = core.baseUrlFor(context.DOMAIN_NAME, config.publicBaseUrl);
      await core.relayDispatch(deps!, dispatch, { message, sender: decision.sender, legs: decision.legs, callbackBase });
    }
    return callback(null, new Twilio.twiml.MessagingResponse());
  } catch (error) {
    core.auditFailure(audit, error, message.sid);
    await core.alertRefusal(context, error, deadline, audit);
    // A 500 shows up in Twilio's Debugger as error 11200 and hands the message to the number's fallback URL.
    return callback(null, core.textResponse(Twilio.Response, 500, 'relay error: see the audit log'));
  }
}
