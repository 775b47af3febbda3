import { deadlineIn, FUNCTION_BUDGET_MS } from '../../../src/core/twilio/deadline';
import { fakeClock } from '../../support/mock-runtime';

describe('FUNCTION_BUDGET_MS', () => {
  it('leaves room under Twilio\'s 10-second function limit to answer', () => {
    expect(FUNCTION_BUDGET_MS).toBe(7000);
    expect(FUNCTION_BUDGET_MS).toBeLessThan(10_000);
  });
});

describe('deadlineIn', () => {
  it('counts down with the clock', () => {
    const clock = fakeClock();
    const deadline = deadlineIn(1000, clock.now);
    expect(deadline.remaining()).toBe(1000);
    clock.advance(400);
    expect(deadline.remaining()).toBe(600);
    clock.advance(600);
    expect(deadline.remaining()).toBe(0);
  });

  it('never reports negative time', () => {
    const clock = fakeClock();
    const deadline = deadlineIn(1000, clock.now);
    clock.advance(5000);
    expect(deadline.remaining()).toBe(0);
    expect(deadlineIn(-50, clock.now).remaining()).toBe(0);
    expect(deadlineIn(0, clock.now).remaining()).toBe(0);
  });

  it('uses the real clock by default', () => {
    const remaining = deadlineIn(60_000).remaining();
    expect(remaining).toBeGreaterThan(59_000);
    expect(remaining).toBeLessThanOrEqual(60_000);
  });
});

describe('Deadline.within', () => {
  it('gives a part at most the time asked for', () => {
    const clock = fakeClock();
    const part = deadlineIn(8000, clock.now).within(1500);
    expect(part.remaining()).toBe(1500);
    clock.advance(1000);
    expect(part.remaining()).toBe(500);
  });

  it('never reaches past the parent', () => {
    const clock = fakeClock();
    const parent = deadlineIn(1000, clock.now);
    expect(parent.within(5000).remaining()).toBe(1000);
    clock.advance(900);
    const late = parent.within(500);
    expect(late.remaining()).toBe(100);
    clock.advance(100);
    expect(late.remaining()).toBe(0);
    expect(parent.remaining()).toBe(0);
  });

  it('ends with the parent even when it was made with time to spare', () => {
    const clock = fakeClock();
    const parent = deadlineIn(1000, clock.now);
    const child = parent.within(800);
    clock.advance(700);
    expect(child.remaining()).toBe(100);
    expect(parent.remaining()).toBe(300);
    clock.advance(200);
    expect(child.remaining()).toBe(0);
    expect(parent.remaining()).toBe(100);
  });

  it('is bounded at every level of nesting', () => {
    const clock = fakeClock();
    const root = deadlineIn(1000, clock.now);
    const grandchild = root.within(600).within(10_000);
    expect(grandchild.remaining()).toBe(600);
    clock.advance(250);
    expect(grandchild.within(10_000).remaining()).toBe(350);
  });

  it('gives nothing for a negative or zero share, and nothing once the parent is over', () => {
    const clock = fakeClock();
    const parent = deadlineIn(1000, clock.now);
    expect(parent.within(-100).remaining()).toBe(0);
    expect(parent.within(0).remaining()).toBe(0);
    clock.advance(2000);
    const part = parent.within(500);
    expect(part.remaining()).toBe(0);
    clock.advance(1);
    expect(part.remaining()).toBe(0);
  });

  it('splits the time left between legs (half, then all of what is left)', () => {
    const clock = fakeClock();
    const invocation = deadlineIn(8000, clock.now);
    const first = invocation.within(invocation.remaining() / 2);
    expect(first.remaining()).toBe(4000);
    clock.advance(4000);
    expect(first.remaining()).toBe(0);
    const second = invocation.within(invocation.remaining() / 1);
    expect(second.remaining()).toBe(4000);
  });
});
