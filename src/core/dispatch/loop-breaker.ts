/**
 * Keeps two auto-responders (a dispatcher's phone and a relay phone that both answer every text)
 * from ping-ponging through the relay forever, at one paid message per turn.
 *
 * What marks a loop is alternation at machine pace: dispatcher → phone, phone → dispatcher,
 * again and again, each message following the other side's within TURN_SECONDS. A burst from one
 * dispatcher (the load test's 500 different texts) goes one way only, so it never builds a run.
 *
 * What is held back is a reply, never a dispatch: withholding the phone's reply is enough to
 * break the loop (the dispatcher's auto-responder gets nothing to answer), and a dispatch is
 * the one thing the relay must never drop. So in a loop started by a dispatch, the relay passes
 * 3 auto-answers each way (the dispatch, 3 replies, 3 auto-answered dispatches), holds the 4th
 * reply and every reply of the pair for PAUSE_MINUTES; dispatches keep flowing. GoAlert caps its
 * own automatic answers the same way (notification/twilio/replylimit.go: 5 per number, reset by a
 * real notification); here a timed pause replaces the reset, since the relay cannot tell a robot's
 * message from a person's.
 *
 * The price: a person who answers the same dispatcher within a minute each time, 4 times in a row,
 * has the 4th answer held back. The handler then tells that phone once (loopStarted).
 *
 * Pure: the state of one pair (a dispatcher and a phone) in, the decision and the new state out.
 * The same state object comes back when nothing changed. The handler stores the state when a
 * reply is decided, replaying the pair's dispatches first (decideReply).
 */
export type Direction = 'to-phone' | 'to-dispatcher';

export interface LoopState {
  /** The run of alternating messages so far: how many replies it holds and when its last message passed. */
  run?: { last: Direction; at: string; replies: number };
  /** Replies of the pair are held back until then (ISO 8601). */
  pausedUntil?: string;
  /** The forwardedAt of the newest dispatch already applied (see decideReply). */
  lastDispatch?: string;
}

export const NO_LOOP: LoopState = {};
/** At most this many replies pass in one alternating run. */
export const MAX_RELAYED_EACH_WAY = 3;
/** Auto-responders answer within seconds, carriers add a few more; a person reading and typing usually takes longer. */
export const TURN_SECONDS = 60;
export const PAUSE_MINUTES = 10;

export interface LoopDecision {
  relay: boolean;
  state: LoopState;
  /** This message started the pause: audit loop-suppressed with the run, and tell the phone once. */
  loopStarted: boolean;
}

export function checkLoop(state: LoopState, direction: Direction, now: Date): LoopDecision {
  const at = now.toISOString();
  const paused = state.pausedUntil !== undefined && now.getTime() < Date.parse(state.pausedUntil);
  if (paused) return { relay: direction === 'to-phone', state, loopStarted: false };

  const run = state.run;
  const continues = run !== undefined && run.last !== direction && now.getTime() - Date.parse(run.at) <= TURN_SECONDS * 1000;
  if (direction === 'to-phone') {
    // A second dispatch in a row starts no new turn: keep the run (and skip the write) as it is.
    if (run?.last === direction) return { relay: true, state, loopStarted: false };
    return { relay: true, state: { run: { last: direction, at, replies: continues ? run.replies : 0 } }, loopStarted: false };
  }

  const replies = continues ? run.replies : 0;
  if (replies >= MAX_RELAYED_EACH_WAY) {
    const pausedUntil = new Date(now.getTime() + PAUSE_MINUTES * 60_000).toISOString();
    return { relay: false, state: { pausedUntil }, loopStarted: true };
  }
  return { relay: true, state: { run: { last: direction, at, replies: replies + 1 } }, loopStarted: false };
}

/**
 * A reply's decision, once the pair's dispatches the state has not seen yet ("to-phone", at their
 * forwardedAt) are applied in order. The handler passes the pair's open records that reached the
 * phone: a dispatch then costs the loop breaker no Sync call at all (a burst of 500 would
 * otherwise read the pair's item 500 times), and the state is written only when a reply comes.
 * `lastDispatch` in the state says which dispatches it has seen.
 */
export function decideReply(state: LoopState, forwardedAt: readonly Date[], now: Date): LoopDecision {
  const seen = state.lastDispatch === undefined ? -Infinity : Date.parse(state.lastDispatch);
  const unseen = forwardedAt.filter((at) => at.getTime() > seen).sort((a, b) => a.getTime() - b.getTime());
  const caught = unseen.reduce((current, at) => checkLoop(current, 'to-phone', at).state, state);
  const decision = checkLoop(caught, 'to-dispatcher', now);
  const lastDispatch = unseen.length > 0 ? unseen[unseen.length - 1].toISOString() : state.lastDispatch;
  return { ...decision, state: { ...decision.state, ...(lastDispatch !== undefined && { lastDispatch }) } };
}
