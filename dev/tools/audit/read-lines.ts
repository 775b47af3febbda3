import type { AuditRecord } from '../../../src/core/twilio/audit';

/**
 * One audit line as src/core/twilio/audit.ts formatAuditLine writes it (numbers already masked): the
 * record's fields, with `audit` for the event. Event, level and leg are plain strings here: a log
 * may hold events of a newer relay than this reader.
 */
export type AuditLine = Omit<AuditRecord, 'event' | 'level' | 'leg'> & {
  ts: string;
  audit: string;
  level?: string;
  leg?: string;
  /** "twilio": rebuilt by --from-twilio from Twilio's Message records (twilio-match.ts), not read from a log. */
  source?: 'twilio';
};

/** Whether a chain's lines hold this event: the question every outcome rule asks. */
export const hasEvent = (lines: AuditLine[], event: string) => lines.some((line) => line.audit === event);

export interface ReadResult {
  lines: AuditLine[];
  /** 1-based numbers of the lines that are not JSON at all. */
  unreadable: number[];
  /** JSON lines that are not audit lines (other log output). */
  foreign: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // `twilio serverless:logs` without --output-format=json prints "[INFO][<date>]: <message>".
    const start = text.indexOf('{');
    if (start <= 0) return undefined;
    try {
      return JSON.parse(text.slice(start));
    } catch {
      return undefined;
    }
  }
}

function asAuditLine(value: unknown, fallbackTs?: unknown): AuditLine | undefined {
  if (!isObject(value) || typeof value.audit !== 'string') return undefined;
  const ts = typeof value.ts === 'string' ? value.ts : fallbackTs;
  if (typeof ts !== 'string' || Number.isNaN(Date.parse(ts))) return undefined;
  return { ...(value as Partial<AuditLine>), audit: value.audit, ts };
}

/**
 * Reads the relay's audit trail from either source an operator has:
 *  - AUDIT_LOG_FILE: one audit object per line;
 *  - Twilio's function logs saved with `twilio serverless:logs --output-format=json`: one Log
 *    resource per line, its `message` holding our line (twilio-run prints each log as
 *    JSON.stringify(log): printLog in serverless-toolkit's packages/twilio-run/src/printers/logs.ts;
 *    fields as LogApiResource in @twilio-labs/serverless-api: message, level, date_created…).
 *  - the same Log resources as one JSON array, as the Twilio CLI prints any list with `-o json`
 *    (twilio api:serverless:v1:services:environments:logs:list … -o json: camelCase dateCreated).
 * Anything else is counted, not fatal: the logs also hold other output.
 */
export function parseAuditText(text: string): ReadResult {
  const result: ReadResult = { lines: [], unreadable: [], foreign: 0 };
  const take = (value: unknown) => {
    const log = isObject(value) && typeof value.message === 'string' ? value : undefined;
    const own = asAuditLine(value) ?? (log && asAuditLine(parseJson(log.message as string), log.date_created ?? log.dateCreated));
    if (own) result.lines.push(own);
    else result.foreign += 1;
  };
  const whole = text.trimStart().startsWith('[') ? parseJson(text) : undefined;
  if (Array.isArray(whole)) {
    whole.forEach(take);
    return result;
  }
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const value = parseJson(line);
    if (value === undefined) result.unreadable.push(index + 1);
    else take(value);
  });
  return result;
}
