import { checkLoop, decideReply, NO_LOOP, PAUSE_MINUTES, replyHash, TURN_SECONDS, type Direction, type LoopState } from '../../../src/core/dispatch/loop-breaker';
import { later } from '../../support/dispatch-records';

/** Feeds messages through the breaker, each `gap` seconds after the one before; says which passed. */
function run(directions: Direction[], gap = 3, start: LoopState = NO_LOOP, startAt = 0) {
  let state = start;
  let writes = 0;
  const passed: Direction[] = [];
  const started: number[] = [];
  directions.forEach((direction, index) => {
    const decision = checkLoop(state, direction, later(startAt + index * gap));
    if (decision.state !== state) writes += 1;
    if (decision.relay) passed.push(direction);
    if (decision.loopStarted) started.push(index);
    state = decision.state;
  });
  const count = (direction: Direction) => passed.filter((d) => d === direction).length;
  return { state, writes, started, toPhone: count('to-phone'), toDispatcher: count('to-dispatcher') };
}

const alternating = (length: number): Direction[] => Array.from({ length }, (_, i) => (i % 2 === 0 ? 'to-phone' : 'to-dispatcher'));
/** Two auto-responders: a dispatch, then each side answers the other at once, 20 times each. */
const pingPong = alternating(40);

describe('checkLoop', () => {
  it('stops two auto-responders after 3 auto-answers each way, and says so once', () => {
    const result = run(pingPong);
    // The dispatch itself, then 3 auto-answers of the dispatcher's phone; 3 of the relay phone's.
    expect(result.toDispatcher).toBe(3);
    expect(result.toPhone).toBe(20);
    expect(result.started).toEqual([7]);
  });

  it('passes nothing more from the phone once the loop is broken, for the pause', () => {
    const broken = run(pingPong.slice(0, 8)).state;
    const during = run(['to-dispatcher', 'to-dispatcher'], 60, broken, 30);
    expect(during.toDispatcher).toBe(0);
    expect(during.started).toEqual([]);
    // Dispatches are never held back, not even during the pause.
    expect(run(['to-phone'], 3, broken, 30).toPhone).toBe(1);
  });

  it('relays again after the pause', () => {
    const broken = run(pingPong.slice(0, 8)).state;
    const after = run(['to-dispatcher'], 3, broken, 21 + PAUSE_MINUTES * 60);
    expect(after.toDispatcher).toBe(1);
    expect(after.state.pausedUntil).toBeUndefined();
  });

  it('never limits a burst of 500 different dispatches, and writes its state once for them', () => {
    const burst = run(Array.from({ length: 500 }, () => 'to-phone' as Direction), 0.01);
    expect(burst.toPhone).toBe(500);
    expect(burst.writes).toBe(1);
  });

  it('never limits a burst of 500 dispatches even when the phone auto-answers every one', () => {
    const answered = run(alternating(1000), 3);
    expect(answered.toPhone).toBe(500);
    expect(answered.toDispatcher).toBeLessThan(500);
  });

  it('lets a person-paced conversation through: turns slower than TURN_SECONDS start no run', () => {
    const slow = run(pingPong, TURN_SECONDS + 1);
    expect(slow.toPhone).toBe(20);
    expect(slow.toDispatcher).toBe(20);
  });

  it('counts only alternation: several replies in a row do not add up', () => {
    const replies = run(['to-phone', 'to-dispatcher', 'to-dispatcher', 'to-dispatcher', 'to-dispatcher', 'to-dispatcher'], 3);
    expect(replies.toDispatcher).toBe(5);
  });
});

describe('decideReply: the pair\'s dispatches replayed from its records when a reply comes', () => {
  it('an auto-responder loop, a message a second: 3 replies pass, the 4th is held', () => {
    let state: LoopState = NO_LOOP;
    const dispatches: Date[] = [];
    const relayed: boolean[] = [];
    for (let turn = 0; turn < 5; turn += 1) {
      dispatches.push(later(2 * turn));
      const decision = decideReply(state, dispatches, later(2 * turn + 1));
      relayed.push(decision.relay);
      state = decision.state;
    }
    expect(relayed).toEqual([true, true, true, false, false]);
  });

  it('replays each dispatch once: two replies to one old dispatch are no alternation', () => {
    const first = decideReply(NO_LOOP, [later(0)], later(5));
    const second = decideReply(first.state, [later(0)], later(10));
    expect(second.relay).toBe(true);
    expect(second.state.run).toEqual({ last: 'to-dispatcher', at: later(10).toISOString(), replies: 1 });
    expect(second.state.lastDispatch).toBe(later(0).toISOString());
  });

  it('a burst of many dispatches and then one reply: relayed, one run of one reply', () => {
    const burst = Array.from({ length: 500 }, (_, i) => later(i / 100));
    const decision = decideReply(NO_LOOP, burst, later(6));
    expect(decision.relay).toBe(true);
    expect(decision.state.run?.replies).toBe(1);
  });
});

describe('what marks a machine', () => {
  /** A conversation: dispatch, then the phone's reply `replyAfter` s later, the next dispatch `dispatchAfter` s after that. */
  function conversation(turns: number, replyAfter: number, dispatchAfter: number, texts: (turn: number) => string) {
    let state: LoopState = NO_LOOP;
    const dispatches: Date[] = [];
    const relayed: boolean[] = [];
    const started: number[] = [];
    let t = 0;
    for (let turn = 0; turn < turns; turn += 1) {
      dispatches.push(later(t));
      t += replyAfter;
      const decision = decideReply(state, dispatches, later(t), { hash: replyHash(texts(turn)) });
      relayed.push(decision.relay);
      if (decision.loopStarted) started.push(turn);
      state = decision.state;
      t += dispatchAfter;
    }
    return { relayed, started };
  }

  it('never holds a person: 45 s turns each way, 10 turns, their own words', () => {
    const { relayed } = conversation(10, 45, 45, (turn) => `answer number ${turn}`);
    expect(relayed.every(Boolean)).toBe(true);
  });

  it('two auto-responders still stop after 3 each way; the pause starts once', () => {
    const { relayed, started } = conversation(8, 2, 2, () => 'I am driving, I will call you back');
    expect(relayed).toEqual([true, true, true, false, false, false, false, false]);
    expect(started).toEqual([3]);
  });

  it('a slow auto-responder is known by its repeated text', () => {
    const { relayed } = conversation(6, 30, 30, () => 'Out of office');
    expect(relayed).toEqual([true, true, true, false, false, false]);
  });

  it('a reply with an explicit #code passes, even during the pause', () => {
    const broken = conversation(4, 2, 2, () => 'auto').relayed;
    expect(broken[3]).toBe(false);
    const paused = checkLoop({ pausedUntil: later(600).toISOString() }, 'to-dispatcher', later(10), { explicit: true });
    expect(paused.relay).toBe(true);
  });
});
