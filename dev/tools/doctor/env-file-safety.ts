import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { error, ok, warn, type Finding } from '../findings';

/** Whether the file holds anything secret: the API key's secret, the Auth Token, or the alert webhook (its URL is its token). */
export const holdsSecrets = (env: Record<string, string>) => !!(env.TWILIO_API_SECRET || env.AUTH_TOKEN || env.ALERT_WEBHOOK_URL);

/** A file holding secrets must be readable by its owner only: mode 600. */
export function modeFinding(path: string): Finding {
  const mode = statSync(path).mode & 0o777;
  const shown = mode.toString(8).padStart(3, '0');
  const who = [mode & 0o070 && 'its group', mode & 0o007 && 'other users'].filter(Boolean).join(' and ');
  return who
    ? error(`${path} holds secrets and is open to ${who} (mode ${shown}): run chmod 600 ${path}`)
    : ok(`${path} is private to its owner (mode ${shown})`);
}

const git = (cwd: string, args: string[]) => spawnSync('git', args, { cwd, encoding: 'utf8' });

/**
 * A file holding secrets must never reach a repository: it is fine outside any work tree, or
 * inside one when git ignores it (`git check-ignore`), and a disaster when it is tracked.
 */
export function gitFinding(path: string): Finding {
  const cwd = dirname(path);
  const name = basename(path);
  const ignored = git(cwd, ['check-ignore', '-q', '--', name]);
  if (ignored.error) return warn(`could not run git (${(ignored.error as NodeJS.ErrnoException).code}): check yourself that ${path} is never committed`);
  if (ignored.status === 0) return ok(`${path} is ignored by git`);
  if (ignored.status === 128 && /not a git repository/i.test(ignored.stderr)) return ok(`${path} is outside any git repository`);
  if (ignored.status !== 1) return warn(`git check-ignore failed (${ignored.stderr.trim().split('\n')[0]}): check yourself that ${path} is never committed`);
  const tracked = git(cwd, ['ls-files', '--error-unmatch', '--', name]).status === 0;
  return tracked
    ? error(`${path} holds secrets and is tracked by git: its secrets are in the history. Rotate them (new API key, new Auth Token) and keep the file outside the repository`)
    : error(`${path} holds secrets and git does not ignore it, so it can be committed: keep it outside the repository (e.g. ~/.config/sms-relay/relay.env)`);
}
