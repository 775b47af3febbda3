import { deliveryFor, type Delivery, type DeliveryScript } from './delivery-script';
import { KNOWN_ERRORS, twilioError } from './errors';
import { createMessage, mediaListJson, messageJson, type StoredMessage } from './messages';
import { messagePageJson } from './message-list';
import type { Route } from './routes';

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages(?:\/((?:SM|MM)[0-9a-f]{32}))?(\/Media)?\.json$/;

export interface MessageState {
  messages: Map<string, StoredMessage>;
  script: DeliveryScript;
  defaultDelivery: Delivery;
  /** Called after a message was created, to play its delivery. */
  created(message: StoredMessage, delivery: Delivery): void;
}

/** Messages: create, list (filtered, paged), fetch, list media. */
export function messageRoutes(state: MessageState): Route {
  return (request, accountSid) => {
    const match = MESSAGES_PATH.exec(request.path);
    if (!match) return undefined;
    const [, pathAccount, sid, media] = match;
    if (pathAccount !== accountSid) return { status: 404, body: twilioError(404, 20404, KNOWN_ERRORS[20404]) };

    if (request.method === 'POST' && !sid) {
      const message = createMessage(accountSid, request.params);
      const delivery = deliveryFor(state.script, message.to, state.defaultDelivery);
      if (delivery.outcome === 'refuse') return { status: delivery.status, body: twilioError(delivery.status, delivery.code, KNOWN_ERRORS[delivery.code] ?? `Error ${delivery.code}`) };
      state.messages.set(message.sid, message);
      state.created(message, delivery);
      return { status: 201, body: messageJson(message) };
    }
    if (request.method === 'GET' && !sid) return { status: 200, body: messagePageJson(accountSid, state.messages.values(), request.params) };
    const message = sid ? state.messages.get(sid) : undefined;
    if (request.method === 'GET' && message) return { status: 200, body: media ? mediaListJson(message) : messageJson(message) };
    return { status: 404, body: twilioError(404, 20404, KNOWN_ERRORS[20404]) };
  };
}
