import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { FAKE, inboundSms } from '../fixtures';

export type ScenarioId = 'floor' | 'authorized' | 'rejected' | 'template';

export interface Scenario {
  id: ScenarioId;
  /** The letter the issue uses: (a)…(d). */
  letter: string;
  label: string;
  path: string;
  from: string;
  /** Whether each request should make exactly one Messages.create on the emulator. */
  restCall: boolean;
  /** What a correct answer's body looks like. */
  expectBody: RegExp;
}

const TEXT = 'Structure fire, 4th and Elm';
const EMPTY_RESPONSE = /^(<\?xml[^>]*\?>)?<Response\s*\/>$/;

export const SCENARIOS: readonly Scenario[] = [
  { id: 'floor', letter: 'a', label: 'floor: empty MessagingResponse', path: '/floor', from: FAKE.dispatcher.number, restCall: false, expectBody: EMPTY_RESPONSE },
  { id: 'authorized', letter: 'b', label: 'relay, authorized sender (+ REST call)', path: '/sms/incoming', from: FAKE.dispatcher.number, restCall: true, expectBody: EMPTY_RESPONSE },
  { id: 'rejected', letter: 'c', label: 'relay, rejected sender', path: '/sms/incoming', from: FAKE.stranger, restCall: false, expectBody: EMPTY_RESPONSE },
  {
    id: 'template',
    letter: 'd',
    label: 'forward-message template (TwiML only)',
    path: '/forward-template',
    from: FAKE.dispatcher.number,
    restCall: false,
    expectBody: new RegExp(`<Message to="\\${FAKE.primaryNumber}">From \\${FAKE.dispatcher.number}: ${TEXT}</Message>`),
  },
];

/** One signed webhook request, sent unchanged every time (the relay does not deduplicate MessageSids). */
export interface SignedRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

/**
 * The inbound-SMS webhook Twilio would POST for this scenario, signed once with the Auth Token
 * over the exact URL it is sent to (the functions check X-Twilio-Signature on local runs).
 */
export function signedRequest(baseUrl: string, scenario: Scenario): SignedRequest {
  const url = `${baseUrl}${scenario.path}`;
  const params = inboundSms(scenario.from, TEXT);
  return {
    url,
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'TwilioProxy/1.1',
      'x-twilio-signature': getExpectedTwilioSignature(FAKE.authToken, url, params),
    },
    body: new URLSearchParams(params).toString(),
  };
}
