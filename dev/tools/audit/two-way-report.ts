import { isUnacknowledged, type Chain } from './chains';
import { ERROR_HINTS } from './error-codes';
import { formatSeconds } from './two-way-facts';

/** "#7" or "" : how the report writes a dispatch's code, as the phones see it. */
export const codeTag = (chain: Chain) => (chain.code === undefined ? '' : ` #${chain.code}`);

/** "acknowledged by primary after 45 s", or "not acknowledged". */
export function ackText(chain: Chain): string {
  const ack = chain.acknowledged;
  if (!ack) return 'not acknowledged';
  return `acknowledged by ${ack.leg}${ack.seconds === undefined ? '' : ` after ${formatSeconds(ack.seconds)}`}`;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
};

/** Escalation: ", escalated at 12:15:00Z" or ", not escalated"; nothing for a dispatch without scheduled copies. */
export function escalationText(chain: Chain): string {
  if (!chain.escalation) return '';
  return chain.escalation.escalatedAt ? `, escalated at ${chain.escalation.escalatedAt.slice(11, 19)}Z` : ', not escalated';
}

/** Paging: ", paged primary, backup (primary escalated), acknowledged by call"; nothing for a dispatch nobody was called about. */
export function pagingText(chain: Chain): string {
  const paging = chain.paging;
  if (!paging) return '';
  const escalated = paging.escalated.length ? ` (${paging.escalated.join(', ')} escalated)` : '';
  return `, paged ${paging.paged.join(', ')}${escalated}${paging.byCall ? ', acknowledged by call' : ''}`;
}

/** With escalation on: how many dispatches escalated, and who acknowledged them (the primary, the backup, nobody). */
function escalationSummary(coded: Chain[]): string[] {
  const escalating = coded.filter((chain) => chain.escalation);
  if (escalating.length === 0) return [];
  const by = (leg?: string) => escalating.filter((chain) => chain.acknowledged?.leg === leg).length;
  const escalated = escalating.filter((chain) => chain.escalation?.escalatedAt).length;
  return [`Escalation: ${escalated} of ${escalating.length} escalated to the backup; acknowledged by the primary ${by('primary')}, by the backup ${by('backup')}, by nobody ${by(undefined)}`];
}

/** One line per dispatch with a code: its outcome and who took it after how long; then the summary. */
export function dispatchTable(chains: Chain[]): string[] {
  const coded = chains.filter((chain) => chain.kind === 'message' && chain.code !== undefined);
  if (coded.length === 0) return [];
  const acked = coded.filter((chain) => chain.acknowledged);
  const seconds = acked.flatMap((chain) => (chain.acknowledged?.seconds === undefined ? [] : [chain.acknowledged.seconds]));
  const byLeg = (leg: string) => acked.filter((chain) => chain.acknowledged?.leg === leg).length;
  const summary = `${acked.length} of ${coded.length} acknowledged (primary ${byLeg('primary')}, backup ${byLeg('backup')})${seconds.length ? `, median ${formatSeconds(median(seconds))}, longest ${formatSeconds(Math.max(...seconds))}` : ''}`;
  return [
    '',
    `Dispatches (two-way): ${summary}`,
    ...escalationSummary(coded),
    ...coded.map((chain) => `  ${`#${chain.code}`.padEnd(5)} ${chain.inbound}  ${chain.outcome.padEnd(19)} ${ackText(chain)}${escalationText(chain)}${pagingText(chain)}`),
  ];
}

/** Dispatches still open that nobody acknowledged: someone should call the phones. */
export function unacknowledgedBlock(chains: Chain[], openSince: Date, describe: (chain: Chain) => string[]): string[] {
  const open = chains.filter((chain) => isUnacknowledged(chain, openSince));
  if (open.length === 0) return [];
  return [`Open, nobody acknowledged (${open.length}): delivered or on its way, and no phone has replied yet`, ...open.flatMap(describe)];
}

/**
 * Each phone Twilio refused to text with 21610 (its owner sent STOP to the relay number): until
 * they reply START, every dispatch to it fails over, or is exhausted when it is the backup.
 */
export function optedOutBlock(chains: Chain[]): string[] {
  // Keyed by leg (a dispatcher's phone, told of an exhausted chain, has none: by number), so the
  // lines with and without the masked number count for the same phone.
  const phones = new Map<string, { to?: string; refused: number; last: string }>();
  for (const line of chains.flatMap((chain) => chain.lines)) {
    // Twilio refuses the create at once (no message, no callback): the refusal's `send-failed` line is the one send.
    if (String(line.errorCode) !== '21610' || line.audit !== 'send-failed') continue;
    const key = line.leg ?? line.to ?? 'a phone';
    const seen = phones.get(key);
    phones.set(key, { to: seen?.to ?? line.to, refused: (seen?.refused ?? 0) + 1, last: seen && seen.last > line.ts ? seen.last : line.ts });
  }
  if (phones.size === 0) return [];
  return [
    '',
    `Phones that opted out (21610: ${ERROR_HINTS['21610']}):`,
    ...[...phones].map(([key, { to, refused, last }]) => `  ${to && to !== key ? `${key} ${to}` : key}: ${refused} send${refused === 1 ? '' : 's'} refused, last ${last}. What to do: from that phone, text START to the relay number`),
  ];
}
