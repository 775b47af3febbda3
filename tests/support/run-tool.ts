import { execFile } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE, fakeEnv } from '../../dev/fixtures';
import { PROJECT_ROOT } from '../../dev/project-root';
import { writeEnvFile } from '../../dev/served-process';

export interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs an operator tool as the operator does (build/cli/<tool>.js, built by `npm run build`), with
 * only the environment given: nothing of the test runner's own environment leaks in.
 */
export function runTool(tool: string, args: string[], options: { env?: Record<string, string>; cwd?: string; input?: string } = {}): Promise<ToolRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [join(PROJECT_ROOT, 'build', 'cli', `${tool}.js`), ...args],
      { cwd: options.cwd ?? PROJECT_ROOT, timeout: 20000, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env } },
      (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    );
    child.stdin?.end(options.input ?? '');
  });
}

/** A configuration fit to deploy: the fake one, without the emulator's URL, with an Auth-Token-shaped token. */
export function deployableEnv(extra: Record<string, string> = {}): Record<string, string> {
  const { TWILIO_API_BASE_URL: _local, ...env } = fakeEnv('');
  return { ...env, AUTH_TOKEN: 'a1b2'.repeat(8), SYNC_SERVICE_SID: FAKE.syncServiceSid, ...extra };
}

export const emulatorCredentials = { accountSid: FAKE.accountSid, authToken: 'a1b2'.repeat(8), apiKey: FAKE.apiKey, apiSecret: FAKE.apiSecret };

/** Runs `use` with a temporary env file holding `env` (mode 600 unless told), removed afterwards. */
export async function withEnvFile(env: Record<string, string>, use: (path: string) => Promise<void>, mode = 0o600): Promise<void> {
  const file = writeEnvFile(env);
  chmodSync(file.path, mode);
  try {
    await use(file.path);
  } finally {
    file.remove();
  }
}
