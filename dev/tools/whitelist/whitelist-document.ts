import { countryOf, toE164, type CountryCode } from '../../../src/core/phone';
import { nameProblem } from '../../../src/core/whitelist';

/** A refusal to edit: the message says why, and nothing has been written. */
export class WhitelistEditError extends Error {}

/** The whitelist file as JSON: a "senders" array, and whatever else the operator keeps there. */
export interface WhitelistDocument {
  senders: unknown[];
  [key: string]: unknown;
}

/** Only a file whose structure is clear is edited: anything else is the operator's to fix by hand. */
export function readDocument(text: string, path: string): WhitelistDocument {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (caught) {
    throw new WhitelistEditError(`${path} is not valid JSON (${(caught as Error).message}): fix it by hand first; nothing changed`);
  }
  if (typeof document !== 'object' || document === null || !Array.isArray((document as WhitelistDocument).senders)) {
    throw new WhitelistEditError(`${path} is not an object with a "senders" array: fix it by hand first; nothing changed`);
  }
  return document as WhitelistDocument;
}

/** `{ "number": "+16195550100", "name": "Dispatch" }` on one line, as the committed file writes entries. */
function inline(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return JSON.stringify(value);
  return `{ ${Object.entries(value).map(([key, v]) => `${JSON.stringify(key)}: ${JSON.stringify(v)}`).join(', ')} }`;
}

/** Two-space JSON with one sender per line, so a diff of the file shows exactly who changed. */
export function formatDocument(document: WhitelistDocument): string {
  const members = Object.entries(document).map(([key, value]) => {
    if (key !== 'senders') return `  ${JSON.stringify(key)}: ${JSON.stringify(value, null, 2).replace(/\n/g, '\n  ')}`;
    const entries = document.senders.map((entry) => `    ${inline(entry)}`);
    return entries.length === 0 ? '  "senders": []' : `  "senders": [\n${entries.join(',\n')}\n  ]`;
  });
  return `{\n${members.join(',\n')}\n}\n`;
}

/** What an entry says its number is: a string, or an object's "number" (the relay reads the same two forms). */
const rawNumber = (entry: unknown): unknown => (typeof entry === 'string' ? entry : (entry as { number?: unknown } | null)?.number);

/** The E.164 form of an entry's number, or undefined when the relay would skip it. */
export function entryNumber(entry: unknown, region: CountryCode): string | undefined {
  const raw = rawNumber(entry);
  return typeof raw === 'string' ? toE164(raw, region) : undefined;
}

/**
 * Where a number rings, and whether that country was only assumed: a number written without
 * +country is read as one of the region's (DEFAULT_REGION), so "1 (858) 555-0123" with DE is German.
 */
export function countryNote(number: string, regionAssumed: boolean, region: CountryCode): string {
  const country = countryOf(number) ?? 'no country';
  return regionAssumed ? `${country}, assumed from region ${region}: written without +country` : country;
}

/** The number an operator typed, in E.164, or a refusal saying how to write it. */
export function normalize(raw: string, region: CountryCode): string {
  const number = toE164(raw, region);
  if (!number) throw new WhitelistEditError(`"${raw}" is not a valid phone number (region ${region}): write it in E.164, e.g. +16195550100`);
  return number;
}

const describe = (entry: unknown, index: number) => {
  const name = (entry as { name?: unknown } | null)?.name;
  return `entry #${index}${typeof name === 'string' && name.trim() ? `, ${name.trim()}` : ''}`;
};

/** Adds a sender in E.164; refuses a number the list already has, however it is written there. */
export function addSender(document: WhitelistDocument, raw: string, region: CountryCode, name?: string): { document: WhitelistDocument; number: string } {
  const number = normalize(raw, region);
  const trimmed = name?.trim();
  if (name !== undefined && !trimmed) throw new WhitelistEditError('--name must not be empty');
  const tooLong = trimmed && nameProblem(trimmed);
  if (tooLong) throw new WhitelistEditError(`--name ${tooLong} (it heads every relayed text): nothing changed`);
  const existing = document.senders.findIndex((entry) => entryNumber(entry, region) === number);
  if (existing >= 0) throw new WhitelistEditError(`${number} is already on the whitelist (${describe(document.senders[existing], existing)}): nothing changed`);
  const entry = trimmed ? { number, name: trimmed } : number;
  return { document: { ...document, senders: [...document.senders, entry] }, number };
}

/**
 * Removes every entry for a number (or an unparseable entry written exactly so). Refuses to empty
 * the list unless `allowEmpty`: with no sender the relay fails closed and forwards nothing.
 */
export function removeSender(document: WhitelistDocument, raw: string, region: CountryCode, allowEmpty = false): { document: WhitelistDocument; removed: number; label: string } {
  const number = toE164(raw, region);
  const matches = (entry: unknown) => (number !== undefined && entryNumber(entry, region) === number) || rawNumber(entry) === raw;
  const senders = document.senders.filter((entry) => !matches(entry));
  const removed = document.senders.length - senders.length;
  const label = number ?? `"${raw}"`;
  if (removed === 0) throw new WhitelistEditError(`${label} is not on the whitelist: nothing changed`);
  if (!senders.some((entry) => entryNumber(entry, region)) && !allowEmpty) {
    throw new WhitelistEditError('this would leave no valid sender, and the relay forwards nothing with an empty whitelist: pass --force to do it anyway');
  }
  return { document: { ...document, senders }, removed, label };
}
