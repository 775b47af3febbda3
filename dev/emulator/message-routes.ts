import { deliveryFor, type Delivery, type DeliveryScript } from './delivery-script';
import { KNOWN_ERRORS, twilioError } from './errors';
import { createMessage, mediaListJson, messageJson, setStatus, type StoredMessage } from './messages';
import { messagePageJson } from './message-list';
import type { Reply, Route } from './routes';
import { cancelRefusal, scheduleRefusal, type ScheduleRefusal } from './scheduling';

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages(?:\/((?:SM|MM)[0-9a-f]{32}))?(\/Media)?\.json$/;

export interface MessageState {
  messages: Map<string, StoredMessage>;
  script: DeliveryScript;
  defaultDelivery: Delivery;
  /** The emulator's clock (epoch ms): SendAt is checked against it. */
  now(): number;
  /** Called after a message was created to be sent now, to play its delivery. */
  created(message: StoredMessage, delivery: Delivery): void;
  /** Called after the relay changed a message's status (a cancel), to POST Twilio's callback for it. */
  changed(message: StoredMessage): void;
}

const refused = (r: ScheduleRefusal): Reply => ({ status: r.status, body: twilioError(r.status, r.code, r.message) });

/** Messages: create (now or scheduled), cancel a scheduled one, list (filtered, paged), fetch, list media. */
export function messageRoutes(state: MessageState): Route {
  return (request, accountSid) => {
    const match = MESSAGES_PATH.exec(request.path);
    if (!match) return undefined;
    const [, pathAccount, sid, media] = match;
    if (pathAccount !== accountSid) return { status: 404, body: twilioError(404, 20404, KNOWN_ERRORS[20404]) };

    if (request.method === 'POST' && !sid) {
      const scheduling = scheduleRefusal(request.params, state.now());
      if (scheduling) return refused(scheduling);
      const message = createMessage(accountSid, request.params);
      // A scheduled message meets the carrier (and the script) only at SendAt: see Emulator.advance.
      if (message.status === 'scheduled') {
        state.messages.set(message.sid, message);
        return { status: 201, body: messageJson(message) };
      }
      const delivery = deliveryFor(state.script, message.to, state.defaultDelivery);
      if (delivery.outcome === 'refuse') return { status: delivery.status, body: twilioError(delivery.status, delivery.code, KNOWN_ERRORS[delivery.code] ?? `Error ${delivery.code}`) };
      state.messages.set(message.sid, message);
      state.created(message, delivery);
      return { status: 201, body: messageJson(message) };
    }
    if (request.method === 'GET' && !sid) return { status: 200, body: messagePageJson(accountSid, state.messages.values(), request.params) };
    const message = sid ? state.messages.get(sid) : undefined;
    // https://www.twilio.com/docs/messaging/features/message-scheduling: cancel = update with Status=canceled.
    if (request.method === 'POST' && message && !media && request.params.Status === 'canceled') {
      const refusal = cancelRefusal(message);
      if (refusal) return refused(refusal);
      setStatus(message, 'canceled');
      state.changed(message);
      return { status: 200, body: messageJson(message) };
    }
    if (request.method === 'GET' && message) return { status: 200, body: media ? mediaListJson(message) : messageJson(message) };
    return { status: 404, body: twilioError(404, 20404, KNOWN_ERRORS[20404]) };
  };
}
