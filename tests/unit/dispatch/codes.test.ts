import { allocateCode, isCode, MAX_CODE } from '../../../src/core/dispatch/codes';
import { isOpen } from '../../../src/core/dispatch/record';
import { dispatch, later } from '../../support/dispatch-records';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('allocateCode', () => {
  it('starts at #1 on a phone with nothing open', () => {
    expect(allocateCode([])).toBe(1);
  });

  it('takes the smallest code not in use, so each open code stays unique on the phone', () => {
    expect(allocateCode([1, 2, 3])).toBe(4);
    expect(allocateCode([2, 3])).toBe(1);
    expect(allocateCode([1, 3, 4])).toBe(2);
    const inUse: number[] = [];
    for (let i = 0; i < 50; i += 1) inUse.push(allocateCode(inUse) as number);
    expect(new Set(inUse).size).toBe(50);
  });

  it('reuses a code once its dispatch closed (the caller passes only open ones)', () => {
    const old = dispatch({ code: 1, inboundSid: 'SMold' });
    const current = dispatch({ code: 2, inboundSid: 'SMnew', at: later(3600) });
    const openCodesAt = (now: Date) => [old, current].filter((record) => isOpen(record, now)).map((record) => record.code as number);
    expect(allocateCode(openCodesAt(later(60)))).toBe(3);
    expect(allocateCode(openCodesAt(later(24 * 3600)))).toBe(1);
  });

  it('after losing a race for a code, the next call with that code added gives another one', () => {
    expect(allocateCode([1, 2, 3, 4])).toBe(5);
  });

  it('gives no code when all 999 are in use: the dispatch is forwarded without one', () => {
    expect(allocateCode(range(1, MAX_CODE))).toBeUndefined();
    expect(allocateCode(range(1, 998))).toBe(999);
    expect(allocateCode(range(2, MAX_CODE))).toBe(1);
  });
});

describe('isCode', () => {
  it('is a whole number from 1 to 999', () => {
    expect([1, 7, 999].map(isCode)).toEqual([true, true, true]);
    expect([0, 1000, -1, 1.5, Number.NaN].map(isCode)).toEqual([false, false, false, false, false]);
  });
});
