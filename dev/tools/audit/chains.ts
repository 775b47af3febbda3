import { CALL_FAILURES, callOutcomeOf, type CallOutcome } from './call-outcomes';
import { hasEvent as has, type AuditLine } from './read-lines';
import { acknowledgementOf, codeOf, escalationOf, isUnmatchedReply, pagingOf, replyOwners, type Acknowledgement, type EscalationFacts, type PagingFacts } from './two-way-facts';

/**
 * Where one inbound message ended up, from the lines that carry its SID:
 *  - delivered: a phone confirmed delivery;
 *  - exhausted: primary and backup both failed, nobody got it;
 *  - rejected: the sender is not on the whitelist (or the webhook came from another account);
 *  - keyword: the whole message was one of Twilio's keywords (STOP, START, HELP…), relayed to nobody;
 *  - failed-over-pending: the primary failed (or the main handler did, and /sms/fallback sent to
 *    the backup), and the backup's delivery is not confirmed (yet);
 *  - notice-only: the primary failed and the failover could not re-read the dispatch, so the
 *    backup was sent a notice naming its SID instead (delivered or not): nobody has the text;
 *  - pending: sent to the primary, delivery not confirmed (yet);
 *  - unknown: the last send's outcome is unknown (Twilio may have created it; the lookup failed)
 *    and no callback has told more;
 *  - not-forwarded: received, and nothing was sent (an error line says why, or the function died).
 */
export type MessageOutcome = 'delivered' | 'exhausted' | 'rejected' | 'keyword' | 'notice-only' | 'failed-over-pending' | 'pending' | 'unknown' | 'not-forwarded';

export const OUTCOMES: MessageOutcome[] = ['delivered', 'exhausted', 'notice-only', 'failed-over-pending', 'pending', 'unknown', 'not-forwarded', 'rejected', 'keyword'];

/** The outcomes that answer "no" or "not yet" to "did the dispatch reach anyone?". */
export const NOT_DELIVERED: MessageOutcome[] = ['exhausted', 'notice-only', 'failed-over-pending', 'pending', 'unknown', 'not-forwarded'];

export type Outcome = MessageOutcome | CallOutcome;

export interface Chain {
  inbound: string;
  /** A call (its SID is the caller's CA…), a message, or a two-way reply that matched no open dispatch. */
  kind: 'message' | 'call' | 'reply';
  /** Oldest first. */
  lines: AuditLine[];
  outcome: Outcome;
  /** When it was first seen: the `received` line, or the oldest line the log still holds. */
  start: string;
  /** The leg that confirmed delivery, or took the call. */
  deliveredBy?: string;
  /** Two-way: the dispatch's code, and who acknowledged it after how long. */
  code?: number;
  acknowledged?: Acknowledgement;
  /** Escalation: present when the dispatch had scheduled copies. */
  escalation?: EscalationFacts;
  /** PAGE_BY_CALL: the dispatch's page calls. */
  paging?: PagingFacts;
}


/**
 * The first matching rule wins. Events that decide nothing (`duplicate`, `claim-unavailable`,
 * `pending`: sent, no receipt yet) and any this version does not know stay in the timeline only.
 */
export function outcomeOf(lines: AuditLine[]): MessageOutcome {
  // A delivered notice is not a delivered dispatch: the backup was told it exists, not what it says.
  const notice = lines.some((line) => line.content === 'notice');
  if (has(lines, 'delivered')) return notice ? 'notice-only' : 'delivered';
  if (has(lines, 'exhausted')) return 'exhausted';
  if (has(lines, 'rejected')) return 'rejected';
  if (has(lines, 'keyword')) return 'keyword';
  if (notice) return 'notice-only';
  if (has(lines, 'failover') || (has(lines, 'fallback') && has(lines, 'forwarded'))) return 'failed-over-pending';
  if (has(lines, 'forwarded')) return 'pending';
  if (has(lines, 'send-unknown')) return 'unknown';
  return 'not-forwarded';
}

/** What `--failures` reports and exits 2 for: a message not delivered (yet), a call that reached nobody. */
export const isFailure = (chain: Chain) =>
  chain.kind === 'call'
    ? CALL_FAILURES.includes(chain.outcome as CallOutcome)
    : chain.kind === 'message' && NOT_DELIVERED.includes(chain.outcome as MessageOutcome);

/**
 * Two-way: a dispatch with a code, still inside the reply window, that nobody has acknowledged (a
 * dispatch that reached nobody is already a failure of its own). `--failures` lists these too.
 */
export const isUnacknowledged = (chain: Chain, openSince: Date) =>
  chain.kind === 'message' && chain.code !== undefined && !chain.acknowledged && !isFailure(chain) && Date.parse(chain.start) >= openSince.getTime();

const byTime = (a: AuditLine, b: AuditLine) => Date.parse(a.ts) - Date.parse(b.ts);

/**
 * Groups lines by inbound SID (a message's SM…/MM…, a call's CA…); a two-way reply's own lines join
 * the dispatch it answered; lines about no message (unsigned requests, whitelist loading) stay apart.
 */
export function buildChains(lines: AuditLine[]): { chains: Chain[]; loose: AuditLine[] } {
  const groups = new Map<string, AuditLine[]>();
  const loose: AuditLine[] = [];
  const owners = replyOwners(lines);
  for (const line of lines) {
    const key = line.inbound && (owners.get(line.inbound) ?? line.inbound);
    if (!key) loose.push(line);
    else groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  const chains = [...groups].map(([inbound, group]): Chain => {
    const sorted = [...group].sort(byTime);
    const kind = inbound.startsWith('CA') ? 'call' : isUnmatchedReply(sorted) ? 'reply' : 'message';
    const delivered = sorted.find((line) => line.audit === (kind === 'call' ? 'connected' : 'delivered'));
    const outcome = kind === 'call' ? callOutcomeOf(sorted) : outcomeOf(sorted);
    const code = kind === 'message' ? codeOf(sorted) : undefined;
    const acknowledged = kind === 'message' ? acknowledgementOf(sorted) : undefined;
    const escalation = kind === 'message' ? escalationOf(sorted) : undefined;
    const paging = kind === 'message' ? pagingOf(sorted) : undefined;
    return {
      inbound, kind, lines: sorted, outcome, start: sorted[0].ts,
      ...(delivered && { deliveredBy: delivered.leg }),
      ...(code !== undefined && { code }),
      ...(acknowledged && { acknowledged }),
      ...(escalation && { escalation }),
      ...(paging && { paging }),
    };
  });
  return { chains: chains.sort((a, b) => Date.parse(a.start) - Date.parse(b.start)), loose: loose.sort(byTime) };
}
