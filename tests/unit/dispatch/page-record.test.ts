import { acknowledge, legSent } from '../../../src/core/dispatch/record';
import { nextLeg, pageEnded } from '../../../src/core/dispatch/page-record';
import { nobodyNotice } from '../../../src/core/dispatch/page-end';
import { acknowledgedByCall } from '../../../src/core/dispatch/page-answer';
import { T0, dispatch, later } from '../../support/dispatch-records';

const CALL = 'CA0000000000000000000000000000000a';

describe('pageEnded', () => {
  it('escalates the first end of a phone\'s page, and a repeat changes nothing', () => {
    const ended = pageEnded(dispatch(), 'primary', CALL, later(20));
    expect(ended.pages).toEqual({ primary: { call: CALL, outcome: 'escalated', at: later(20).toISOString() } });
    expect(pageEnded(ended, 'primary', CALL, later(30))).toBe(ended);
  });

  it('an acknowledged dispatch ends as acknowledged: the press won the race', () => {
    const reached = legSent(dispatch(), 'primary', 'SM0000000000000000000000000000000b', T0);
    const acked = acknowledge(reached, 'primary', CALL, later(10)).record;
    expect(pageEnded(acked, 'primary', CALL, later(20)).pages?.primary?.outcome).toBe('acknowledged');
  });

  it('each phone ends once on its own', () => {
    const primary = pageEnded(dispatch(), 'primary', CALL, later(20));
    expect(pageEnded(primary, 'backup', 'CA0000000000000000000000000000000b', later(40)).pages?.backup?.outcome).toBe('escalated');
  });
});

describe('nextLeg', () => {
  it('the backup after the primary, nothing after the last', () => {
    expect(nextLeg(dispatch(), 'primary')).toBe('backup');
    expect(nextLeg(dispatch(), 'backup')).toBeUndefined();
    expect(nextLeg(dispatch({ chain: ['backup'] }), 'primary')).toBeUndefined();
  });
});

describe('the texts', () => {
  it('to the dispatcher, with and without a code', () => {
    expect(acknowledgedByCall(7, 'Primary')).toBe('#7 acknowledged by Primary (call)');
    expect(acknowledgedByCall(undefined, 'Backup')).toBe('Your message was acknowledged by Backup (call)');
    expect(nobodyNotice(dispatch())).toBe('#7: nobody acknowledged by call');
    const { code: _code, ...uncoded } = dispatch();
    expect(nobodyNotice(uncoded)).toBe('Your message was not acknowledged by call: "Gate code changed"');
  });
});
