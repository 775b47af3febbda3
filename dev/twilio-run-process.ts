import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { PROJECT_ROOT } from './project-root';
const TWILIO_RUN = join(PROJECT_ROOT, 'node_modules', 'twilio-run', 'bin', 'twilio-run.js');

export interface TwilioRunOptions {
  env: Record<string, string>;
  /** false = warm containers, like production (--no-fork-process --no-live); true = a process per request. */
  fork?: boolean;
  port?: number;
  /** Assets folder relative to the project, instead of dist/assets (e.g. a test's own whitelist). */
  assetsFolder?: string;
  /** Where twilio-run's own output goes; by default it is kept for error messages. */
  onOutput?: (text: string) => void;
}

export interface TwilioRun {
  url: string;
  port: number;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

function envFile(env: Record<string, string>): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sms-relay-env-'));
  const path = join(dir, 'relay.env');
  writeFileSync(path, Object.entries(env).map(([key, value]) => `${key}=${value}`).join('\n') + '\n', { mode: 0o600 });
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`twilio-run exited with ${child.exitCode}:\n${output()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`twilio-run did not answer on ${url} within ${timeoutMs} ms:\n${output()}`);
}

/**
 * Starts the real twilio-run CLI on dist/ (see .twilioserverlessrc) on a free port. Its process
 * group is killed on stop(), so the per-request worker processes of fork mode go with it.
 */
export async function startTwilioRun(options: TwilioRunOptions): Promise<TwilioRun> {
  const port = options.port ?? (await freePort());
  const file = envFile(options.env);
  const args = [TWILIO_RUN, 'start', '--port', String(port), '--env', file.path];
  if (!options.fork) args.push('--no-fork-process', '--no-live');
  if (options.assetsFolder) args.push('--assets-folder', options.assetsFolder);
  let log = '';
  const child = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', FORCE_COLOR: '0', CI: 'true' },
  });
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    log += text;
    options.onOutput?.(text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const url = `http://localhost:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 3000);
      await exited;
      clearTimeout(timer);
    }
    file.remove();
  };
  try {
    await waitUntilServing(`${url}/__ready`, child, () => log, 30000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, process: child, output: () => log, stop };
}
