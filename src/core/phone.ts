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

/** The country an E.164 number rings in (US, DE…), or undefined for a non-geographic one (+800…). */
export function countryOf(e164: string): CountryCode | undefined {
  return parsePhoneNumberFromString(e164)?.country;
}

export function isRegion(value: string): value is CountryCode {
  return isSupportedCountry(value);
}

/** The last four digits only: enough to tell numbers apart in a log, not enough to identify anyone. */
export function maskNumber(value: string): string {
  const digits = value.replace(/\D/g, '');
  return digits.length <= 4 ? '***' : `***${digits.slice(-4)}`;
}

/*
 * What counts as a phone number in free text: 7 or more digits, after an optional "+" or "(",
 * grouped by a space, dot, hyphen or parentheses; letters may follow or precede it ("6195550100x",
 * "tel:…"). Not a number: what is written like something else (a SID, an IPv4 address, an ISO or
 * dotted date, a time), which is left whole, and which a number never runs into. Every other run
 * of 7+ digits is masked: a log must rather lose an ID than show a number. libphonenumber's
 * findNumbers is not used: it skips what is not a valid number and what letters follow.
 */
const NOT_A_NUMBER = [
  '[A-Z]{2}[0-9a-fA-F]{32}(?![0-9a-fA-F])',
  '(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?![\\d.]\\d|\\d)',
  '\\d{4}-\\d{2}-\\d{2}(?!\\d)',
  '\\d{1,2}\\.\\d{1,2}\\.\\d{4}(?!\\d)',
  '\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?',
].join('|');
const GROUP_BREAK = '[ .\\-]?[()]?[ .\\-]?';
const NUMBER_IN_TEXT = new RegExp(`(?<![\\d.:])(?:${NOT_A_NUMBER})|\\+?\\(?\\d(?:${GROUP_BREAK}(?!${NOT_A_NUMBER})\\d)*`, 'g');
const NOT_A_NUMBER_WHOLE = new RegExp(`^(?:${NOT_A_NUMBER})$`);

/** Masks every phone number in free text (Twilio error messages quote the numbers they reject). */
export function maskNumbersIn(text: string): string {
  return text.replace(NUMBER_IN_TEXT, (match) => (NOT_A_NUMBER_WHOLE.test(match) || match.replace(/\\D/g, '').length < 7 ? match : maskNumber(match)));
}
