import type { Leg } from '../legs';
import { maskNumber, maskNumbersIn } from '../phone';

/** "exhausted": no phone got a dispatch; "unacknowledged": nobody answered it in time; "refused": the relay cannot work; "test": doctor --test-alert. */
export type AlertKind = 'exhausted' | 'unacknowledged' | 'refused' | 'test';

/** What an alert says. Numbers are masked and the text left out (unless ALERT_INCLUDE_TEXT) by alertPayload. */
export interface AlertFacts {
  reason: string;
  inbound?: string;
  code?: number;
  /** The phone the alert is about: the chain's last for "exhausted". */
  leg?: Leg;
  errorCode?: string;
  /** Label → phone number, e.g. { sender: '+16195550100', backup: … }. */
  numbers?: Record<string, string>;
  text?: string;
}

const TITLES: Record<AlertKind, string> = {
  exhausted: 'dispatch lost: no phone got it',
  unacknowledged: 'dispatch not acknowledged in time',
  refused: 'relay refuses to work',
  test: 'test alert (npm run doctor -- --online --test-alert)',
};

/** Slack limits a section's text to 3000 characters and a field's to 2000 (https://api.slack.com/reference/block-kit/blocks#section). */
const MAX_TEXT = 2900;

interface Field {
  type: 'mrkdwn';
  text: string;
}

export interface AlertPayload {
  text: string;
  blocks: Array<{ type: 'section'; text?: Field; fields?: Field[] }>;
}

/**
 * A Slack incoming-webhook message: `text` is the whole alert in one line (Slack shows it in
 * notifications and where blocks cannot be shown), and `blocks` holds the same facts as section
 * fields (https://api.slack.com/messaging/webhooks, "text … is used as a fallback string to
 * display in notifications" when blocks are given). Any receiver that reads JSON gets `text`.
 * Numbers are masked everywhere, also in the included text (a one-way forward's text starts with
 * the sender's number).
 */
export function alertPayload(kind: AlertKind, facts: AlertFacts, includeText: boolean): AlertPayload {
  const reason = maskNumbersIn(facts.reason);
  const pairs: Array<[string, string]> = [
    ...(facts.code !== undefined ? [['Dispatch', `#${facts.code}`] as [string, string]] : []),
    ...(facts.inbound ? [['Inbound', facts.inbound] as [string, string]] : []),
    ...Object.entries(facts.numbers ?? {}).map(([label, number]): [string, string] => [label[0].toUpperCase() + label.slice(1), maskNumber(number)]),
    ...(facts.leg ? [['Phone', facts.leg] as [string, string]] : []),
    ...(facts.errorCode ? [['Error', facts.errorCode] as [string, string]] : []),
  ];
  const summary = pairs.map(([label, value]) => `${label.toLowerCase()} ${value}`).join(', ');
  const title = `sms-relay: ${TITLES[kind]}`;
  const text = `${title}: ${reason}${summary ? ` (${summary})` : ''}`;
  const blocks: AlertPayload['blocks'] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${title}*\n${reason}` } },
    ...(pairs.length > 0 ? [{ type: 'section' as const, fields: pairs.slice(0, 10).map(([label, value]): Field => ({ type: 'mrkdwn', text: `*${label}*\n${value}` })) }] : []),
    ...(includeText && facts.text ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: `*Message*\n${maskNumbersIn(facts.text).slice(0, MAX_TEXT)}` } }] : []),
  ];
  return { text, blocks };
}
