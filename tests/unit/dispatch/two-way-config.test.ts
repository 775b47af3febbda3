import { readTwoWayConfig } from '../../../src/core/dispatch/two-way-config';
import { problemsOf as problemsOfConfig } from '../../support/config-problems';

const SYNC = { SYNC_SERVICE_SID: 'IS' + '0'.repeat(32) };

const problemsOf = (env: Record<string, string>) => problemsOfConfig(readTwoWayConfig, env);

describe('readTwoWayConfig', () => {
  it('is on with Sync, with defaults for every variable', () => {
    expect(readTwoWayConfig(SYNC)).toEqual({ enabled: true, names: { primary: 'Primary', backup: 'Backup' }, replyWindowHours: 24 });
  });

  it('is off without Sync (it needs state), or with TWO_WAY=false', () => {
    expect(readTwoWayConfig({}).enabled).toBe(false);
    expect(readTwoWayConfig({ SYNC_SERVICE_SID: '  ' }).enabled).toBe(false);
    expect(readTwoWayConfig({ ...SYNC, TWO_WAY: 'false' }).enabled).toBe(false);
    expect(readTwoWayConfig({ ...SYNC, TWO_WAY: 'FALSE' }).enabled).toBe(false);
    expect(readTwoWayConfig({ ...SYNC, TWO_WAY: 'true' }).enabled).toBe(true);
    expect(readTwoWayConfig({ TWO_WAY: 'true' }).enabled).toBe(false);
  });

  it('reads the names and the window', () => {
    expect(readTwoWayConfig({ ...SYNC, PRIMARY_NAME: ' Day shift ', BACKUP_NAME: 'Night', REPLY_WINDOW_HOURS: '720' })).toEqual({
      enabled: true,
      names: { primary: 'Day shift', backup: 'Night' },
      replyWindowHours: 720,
    });
    expect(readTwoWayConfig({ ...SYNC, REPLY_WINDOW_HOURS: '1' }).replyWindowHours).toBe(1);
  });

  it('names the variable of each problem, all at once', () => {
    expect(problemsOf({ ...SYNC, TWO_WAY: 'no', REPLY_WINDOW_HOURS: '721', PRIMARY_NAME: 'x'.repeat(41) })).toEqual([
      'TWO_WAY must be true or false, got "no"',
      'PRIMARY_NAME must be at most 40 characters, got 41',
      'REPLY_WINDOW_HOURS must be a whole number of hours from 1 to 720 (30 days), got "721"',
    ]);
  });

  it.each(['0', '-1', '1.5', '1e1', '0x18', 'day'])('refuses REPLY_WINDOW_HOURS=%s', (value) => {
    expect(problemsOf({ ...SYNC, REPLY_WINDOW_HOURS: value })).toEqual([
      `REPLY_WINDOW_HOURS must be a whole number of hours from 1 to 720 (30 days), got "${value}"`,
    ]);
  });

  it('refuses two phones with the same name: the dispatcher could not tell who answered', () => {
    expect(problemsOf({ ...SYNC, PRIMARY_NAME: 'Sam', BACKUP_NAME: 'sam' })).toEqual([
      'PRIMARY_NAME and BACKUP_NAME are the same; the dispatcher could not tell who answered',
    ]);
  });

  it('a one-way relay (no Sync, or TWO_WAY=false) never fails on the names or the window; TWO_WAY itself is always checked', () => {
    const bad = { PRIMARY_NAME: 'x'.repeat(41), REPLY_WINDOW_HOURS: 'day' };
    expect(readTwoWayConfig(bad)).toEqual({ enabled: false, names: { primary: 'Primary', backup: 'Backup' }, replyWindowHours: 24 });
    expect(readTwoWayConfig({ ...SYNC, ...bad, TWO_WAY: 'false' }).enabled).toBe(false);
    expect(problemsOf({ ...bad, TWO_WAY: 'no' })).toEqual(['TWO_WAY must be true or false, got "no"']);
  });
});
