import { NOT_DELIVERED, OUTCOMES, type Chain, type Outcome } from './chains';
import { withHint } from './error-codes';
import type { AuditLine } from './read-lines';

const MEANING: Record<Outcome, string> = {
  delivered: 'a phone confirmed delivery',
  exhausted: 'NOBODY received it: primary and backup both failed',
  'failed-over-pending': 'the primary (or the main path) failed; the backup has not confirmed delivery (yet)',
  pending: 'sent to the primary; delivery not confirmed (yet)',
  'not-forwarded': 'received, and nothing was sent',
  rejected: 'sender not on the whitelist: not relayed, by design',
};

/** One timeline entry: what happened, on which leg, with which status and error. */
export function describeLine(line: AuditLine): string {
  const parts = [
    line.leg,
    line.from && `from ${line.from}`,
    line.to && `to ${line.to}`,
    line.media ? `${line.media} media` : undefined,
    line.status && `status ${line.status}`,
    line.errorCode && `error ${withHint(line.errorCode)}`,
    // The primary's code was explained on the line where it happened.
    line.primaryErrorCode && `primary error ${line.primaryErrorCode}`,
    line.outbound && `sms ${line.outbound}`,
    line.attempts && line.attempts > 1 ? `after ${line.attempts} attempts` : undefined,
    line.reason,
  ];
  return `${line.ts}  ${line.audit.padEnd(11)} ${parts.filter(Boolean).join(', ')}`.trimEnd();
}

export function chainBlock(chain: Chain): string[] {
  return [`${chain.inbound}  ${chain.outcome}: ${MEANING[chain.outcome]}`, ...chain.lines.map((line) => `    ${describeLine(line)}`)];
}

function countBlock(chains: Chain[]): string[] {
  const count = (outcome: Outcome) => chains.filter((c) => c.outcome === outcome).length;
  const byBackup = chains.filter((c) => c.outcome === 'delivered' && c.deliveredBy === 'backup').length;
  return [
    `Messages: ${chains.length}`,
    ...OUTCOMES.map((outcome) => {
      const note = outcome === 'delivered' && byBackup > 0 ? `   (${byBackup} by the backup phone, after a failover)` : '';
      return `  ${outcome.padEnd(20)} ${String(count(outcome)).padStart(4)}${note}`;
    }),
  ];
}

function looseBlock(loose: AuditLine[]): string[] {
  if (loose.length === 0) return [];
  const counts = new Map<string, number>();
  for (const line of loose) counts.set(line.audit, (counts.get(line.audit) ?? 0) + 1);
  const errors = loose.filter((line) => line.level === 'error');
  return [
    '',
    `Events about no particular message: ${[...counts].map(([event, n]) => `${event} ${n}`).join(', ')}`,
    ...errors.map((line) => `    ${describeLine(line)}`),
  ];
}

/** The report: counts per outcome, then every message that did not end in `delivered`, with its timeline. */
export function formatReport(chains: Chain[], loose: AuditLine[], failuresOnly = false): string[] {
  const failing = chains.filter((chain) => NOT_DELIVERED.includes(chain.outcome));
  const failures = failing.length === 0 ? ['Every message was delivered or rejected by design.'] : [`Not delivered (${failing.length}):`, ...failing.flatMap(chainBlock)];
  return failuresOnly ? failures : [...countBlock(chains), '', ...failures, ...looseBlock(loose)];
}
