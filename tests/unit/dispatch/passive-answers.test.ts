import { MAX_PASSIVE_ANSWERS, PASSIVE_RESET, passiveAnswer } from '../../../src/core/dispatch/passive-answers';

describe('passiveAnswer', () => {
  it('answers a phone at most 5 times until one of its replies reaches a dispatch', () => {
    let count = PASSIVE_RESET;
    const answered: boolean[] = [];
    for (let i = 0; i < 8; i += 1) {
      const decision = passiveAnswer(count);
      answered.push(decision.answer);
      count = decision.count;
    }
    expect(answered).toEqual([true, true, true, true, true, false, false, false]);
    expect(count).toBe(MAX_PASSIVE_ANSWERS);
    // A matched reply resets the count: the next unknown code is answered again.
    expect(passiveAnswer(PASSIVE_RESET)).toEqual({ answer: true, count: 1 });
  });

  it('returns the same count when it does not answer, so nothing needs writing', () => {
    expect(passiveAnswer(MAX_PASSIVE_ANSWERS)).toEqual({ answer: false, count: MAX_PASSIVE_ANSWERS });
  });
});
