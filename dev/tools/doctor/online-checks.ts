import type { RelayConfig } from '../../../src/core/config';
import { createRestClient } from '../../../src/core/twilio/client';
import { error, ok, warn, type Finding } from '../findings';
import { findIncomingNumber } from '../incoming-numbers';
import { maskSid } from '../mask';
import { callFailure, describeFailure, isAuthFailure } from '../twilio-error';

/**
 * Asks Twilio, through the relay's own REST client (API key, TWILIO_API_BASE_URL honoured), whether
 * the API key authenticates for ACCOUNT_SID and whether the relay number belongs to the account.
 * One list request answers both: it needs a valid key, and returns the number if the account has it.
 */
export async function onlineFindings(config: RelayConfig, relayNumber?: string): Promise<Finding[]> {
  const client = createRestClient(config);
  const who = `API key ${maskSid(config.apiKey)} for account ${maskSid(config.accountSid)}`;
  try {
    if (!relayNumber) {
      await client.incomingPhoneNumbers.list({ limit: 1 });
      return [ok(`Twilio accepts the ${who}`), warn('the relay number was not checked: pass --number <E.164> with --online')];
    }
    const number = await findIncomingNumber(client, relayNumber);
    return [
      ok(`Twilio accepts the ${who}`),
      number
        ? ok(`relay number ${relayNumber} belongs to the account (${number.sid}); its SmsUrl is ${number.smsUrl || '(none)'}`)
        : error(`relay number ${relayNumber} is not a number of account ${maskSid(config.accountSid)}: check the number, or ACCOUNT_SID`),
    ];
  } catch (caught) {
    const failure = callFailure(caught);
    return [
      isAuthFailure(failure)
        ? error(`Twilio refused the ${who} (${describeFailure(failure)}): check that the key exists, is not revoked, belongs to this account, and that TWILIO_API_SECRET is its secret`)
        : error(`online check failed: ${describeFailure(failure)}`),
    ];
  }
}
