import { ConfigError, envText, type RelayEnv } from '../config';
import type { Leg } from '../legs';

/** What two-way dispatch needs beyond RelayConfig, validated, with defaults. */
export interface TwoWayConfig {
  /** SYNC_SERVICE_SID is set (replies need state) and TWO_WAY is not "false". Off: one-way exactly as before. */
  enabled: boolean;
  /** How the relay names each phone in what it writes ("#7 Primary: On my way"). */
  names: Record<Leg, string>;
  replyWindowHours: number;
}

export const DEFAULT_NAMES: Record<Leg, string> = { primary: 'Primary', backup: 'Backup' };
export const DEFAULT_REPLY_WINDOW_HOURS = 24;
/** Issue 10: at most 30 days. A dispatch's record, with its text, lives in Sync that long. */
export const MAX_REPLY_WINDOW_HOURS = 30 * 24;
/** A name is a label in a 1,600-character text, not a sentence: it must leave room for the reply. */
export const MAX_NAME_LENGTH = 40;

/**
 * Reads the two-way variables, reporting every problem at once, each naming its variable. TWO_WAY
 * is checked even while two-way is off, as readVoiceConfig checks its flags: a typo in it must
 * not silently leave the relay one-way. The names and the window only matter when two-way can be
 * on (SYNC_SERVICE_SID set, TWO_WAY not "false"): a one-way relay never answers 500 for them.
 */
export function readTwoWayConfig(env: RelayEnv): TwoWayConfig {
  const problems: string[] = [];

  const flagText = envText(env, 'TWO_WAY');
  const flag = flagText?.toLowerCase();
  if (flag !== undefined && flag !== 'true' && flag !== 'false') problems.push(`TWO_WAY must be true or false, got "${flagText}"`);
  const enabled = envText(env, 'SYNC_SERVICE_SID') !== undefined && flag !== 'false';
  if (!enabled) {
    if (problems.length > 0) throw new ConfigError(problems);
    return { enabled, names: DEFAULT_NAMES, replyWindowHours: DEFAULT_REPLY_WINDOW_HOURS };
  }

  const name = (variable: string, leg: Leg): string => {
    const value = envText(env, variable) ?? DEFAULT_NAMES[leg];
    if (value.length > MAX_NAME_LENGTH) problems.push(`${variable} must be at most ${MAX_NAME_LENGTH} characters, got ${value.length}`);
    return value;
  };
  const names = { primary: name('PRIMARY_NAME', 'primary'), backup: name('BACKUP_NAME', 'backup') };
  if (names.primary.toLowerCase() === names.backup.toLowerCase()) {
    problems.push('PRIMARY_NAME and BACKUP_NAME are the same; the dispatcher could not tell who answered');
  }

  const windowText = envText(env, 'REPLY_WINDOW_HOURS');
  // Digits only: Number() would also take "1e1" or "0x18", which nobody means as hours.
  const replyWindowHours =
    windowText === undefined ? DEFAULT_REPLY_WINDOW_HOURS : /^\d+$/.test(windowText) ? Number(windowText) : Number.NaN;
  if (!Number.isInteger(replyWindowHours) || replyWindowHours < 1 || replyWindowHours > MAX_REPLY_WINDOW_HOURS) {
    problems.push(
      `REPLY_WINDOW_HOURS must be a whole number of hours from 1 to ${MAX_REPLY_WINDOW_HOURS} (30 days), got "${windowText}"`,
    );
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return { enabled, names, replyWindowHours };
}
