import { maskNumber, toE164, type CountryCode } from './phone';
import { cutToLength } from './sms/forward-body';

export interface Sender {
  /** E.164 */
  number: string;
  name?: string;
}

export interface SkippedEntry {
  /** Position in the "senders" array, counted from 0. */
  index: number;
  reason: string;
}

/** A sender as the file lists it: where, and whether its country came from the default region. */
export interface WhitelistEntry {
  index: number;
  sender: Sender;
  /** Written without +country: read as a number of the default region (DEFAULT_REGION). */
  regionAssumed: boolean;
}

export interface Whitelist {
  senders: ReadonlyMap<string, Sender>;
  /** The senders in the file's order (duplicates left out). */
  entries: readonly WhitelistEntry[];
  skipped: readonly SkippedEntry[];
  /** Entries used, but not as written: a name cut to MAX_NAME_LENGTH. */
  cut: readonly SkippedEntry[];
}

/**
 * A name is shown in every relayed text ("From <name> (+1…): "), whose 1,600 characters it would
 * otherwise eat: 40 characters name anyone, and leave the message its room.
 */
export const MAX_NAME_LENGTH = 40;
const CUT_MARK = '…';

/** Why a name cannot be used as written, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  const length = name.trim().length;
  return length > MAX_NAME_LENGTH ? `name is ${length} characters long; at most ${MAX_NAME_LENGTH}` : undefined;
}

/** The whitelist cannot be used at all: the relay must forward nothing (fail closed). */
export class WhitelistError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WhitelistError';
  }
}

type ReadEntry = Omit<WhitelistEntry, 'index'> & { nameCut?: string };

function readEntry(entry: unknown, defaultRegion: CountryCode): ReadEntry | string {
  const raw = typeof entry === 'string' ? entry : (entry as { number?: unknown } | null)?.number;
  const name = typeof entry === 'object' && entry !== null ? (entry as { name?: unknown }).name : undefined;
  if (typeof raw !== 'string') return 'not a phone number string or an object with a "number" string';
  if (name !== undefined && typeof name !== 'string') return `"name" of ${maskNumber(raw)} is not a string`;
  const number = toE164(raw, defaultRegion);
  if (!number) return `${maskNumber(raw)} is not a valid phone number for region ${defaultRegion}`;
  const trimmedName = name?.trim();
  const regionAssumed = !raw.trim().startsWith('+');
  if (!trimmedName) return { sender: { number }, regionAssumed };
  // Cut, never refused: the sender still gets through, and the text keeps its room.
  const problem = nameProblem(trimmedName);
  const shown = problem ? cutToLength(trimmedName, MAX_NAME_LENGTH - CUT_MARK.length) + CUT_MARK : trimmedName;
  return { sender: { number, name: shown }, regionAssumed, ...(problem && { nameCut: `${problem}: the relay cuts it` }) };
}

/**
 * Parses the whitelist asset: {"senders": [{"number": "+16195550100", "name": "Dispatch"}, "+18585550123"]}.
 * Unusable entries are skipped and reported; a file that yields no sender at all is an error.
 */
export function parseWhitelist(text: string, defaultRegion: CountryCode): Whitelist {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new WhitelistError(`whitelist is not valid JSON: ${(error as Error).message}`);
  }
  const list = (document as { senders?: unknown } | null)?.senders;
  if (!Array.isArray(list)) {
    throw new WhitelistError('whitelist must be an object with a "senders" array');
  }

  const senders = new Map<string, Sender>();
  const entries: WhitelistEntry[] = [];
  const skipped: SkippedEntry[] = [];
  const cut: SkippedEntry[] = [];
  list.forEach((entry, index) => {
    const read = readEntry(entry, defaultRegion);
    if (typeof read === 'string') {
      skipped.push({ index, reason: read });
    } else if (senders.has(read.sender.number)) {
      skipped.push({ index, reason: `${maskNumber(read.sender.number)} is listed more than once; the first entry is used` });
    } else {
      senders.set(read.sender.number, read.sender);
      entries.push({ index, sender: read.sender, regionAssumed: read.regionAssumed });
      if (read.nameCut) cut.push({ index, reason: read.nameCut });
    }
  });

  if (senders.size === 0) {
    const why = skipped.length > 0 ? `; skipped: ${skipped.map((s) => `#${s.index} ${s.reason}`).join(', ')}` : '';
    throw new WhitelistError(`whitelist has no usable sender${why}`);
  }
  return { senders, entries, skipped, cut };
}
