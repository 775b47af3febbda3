import type { AuditLine } from './read-lines';

/** Who took a dispatch, and how long after its forward (the `acknowledged` line: docs/two-way.md). */
export interface Acknowledgement {
  leg: string;
  seconds?: number;
  ts: string;
}

/** The dispatch's code (#7 → 7): on its `forwarded` lines, or on any line about its replies. */
export function codeOf(lines: AuditLine[]): number | undefined {
  return lines.find((line) => typeof line.code === 'number' && line.audit !== 'reply-unmatched')?.code;
}

export function acknowledgementOf(lines: AuditLine[]): Acknowledgement | undefined {
  const line = lines.find((candidate) => candidate.audit === 'acknowledged');
  return line && { leg: line.leg ?? '?', ts: line.ts, ...(typeof line.seconds === 'number' && { seconds: line.seconds }) };
}

/** Escalation (docs/escalation.md): the dispatch had scheduled copies; when its backup's copy went out, if it did. */
export interface EscalationFacts {
  escalatedAt?: string;
}

export function escalationOf(lines: AuditLine[]): EscalationFacts | undefined {
  if (!lines.some((line) => line.audit === 'escalation-scheduled')) return undefined;
  const escalated = lines.find((line) => line.audit === 'escalated');
  return escalated ? { escalatedAt: escalated.ts } : {};
}

/** Paging (docs/calls.md "Paging"): the phones called about the dispatch, whose page escalated, and whether pressing 1 acknowledged it. */
export interface PagingFacts {
  paged: string[];
  escalated: string[];
  byCall: boolean;
}

export function pagingOf(lines: AuditLine[]): PagingFacts | undefined {
  const legsOf = (event: string) => lines.filter((line) => line.audit === event).map((line) => line.leg ?? '?');
  const paged = legsOf('paged');
  if (paged.length === 0) return undefined;
  const byCall = lines.some((line) => line.audit === 'acknowledged' && typeof line.outbound === 'string' && line.outbound.startsWith('CA'));
  return { paged, escalated: legsOf('page-escalated'), byCall };
}

/**
 * Lines about a reply carry the dispatch's SID in `inbound` and the reply's in `reply`; the reply's
 * own lines (its `received`) carry the reply's SID in `inbound`. This maps each such reply SID to
 * its dispatch, so the reply's lines join the dispatch's timeline instead of forming a chain that
 * would look like a message nobody forwarded.
 */
export function replyOwners(lines: AuditLine[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const line of lines) if (line.reply && line.inbound && line.reply !== line.inbound) owners.set(line.reply, line.inbound);
  return owners;
}

/** A reply that named no open dispatch: its lines (`reply-unmatched`, its `received`) are about no dispatch. */
export const isUnmatchedReply = (lines: AuditLine[]) => lines.some((line) => line.audit === 'reply-unmatched');

/** "2 min 5 s", "45 s", "3 h 10 min": a time to acknowledgement as a person reads it. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`;
  const minutes = Math.round((seconds % 3600) / 60);
  return `${Math.floor(seconds / 3600)} h${minutes ? ` ${minutes} min` : ''}`;
}
