import { CALL_MEANING, CALL_OUTCOMES } from './call-outcomes';
import { isFailure, OUTCOMES, type Chain, type Outcome } from './chains';
import { withHint } from './error-codes';
import type { AuditLine } from './read-lines';
import { formatSeconds } from './two-way-facts';
import { ackText, codeTag, dispatchTable, optedOutBlock, unacknowledgedBlock } from './two-way-report';

const MEANING: Record<Outcome, string> = {
  ...CALL_MEANING,
  delivered: 'a phone confirmed delivery',
  exhausted: 'NOBODY received it: primary and backup both failed',
  'failed-over-pending': 'the primary (or the main path) failed; the backup has not confirmed delivery (yet)',
  'notice-only': 'the primary failed and the dispatch could not be re-read: the backup got only a notice naming its SID; look the message up in the Console and pass it on',
  pending: 'sent to the primary; delivery not confirmed (yet)',
  unknown: 'Twilio may or may not have sent it (no answer, and the lookup failed); check the Messages log in the Console',
  'not-forwarded': 'received, and nothing was sent',
  rejected: 'sender not on the whitelist: not relayed, by design',
  keyword: "one of Twilio's keywords (STOP, START, HELP…): Twilio answered it; not relayed, by design",
};

/** One timeline entry: what happened, on which leg, with which status and error. */
export function describeLine(line: AuditLine): string {
  const parts = [
    line.leg,
    line.code !== undefined && line.audit !== 'reply-unmatched' ? `#${line.code}` : undefined,
    line.notice && `${line.notice} notice`,
    line.from && `from ${line.from}`,
    line.to && `to ${line.to}`,
    line.media ? `${line.media} media` : undefined,
    line.mediaDropped ? `${line.mediaDropped} media NOT forwarded` : undefined,
    line.status && `status ${line.status}`,
    line.errorCode && `error ${withHint(line.errorCode)}`,
    // The primary's code was explained on the line where it happened.
    line.primaryErrorCode && `primary error ${line.primaryErrorCode}`,
    line.outbound && `sms ${line.outbound}`,
    line.reply && `reply ${line.reply}`,
    line.seconds !== undefined ? `after ${formatSeconds(line.seconds)}` : undefined,
    line.attempts && line.attempts > 1 ? `after ${line.attempts} attempts` : undefined,
    line.reason,
  ];
  return `${line.ts}  ${line.audit.padEnd(11)} ${parts.filter(Boolean).join(', ')}`.trimEnd();
}

export function chainBlock(chain: Chain): string[] {
  const ack = chain.code === undefined ? '' : ` (${ackText(chain)})`;
  return [`${chain.inbound}${codeTag(chain)}  ${chain.outcome}: ${MEANING[chain.outcome]}${ack}`, ...chain.lines.map((line) => `    ${describeLine(line)}`)];
}

/** `title: n`, then one count per outcome; the backup's share of the reached ones (`reached`) noted. */
function countBlock(title: string, chains: Chain[], outcomes: Outcome[], reached: Outcome): string[] {
  const count = (outcome: Outcome) => chains.filter((c) => c.outcome === outcome).length;
  const byBackup = chains.filter((c) => c.outcome === reached && c.deliveredBy === 'backup').length;
  return [
    `${title}: ${chains.length}`,
    ...outcomes.map((outcome) => {
      const note = outcome === reached && byBackup > 0 ? `   (${byBackup} by the backup phone, after a failover)` : '';
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

function unmatchedReplies(chains: Chain[]): string[] {
  const replies = chains.filter((chain) => chain.kind === 'reply').length;
  return replies === 0 ? [] : ['', `Replies that named no open dispatch: ${replies} (each phone got one short answer listing its open codes)`];
}

/**
 * The report: counts per outcome (messages, then calls when the trail has any), every dispatch's
 * code and acknowledgement (two-way), then every failure (isFailure) with its timeline: messages
 * not delivered, calls nobody took; then the dispatches first seen since `openSince` (the reply
 * window) that nobody acknowledged, and the phones that opted out.
 */
export function formatReport(chains: Chain[], loose: AuditLine[], failuresOnly = false, openSince = new Date(Date.now() - 24 * 3_600_000)): string[] {
  const messages = chains.filter((chain) => chain.kind === 'message');
  const calls = chains.filter((chain) => chain.kind === 'call');
  const failing = (of: Chain[], title: string) => {
    const failed = of.filter(isFailure);
    return failed.length === 0 ? [] : [`${title} (${failed.length}):`, ...failed.flatMap(chainBlock)];
  };
  const found = [...failing(messages, 'Not delivered'), ...failing(calls, 'Calls nobody took'), ...unacknowledgedBlock(messages, openSince, chainBlock)];
  const noneMessage = calls.length === 0 ? 'Every message was delivered or rejected by design.' : 'Every message and call reached a phone, or was rejected by design.';
  const failures = [...(found.length === 0 ? [noneMessage] : found), ...optedOutBlock(chains)];
  if (failuresOnly) return failures;
  const counts = [
    ...(messages.length > 0 || calls.length === 0 ? countBlock('Messages', messages, OUTCOMES, 'delivered') : []),
    ...(calls.length > 0 ? countBlock('Calls', calls, CALL_OUTCOMES, 'connected') : []),
  ];
  return [...counts, ...dispatchTable(messages), '', ...failures, ...unmatchedReplies(chains), ...looseBlock(loose)];
}
