/**
 * Message Scheduling as Twilio documents it (https://www.twilio.com/docs/messaging/features/message-scheduling):
 * a create with ScheduleType=fixed and SendAt, through a Messaging Service, makes a Message with
 * status "scheduled" that Twilio sends by itself at SendAt; until then an update with
 * Status=canceled calls it off.
 */
import { single, type FormParams } from '../form';
import type { Delivery } from './delivery-script';
import { statusSequence } from './delivery-script';
import { SCHEDULE_MAX_AHEAD_SECONDS, SCHEDULE_MIN_AHEAD_SECONDS } from '../../src/core/twilio/schedule-window';
import { setStatus, type StoredMessage } from './messages';

/** How far ahead SendAt may be, in ms: more than the minimum, at most the maximum (schedule-window.ts cites the page). */
export const SCHEDULE_WINDOW = { minExclusiveMs: SCHEDULE_MIN_AHEAD_SECONDS * 1000, maxInclusiveMs: SCHEDULE_MAX_AHEAD_SECONDS * 1000 };

export interface ScheduleRefusal {
  status: number;
  code: number;
  message: string;
}

const refusal = (code: number, message: string): ScheduleRefusal => ({ status: 400, code, message });

/**
 * Why Twilio would refuse this create's scheduling, if it would; undefined for a create that does
 * not schedule (no ScheduleType) or schedules correctly. `now` is the emulator's clock.
 */
export function scheduleRefusal(params: FormParams, now: number): ScheduleRefusal | undefined {
  const type = single(params.ScheduleType);
  if (type === undefined) return undefined;
  // https://www.twilio.com/docs/api/errors/35126: a value other than "fixed". twilio-oai's enum
  // holds only "fixed", so the contract check refuses it first when the emulator runs with one.
  if (type !== 'fixed') return refusal(35126, 'The ScheduleType value provided is not supported for this channel');
  // https://www.twilio.com/docs/api/errors/35118. The beta FAQ (support.twilio.com 4412165297947) says
  // Twilio instead drops the scheduling and sends at once: either way never what the relay wants,
  // which is why escalation requires MESSAGING_SERVICE_SID; the emulator refuses, loudly.
  if (!single(params.MessagingServiceSid)) return refusal(35118, 'MessagingServiceSid is required to schedule a message');
  const sendAt = single(params.SendAt);
  // https://www.twilio.com/docs/api/errors/35111
  if (sendAt === undefined || sendAt.trim() === '') return refusal(35111, 'SendAt timestamp is missing');
  const at = Date.parse(sendAt);
  const ahead = at - now;
  // https://www.twilio.com/docs/api/errors/35115 (also a SendAt that is not a UTC timestamp).
  if (Number.isNaN(at) || ahead <= SCHEDULE_WINDOW.minExclusiveMs || ahead > SCHEDULE_WINDOW.maxInclusiveMs) {
    return refusal(35115, 'Scheduling does not support this timestamp');
  }
  return undefined;
}

/**
 * Twilio sends the scheduled messages whose SendAt has come, earliest first: each leaves
 * "scheduled" at once (a cancel from then on answers 30409), then `play` posts its callbacks.
 */
export function releaseDue(messages: Iterable<StoredMessage>, now: number, play: (message: StoredMessage) => void): void {
  const due = [...messages]
    .filter((m) => m.status === 'scheduled' && m.sendAt && m.sendAt.getTime() <= now)
    .sort((a, b) => a.sendAt!.getTime() - b.sendAt!.getTime());
  for (const message of due) {
    setStatus(message, 'queued');
    play(message);
  }
}

/**
 * The callbacks of a scheduled message once Twilio sends it. Leaving "scheduled" for "queued" is
 * a status change and gets a callback, the initial status does not
 * (https://www.twilio.com/docs/messaging/guides/outbound-message-status-in-status-callbacks);
 * then the carrier's, per the delivery script. A "refuse" is what would have failed the create:
 * at send time it can only be reported, as "failed" with that code.
 */
export function releaseSequence(delivery: Delivery): Array<{ status: string; errorCode?: number }> {
  if (delivery.outcome === 'silent') return [];
  if (delivery.outcome === 'refuse') return [{ status: 'queued' }, { status: 'failed', errorCode: delivery.code }];
  return [{ status: 'queued' }, ...statusSequence(delivery)];
}

/**
 * An update's Status=canceled: allowed only while the message is "scheduled"
 * (https://www.twilio.com/docs/api/errors/30409), whatever it became since (queued, sent, canceled).
 */
export function cancelRefusal(message: StoredMessage): ScheduleRefusal | undefined {
  return message.status === 'scheduled' ? undefined : refusal(30409, 'This message cannot be canceled');
}
