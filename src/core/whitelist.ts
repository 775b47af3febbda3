import { maskNumber, toE164, type CountryCode } from './phone';

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

export interface Whitelist {
  senders: ReadonlyMap<string, Sender>;
  skipped: readonly SkippedEntry[];
}

/** The whitelist cannot be used at all: the relay must forward nothing (fail closed). */
export class WhitelistError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WhitelistError';
  }
}

function readEntry(entry: unknown, defaultRegion: CountryCode): Sender | string {
  const raw = typeof entry === 'string' ? entry : (entry as { number?: unknown } | null)?.number;
  const name = typeof entry === 'object' && entry !== null ? (entry as { name?: unknown }).name : undefined;
  if (typeof raw !== 'string') return 'not a phone number string or an object with a "number" string';
  if (name !== undefined && typeof name !== 'string') return `"name" of ${maskNumber(raw)} is not a string`;
  const number = toE164(raw, defaultRegion);
  if (!number) return `${maskNumber(raw)} is not a valid phone number for region ${defaultRegion}`;
  const trimmedName = name?.trim();
  return trimmedName ? { number, name: trimmedName } : { number };
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
  const skipped: SkippedEntry[] = [];
  list.forEach((entry, index) => {
    const sender = readEntry(entry, defaultRegion);
    if (typeof sender === 'string') {
      skipped.push({ index, reason: sender });
    } else if (senders.has(sender.number)) {
      skipped.push({ index, reason: `${maskNumber(sender.number)} is listed more than once; the first entry is used` });
    } else {
      senders.set(sender.number, sender);
    }
  });

  if (senders.size === 0) {
    const why = skipped.length > 0 ? `; skipped: ${skipped.map((s) => `#${s.index} ${s.reason}`).join(', ')}` : '';
    throw new WhitelistError(`whitelist has no usable sender${why}`);
  }
  return { senders, skipped };
}
