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
 * What counts as a phone number in free text: a run of digits grouped by spaces, dots, hyphens or
 * parentheses, after an optional "+" or "(", with 7 digits or more; letters may follow or precede
 * it ("6195550100x", "tel:…"). Not a number: a SID, and a group written like something else (an
 * IPv4 address, an ISO or dotted date, a time), which is left whole and splits the run around it.
 * Every other run of 7+ digits is masked: a log must rather lose an ID than show a number.
 * libphonenumber's findNumbers is not used: it skips invalid numbers and those letters follow.
 */
const SID = /([A-Z]{2}[0-9a-fA-F]{32})(?![0-9a-fA-F])/;
const DIGIT_RUN = /[+(]?\d(?:[ .\-():]*\d)*/g;
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const NOT_A_NUMBER = new RegExp(
  `^(?:(?:${OCTET}\\.){3}${OCTET}(?::\\d+)?|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}\\.\\d{1,2}\\.\\d{4}|\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?)$`,
);
const MIN_DIGITS = 7;

/** One run of digits: its space-separated groups that look like something else stay; the rest, joined, is a number. */
function maskRun(run: string): string {
  let out = '';
  let pending = '';
  const flush = () => {
    const [, lead, number, trail] = /^( *)(.*?)( *)$/.exec(pending)!;
    out += lead + (number.replace(/\D/g, '').length >= MIN_DIGITS ? maskNumber(number) : number) + trail;
    pending = '';
  };
  for (const part of run.split(/( +)/)) {
    if (NOT_A_NUMBER.test(part)) {
      flush();
      out += part;
    } else {
      pending += part;
    }
  }
  flush();
  return out;
}

/** Masks every phone number in free text (Twilio error messages quote the numbers they reject). */
export function maskNumbersIn(text: string): string {
  return text
    .split(SID)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(DIGIT_RUN, maskRun)))
    .join('');
}
