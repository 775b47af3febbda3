import { createHash } from 'node:crypto';

/**
 * Keeps two auto-responders (a dispatcher's phone and a relay phone that both answer every text)
 * from ping-ponging through the relay forever, at one paid message per turn.
 *
 * A loop is alternation, dispatcher → phone → dispatcher …, where the phone's replies show a
 * machine: each comes within FAST_TURN_SECONDS of the dispatch it answers, or repeats the text of
 * the phone's previous reply in the run (compared by a hash, replyHash: the text itself is never
 * stored nor logged). A dispatch continues the run when it follows the reply within TURN_SECONDS.
 * A person answering in 45 s with their own words starts no run; a burst from one dispatcher (the
 * load test's 500 different texts) goes one way only, so it never builds one either.
 *
 * What is held back is a reply, never a dispatch: withholding the phone's reply is enough to
 * break the loop (the dispatcher's auto-responder gets nothing to answer), and a dispatch is
 * the one thing the relay must never drop. So in a loop started by a dispatch, the relay passes
 * 3 auto-answers each way (the dispatch, 3 replies, 3 auto-answered dispatches), holds the 4th
 * reply and every reply of the pair for PAUSE_MINUTES; dispatches keep flowing. GoAlert caps its
 * own automatic answers the same way (notification/twilio/replylimit.go: 5 per number, reset by a
 * real notification); here a timed pause replaces the reset.
 *
 * A reply that starts with an explicit code ("#7 on my way") is a person's choice of dispatch: it
 * is never held, and does not start a pause. When a pause starts (loopStarted), the handler tells
 * the phone once that its replies are held for a while.
 *
 * Pure: the state of one pair (a dispatcher and a phone) in, the decision and the new state out.
 * The same state object comes back when nothing changed. The handler stores the state when a
 * reply is decided, replaying the pair's dispatches first (decideReply).
 */
export type Direction = 'to-phone' | 'to-dispatcher';

export interface LoopState {
  /** The run of alternating messages so far: how many replies it holds and when its last message passed. */
  run?: { last: Direction; at: string; replies: number; hash?: string };
  /** Replies of the pair are held back until then (ISO 8601). */
  pausedUntil?: string;
  /** The forwardedAt of the newest dispatch already applied (see decideReply). */
  lastDispatch?: string;
}

export const NO_LOOP: LoopState = {};
/** At most this many replies pass in one alternating run. */
export const MAX_RELAYED_EACH_WAY = 3;
/** A dispatch this soon after the phone's reply continues a run. */
export const TURN_SECONDS = 60;
/** Auto-responders answer within seconds, carriers add a few more; a person reading and typing takes longer. */
export const FAST_TURN_SECONDS = 15;
export const PAUSE_MINUTES = 10;

export interface LoopDecision {
  relay: boolean;
  state: LoopState;
  /** This reply started the pause: the handler tells the phone once. */
  loopStarted: boolean;
}

/** What the loop breaker knows of a reply: a hash of its text, and whether it named its dispatch's code. */
export interface ReplyMark {
  hash?: string;
  explicit?: boolean;
}

/** A short hash of a reply's text (case and spacing ignored), to see a repeated text without keeping it. */
export const replyHash = (text: string): string => createHash('sha256').update(text.trim().replace(/\s+/g, ' ').toLowerCase()).digest('hex').slice(0, 16);

export function checkLoop(state: LoopState, direction: Direction, now: Date, reply: ReplyMark = {}): LoopDecision {
  const at = now.toISOString();
  const paused = state.pausedUntil !== undefined && now.getTime() < Date.parse(state.pausedUntil);
  if (paused) return { relay: direction === 'to-phone' || reply.explicit === true, state, loopStarted: false };

  const run = state.run;
  const gap = run === undefined ? Infinity : now.getTime() - Date.parse(run.at);
  const alternates = run !== undefined && run.last !== direction && gap <= TURN_SECONDS * 1000;
  if (direction === 'to-phone') {
    // A second dispatch in a row starts no new turn: keep the run (and skip the write) as it is.
    if (run?.last === direction) return { relay: true, state, loopStarted: false };
    const kept = alternates ? { replies: run.replies, ...(run.hash !== undefined && { hash: run.hash }) } : { replies: 0 };
    return { relay: true, state: { run: { last: direction, at, ...kept } }, loopStarted: false };
  }

  const machine = gap <= FAST_TURN_SECONDS * 1000 || (reply.hash !== undefined && reply.hash === run?.hash);
  const replies = alternates && machine ? run.replies : 0;
  const next = { run: { last: direction, at, replies: replies + 1, ...(reply.hash !== undefined && { hash: reply.hash }) } };
  if (replies < MAX_RELAYED_EACH_WAY || reply.explicit) return { relay: true, state: next, loopStarted: false };
  const pausedUntil = new Date(now.getTime() + PAUSE_MINUTES * 60_000).toISOString();
  return { relay: false, state: { pausedUntil }, loopStarted: true };
}

/**
 * A reply's decision, once the pair's dispatches the state has not seen yet ("to-phone", at their
 * forwardedAt) are applied in order. The handler passes the pair's open records that reached the
 * phone: a dispatch then costs the loop breaker no Sync call at all (a burst of 500 would
 * otherwise read the pair's item 500 times), and the state is written only when a reply comes.
 * `lastDispatch` in the state says which dispatches it has seen.
 */
export function decideReply(state: LoopState, forwardedAt: readonly Date[], now: Date, reply: ReplyMark = {}): LoopDecision {
  const seen = state.lastDispatch === undefined ? -Infinity : Date.parse(state.lastDispatch);
  const unseen = forwardedAt.filter((at) => at.getTime() > seen).sort((a, b) => a.getTime() - b.getTime());
  const caught = unseen.reduce((current, at) => checkLoop(current, 'to-phone', at).state, state);
  const decision = checkLoop(caught, 'to-dispatcher', now, reply);
  const lastDispatch = unseen.length > 0 ? unseen[unseen.length - 1].toISOString() : state.lastDispatch;
  return { ...decision, state: { ...decision.state, ...(lastDispatch !== undefined && { lastDispatch }) } };
}
