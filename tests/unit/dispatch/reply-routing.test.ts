import { legFailed, legSent } from '../../../src/core/dispatch/record';
import { parseMessage, type ParsedReply } from '../../../src/core/dispatch/reply-grammar';
import { openDispatchesFor, routeReply } from '../../../src/core/dispatch/reply-routing';
import { dispatch, later, T0 } from '../../support/dispatch-records';

const reply = (body: string, media = 0) => parseMessage(body, media) as ParsedReply;

/** Two dispatchers' messages reached the primary: #1 at T0, #2 a minute later. */
const first = legSent(dispatch({ code: 1, inboundSid: 'SMone' }), 'primary', 'SMa', T0);
const second = legSent(dispatch({ code: 2, inboundSid: 'SMtwo', at: later(60) }), 'primary', 'SMb', later(60));
const records = [second, first];

describe('openDispatchesFor', () => {
  it("lists the open dispatches that reached the phone, with what routing needs", () => {
    expect(openDispatchesFor(records, 'primary', later(120))).toEqual([
      { inboundSid: 'SMtwo', code: 2, forwardedAt: later(60).toISOString() },
      { inboundSid: 'SMone', code: 1, forwardedAt: T0.toISOString() },
    ]);
  });

  it('leaves out a phone the dispatch never reached, a failed one, and closed dispatches', () => {
    expect(openDispatchesFor(records, 'backup', later(120))).toEqual([]);
    expect(openDispatchesFor([legFailed(first, 'primary', '30003', later(5))], 'primary', later(120))).toEqual([]);
    expect(openDispatchesFor(records, 'primary', later(24 * 3600 + 60))).toEqual([]);
  });
});

describe('routeReply', () => {
  const open = openDispatchesFor(records, 'primary', later(120));

  it('answers the dispatch the code names', () => {
    expect(routeReply(reply('#1 On my way'), open)).toEqual({ kind: 'answer', inboundSid: 'SMone', code: 1 });
    expect(routeReply(reply('#2 ok'), open)).toEqual({ kind: 'answer', inboundSid: 'SMtwo', code: 2 });
  });

  it('answers the most recent open dispatch when there is no code, whatever the order given', () => {
    expect(routeReply(reply('On my way'), open)).toEqual({ kind: 'answer', inboundSid: 'SMtwo', code: 2 });
    expect(routeReply(reply('On my way'), [...open].reverse())).toEqual({ kind: 'answer', inboundSid: 'SMtwo', code: 2 });
    expect(routeReply(reply('', 1), open)).toEqual({ kind: 'answer', inboundSid: 'SMtwo', code: 2 });
  });

  it('breaks a tie of the same millisecond by the higher code, whatever the order given', () => {
    const at = '2026-12-01T12:00:00.000Z';
    const tied = [{ inboundSid: 'SMfirst', code: 4, forwardedAt: at }, { inboundSid: 'SMsecond', code: 5, forwardedAt: at }];
    expect(routeReply(reply('ok'), tied)).toEqual({ kind: 'answer', inboundSid: 'SMsecond', code: 5 });
    expect(routeReply(reply('ok'), [...tied].reverse())).toEqual({ kind: 'answer', inboundSid: 'SMsecond', code: 5 });
  });

  it('answers an unknown or closed code with the open codes, in order', () => {
    expect(routeReply(reply('#9 ok'), open)).toEqual({ kind: 'unknown-code', code: 9, openCodes: [1, 2] });
    expect(routeReply(reply('#0 ok'), open)).toEqual({ kind: 'unknown-code', code: 0, openCodes: [1, 2] });
    const onlySecond = openDispatchesFor(records, 'primary', later(24 * 3600 + 30));
    expect(routeReply(reply('#1 late'), onlySecond)).toEqual({ kind: 'unknown-code', code: 1, openCodes: [2] });
  });

  it('treats a message from a phone with no open dispatch as no reply, code or not', () => {
    const backupOpen = openDispatchesFor(records, 'backup', later(120));
    expect(routeReply(reply('#1 On my way'), backupOpen)).toEqual({ kind: 'unknown-code', code: 1, openCodes: [] });
    expect(routeReply(reply('On my way'), backupOpen)).toEqual({ kind: 'not-a-reply' });
  });

  it('reaches a dispatch without a code through a reply without one', () => {
    const codeless = openDispatchesFor([legSent(dispatch({ code: undefined, inboundSid: 'SMnocode' }), 'primary', 'SMc', T0)], 'primary', later(5));
    expect(routeReply(reply('ok'), codeless)).toEqual({ kind: 'answer', inboundSid: 'SMnocode' });
    expect(routeReply(reply('#4 ok'), codeless)).toEqual({ kind: 'unknown-code', code: 4, openCodes: [] });
  });
});
