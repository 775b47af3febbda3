import type { RestClient } from '../../src/core/twilio/client';

export type IncomingNumber = Awaited<ReturnType<RestClient['incomingPhoneNumbers']['list']>>[number];

/**
 * The account's IncomingPhoneNumber for an E.164 number, or undefined. Twilio's PhoneNumber filter
 * also matches partial numbers, so the exact number is picked from what it returns.
 */
export async function findIncomingNumber(client: RestClient, e164: string): Promise<IncomingNumber | undefined> {
  const candidates = await client.incomingPhoneNumbers.list({ phoneNumber: e164, limit: 20 });
  return candidates.find((n) => n.phoneNumber === e164);
}
