import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export type { CountryCode };

// Anything with letters or a channel prefix ("whatsapp:+1…", an alphanumeric sender ID)
// is not a phone number this relay can text back, whatever libphonenumber would make of the digits.
const DIALABLE_CHARACTERS = /^[+\d\s().\-]+$/;

/** E.164 form of a phone number written in any common format, or undefined when it is not a valid number. */
export function toE164(raw: string, defaultRegion: CountryCode): string | undefined {
  const text = raw.trim();
  if (!DIALABLE_CHARACTERS.test(text)) return undefined;
  const parsed = parsePhoneNumberFromString(text, defaultRegion);
  return parsed && parsed.isValid() ? parsed.number : undefined;
}

export function isRegion(value: string): value is CountryCode {
  return isSupportedCountry(value);
}

/** The last four digits only: enough to tell numbers apart in a log, not enough to identify anyone. */
export function maskNumber(value: string): string {
  const digits = value.replace(/\D/g, '');
  return digits.length <= 4 ? '***' : `***${digits.slice(-4)}`;
}

// Not inside a word: the digits of a SID such as SM0000…b are not a phone number.
const NUMBER_IN_TEXT = /(?<![A-Za-z0-9])\+?\d[\d\s().\-]{5,}\d(?![A-Za-z0-9])/g;

/** Masks every phone-number-like run in free text (Twilio error messages quote the numbers they reject). */
export function maskNumbersIn(text: string): string {
  return text.replace(NUMBER_IN_TEXT, (match) => maskNumber(match));
}
