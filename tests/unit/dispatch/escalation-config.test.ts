import { MAX_ACK_TIMEOUT_MINUTES, MIN_ACK_TIMEOUT_MINUTES, readEscalationConfig } from '../../../src/core/dispatch/escalation-config';
import { readTwoWayConfig } from '../../../src/core/dispatch/two-way-config';
import type { RelayEnv } from '../../../src/core/config';
import { SCHEDULE_MAX_AHEAD_SECONDS, SCHEDULE_MIN_AHEAD_SECONDS } from '../../../src/core/twilio/schedule-window';
import { problemsOf as problemsOfConfig } from '../../support/config-problems';

const READY = { SYNC_SERVICE_SID: 'IS' + '0'.repeat(32), MESSAGING_SERVICE_SID: 'MG' + 'd4'.repeat(16), REPLY_WINDOW_HOURS: '720' };
const read = (env: RelayEnv) => readEscalationConfig(env, readTwoWayConfig(env));
const problemsOf = (env: RelayEnv) => problemsOfConfig(read, env);
const WINDOW = 'Twilio schedules a message more than 300 s and at most 35 days ahead, the relay leaves 60 s for its own request, and the dispatcher\'s message comes at twice the timeout';

describe('readEscalationConfig', () => {
  it('is off without ACK_TIMEOUT_MINUTES, whatever else is set or missing', () => {
    expect(read({})).toEqual({ enabled: false });
    expect(read({ ACK_TIMEOUT_MINUTES: '  ' })).toEqual({ enabled: false });
    expect(read({ ...READY, TWO_WAY: 'false' })).toEqual({ enabled: false });
  });

  it('is on with two-way and a Messaging Service', () => {
    expect(read({ ...READY, ACK_TIMEOUT_MINUTES: '15' })).toEqual({ enabled: true, timeoutMinutes: 15, messagingServiceSid: READY.MESSAGING_SERVICE_SID });
  });

  it('names each missing requirement, all at once', () => {
    expect(problemsOf({ ACK_TIMEOUT_MINUTES: '15' })).toEqual([
      'ACK_TIMEOUT_MINUTES needs two-way dispatch: set SYNC_SERVICE_SID (and leave TWO_WAY unset or true)',
      'ACK_TIMEOUT_MINUTES needs MESSAGING_SERVICE_SID: Twilio schedules messages only through a Messaging Service (error 35118)',
    ]);
    expect(problemsOf({ ...READY, TWO_WAY: 'false', ACK_TIMEOUT_MINUTES: '15' })).toEqual([
      'ACK_TIMEOUT_MINUTES needs two-way dispatch: set SYNC_SERVICE_SID (and leave TWO_WAY unset or true)',
    ]);
  });

  it('keeps the window: more than 300 s ahead after a minute\'s latency, twice the timeout within 35 days', () => {
    expect(MIN_ACK_TIMEOUT_MINUTES).toBe(7);
    expect(MIN_ACK_TIMEOUT_MINUTES * 60 - 60).toBeGreaterThan(SCHEDULE_MIN_AHEAD_SECONDS);
    expect((MIN_ACK_TIMEOUT_MINUTES - 1) * 60 - 60).not.toBeGreaterThan(SCHEDULE_MIN_AHEAD_SECONDS);
    expect(MAX_ACK_TIMEOUT_MINUTES).toBe(25_200);
    expect(2 * MAX_ACK_TIMEOUT_MINUTES * 60).toBeLessThanOrEqual(SCHEDULE_MAX_AHEAD_SECONDS);
    expect(read({ ...READY, ACK_TIMEOUT_MINUTES: '7' })).toMatchObject({ timeoutMinutes: 7 });
    // 17.5 days needs a reply window of 35 days, more than two-way allows: the window check says so.
    expect(problemsOf({ ...READY, ACK_TIMEOUT_MINUTES: String(MAX_ACK_TIMEOUT_MINUTES) })).toEqual([
      'ACK_TIMEOUT_MINUTES (25200) is more than half of REPLY_WINDOW_HOURS (720): the dispatcher\'s "not acknowledged" message, at twice the timeout, would come after the dispatch closed',
    ]);
    expect(read({ ...READY, ACK_TIMEOUT_MINUTES: '21600' })).toMatchObject({ timeoutMinutes: 21_600 });
  });

  it.each(['6', '0', '25201', '-15', '1.5', '1e1', '0x10', 'soon'])('refuses ACK_TIMEOUT_MINUTES=%s, naming the variable and the window', (value) => {
    expect(problemsOf({ ...READY, ACK_TIMEOUT_MINUTES: value })).toEqual([`ACK_TIMEOUT_MINUTES must be a whole number of minutes from 7 to 25200, got "${value}": ${WINDOW}`]);
  });

  it('keeps the dispatcher\'s message within the reply window', () => {
    expect(problemsOf({ ...READY, REPLY_WINDOW_HOURS: '1', ACK_TIMEOUT_MINUTES: '31' })).toEqual([
      'ACK_TIMEOUT_MINUTES (31) is more than half of REPLY_WINDOW_HOURS (1): the dispatcher\'s "not acknowledged" message, at twice the timeout, would come after the dispatch closed',
    ]);
    expect(read({ ...READY, REPLY_WINDOW_HOURS: '1', ACK_TIMEOUT_MINUTES: '30' })).toMatchObject({ timeoutMinutes: 30 });
  });
});
