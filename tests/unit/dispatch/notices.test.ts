import { errorInWords } from '../../../src/core/dispatch/error-words';
import { exhaustedNotice, forwardBody, MAX_LISTED_CODES, replyBody, takenNotice, unknownCodeAnswer } from '../../../src/core/dispatch/notices';
import { legFailed, legSent } from '../../../src/core/dispatch/record';
import { MAX_BODY_LENGTH, TRUNCATION_MARKER } from '../../../src/core/sms/forward-body';
import { dispatch, T0 } from '../../support/dispatch-records';

const NAMES = { primary: 'Primary', backup: 'Backup' };

describe('forwardBody', () => {
  it('puts the code right after the sender', () => {
    expect(forwardBody(dispatch())).toBe('From Dispatch (+16195550100) #7: Gate code changed');
  });

  it('is the one-way body when the dispatch has no code', () => {
    expect(forwardBody(dispatch({ code: undefined }))).toBe('From Dispatch (+16195550100): Gate code changed');
  });

  it('says "(media only)" for a picture without text, and stays within 1,600 characters', () => {
    expect(forwardBody(dispatch({ text: '', mediaUrl: ['https://api.twilio.com/m/ME1'] }))).toBe('From Dispatch (+16195550100) #7: (media only)');
    const long = forwardBody(dispatch({ code: 999, text: 'x'.repeat(5000) }));
    expect(long).toHaveLength(MAX_BODY_LENGTH);
    expect(long.startsWith('From Dispatch (+16195550100) #999: xxx')).toBe(true);
    expect(long.endsWith(TRUNCATION_MARKER)).toBe(true);
  });
});

describe('replyBody', () => {
  it('names who answered and the code', () => {
    expect(replyBody(7, 'Primary', 'On my way', 0)).toBe('#7 Primary: On my way');
    expect(replyBody(7, 'Night shift', 'ok', 0)).toBe('#7 Night shift: ok');
    expect(replyBody(undefined, 'Backup', 'ok', 0)).toBe('Backup: ok');
  });

  it('stands in for a missing text', () => {
    expect(replyBody(7, 'Primary', '', 2)).toBe('#7 Primary: (media only)');
    expect(replyBody(7, 'Primary', '', 0)).toBe('#7 Primary: (empty message)');
  });

  it('stays within 1,600 characters', () => {
    const body = replyBody(999, 'P'.repeat(40), 'y'.repeat(3000), 0);
    expect(body).toHaveLength(MAX_BODY_LENGTH);
    expect(body.startsWith(`#999 ${'P'.repeat(40)}: yyy`)).toBe(true);
  });
});

describe('takenNotice', () => {
  it('says who took the dispatch', () => {
    expect(takenNotice(dispatch(), 'Primary')).toBe('#7 taken by Primary');
    expect(takenNotice(dispatch({ code: undefined }), 'Backup')).toBe('The dispatch from Dispatch (+16195550100) was taken by Backup');
  });
});

describe('unknownCodeAnswer', () => {
  it("lists the phone's open codes", () => {
    expect(unknownCodeAnswer(9, [1, 2])).toBe('#9 is not an open dispatch. Open: #1, #2. Start your reply with one; without a code it answers the most recent.');
    expect(unknownCodeAnswer(4, [])).toBe('#4 is not an open dispatch. Reply without a code to answer the most recent one.');
  });

  it('lists at most 20 codes and says how many more, however many are open', () => {
    const all = Array.from({ length: 999 }, (_, i) => i + 1);
    const answer = unknownCodeAnswer(0, all);
    expect(answer).toContain(`#${MAX_LISTED_CODES} and ${999 - MAX_LISTED_CODES} more.`);
    expect(answer).not.toContain(`#${MAX_LISTED_CODES + 1}`);
    expect(answer.length).toBeLessThan(250);
  });
});

describe('exhaustedNotice', () => {
  const failedBoth = () => legFailed(legFailed(legSent(dispatch(), 'primary', 'SMa', T0), 'primary', '30003', T0), 'backup', '30005', T0);

  it('names each phone with its error in words, and quotes the dispatcher', () => {
    expect(exhaustedNotice(failedBoth(), NAMES)).toBe(
      '#7 could not be delivered to Primary (unreachable, 30003) or Backup (unknown number, 30005): "Gate code changed"',
    );
  });

  it('handles a chain of one phone, a dispatch without a code, an unknown code, and a long text', () => {
    const single = legFailed(dispatch({ chain: ['backup'] }), 'backup', '21610', T0);
    expect(exhaustedNotice(single, { primary: 'Day', backup: 'Night' })).toBe('#7 could not be delivered to Night (opted out with STOP, 21610): "Gate code changed"');
    const codeless = legFailed(dispatch({ code: undefined, chain: ['primary'] }), 'primary', '30999', T0);
    expect(exhaustedNotice(codeless, NAMES)).toBe('Your message could not be delivered to Primary (30999): "Gate code changed"');
    const long = legFailed(dispatch({ chain: ['primary'], text: 'a'.repeat(100) }), 'primary', 'network', T0);
    expect(exhaustedNotice(long, NAMES)).toBe(`#7 could not be delivered to Primary (no answer from Twilio): "${'a'.repeat(60)}…"`);
  });
});

describe('errorInWords', () => {
  it('gives the common codes in words, and any other code as it is', () => {
    expect(errorInWords('30003')).toBe('unreachable, 30003');
    expect(errorInWords('30005')).toBe('unknown number, 30005');
    expect(errorInWords('21211')).toBe('invalid number, 21211');
    expect(errorInWords('30006')).toBe('landline or unreachable carrier, 30006');
    expect(errorInWords('12345')).toBe('12345');
    expect(errorInWords(undefined)).toBe('not delivered');
  });
});
