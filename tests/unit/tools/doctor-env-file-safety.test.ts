import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitFinding, holdsSecrets, modeFinding } from '../../../dev/tools/doctor/env-file-safety';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sms-relay-doctor-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function envFile(mode: number, name = 'relay.env'): string {
  const path = join(dir, name);
  writeFileSync(path, 'TWILIO_API_SECRET=s3cret\n');
  chmodSync(path, mode);
  return path;
}

const gitInit = () => execFileSync('git', ['init', '-q', dir]);

describe('modeFinding', () => {
  it('accepts mode 600 (and 400)', () => {
    expect(modeFinding(envFile(0o600))).toEqual({ level: 'ok', text: expect.stringContaining('(mode 600)') });
    expect(modeFinding(envFile(0o400)).level).toBe('ok');
  });

  it.each([
    [0o644, 'its group and other users (mode 644)'],
    [0o640, 'its group (mode 640)'],
    [0o604, 'other users (mode 604)'],
    [0o666, 'its group and other users (mode 666)'],
  ])('refuses mode %o, saying who can read it and how to fix it', (mode, who) => {
    const path = envFile(mode);
    expect(modeFinding(path)).toEqual({ level: 'error', text: `${path} holds secrets and is open to ${who}: run chmod 600 ${path}` });
  });
});

describe('gitFinding', () => {
  it('accepts a file outside any git repository, and says so', () => {
    const path = envFile(0o600);
    expect(gitFinding(path)).toEqual({ level: 'ok', text: `${path} is outside any git repository` });
  });

  it('refuses a file git would let you commit', () => {
    gitInit();
    const path = envFile(0o600);
    expect(gitFinding(path)).toEqual({ level: 'error', text: expect.stringContaining('git does not ignore it, so it can be committed') });
  });

  it('accepts a file git ignores', () => {
    gitInit();
    writeFileSync(join(dir, '.gitignore'), '*.env\n');
    expect(gitFinding(envFile(0o600))).toEqual({ level: 'ok', text: expect.stringContaining('is ignored by git') });
  });

  it('refuses a tracked file, even an ignored one, and says to rotate the secrets', () => {
    gitInit();
    const path = envFile(0o600);
    execFileSync('git', ['add', path], { cwd: dir });
    writeFileSync(join(dir, '.gitignore'), '*.env\n');
    expect(gitFinding(path)).toEqual({ level: 'error', text: expect.stringContaining('is tracked by git: its secrets are in the history. Rotate them') });
  });
});

describe('holdsSecrets', () => {
  it('is true when the API secret or the Auth Token is set', () => {
    expect(holdsSecrets({ TWILIO_API_SECRET: 'x' })).toBe(true);
    expect(holdsSecrets({ AUTH_TOKEN: 'x' })).toBe(true);
    expect(holdsSecrets({ ACCOUNT_SID: 'AC…' })).toBe(false);
  });
});
