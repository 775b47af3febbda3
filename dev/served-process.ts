import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from './project-root';

export interface ServedProcess {
  url: string;
  port: number;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Writes variables to a private (mode 600) temporary env file, as the README asks of real ones. */
export function writeEnvFile(env: Record<string, string>): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sms-relay-env-'));
  const path = join(dir, 'relay.env');
  writeFileSync(path, Object.entries(env).map(([key, value]) => `${key}=${value}`).join('\n') + '\n', { mode: 0o600 });
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${child.spawnargs.join(' ')} exited with ${child.exitCode}:\n${output()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`nothing answered on ${url} within ${timeoutMs} ms:\n${output()}`);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // the group is already gone
  }
}

/**
 * Starts a Node.js server script in its own process group and waits until `port` answers HTTP.
 * stop() ends the whole group (SIGTERM, then SIGKILL after 3 s), so worker processes that a
 * server forked go with it, even when the test that started it failed.
 */
export interface ServedProcessOptions {
  onOutput?: (text: string) => void;
  cleanup?: () => void;
  /** Extra environment (e.g. a private HOME for the Twilio CLI). */
  env?: Record<string, string>;
}

export async function startServedProcess(args: string[], port: number, options: ServedProcessOptions = {}): Promise<ServedProcess> {
  let log = '';
  // A script path runs with this Node.js; a binary (the twilio CLI) runs as it is.
  const [command, ...rest] = args[0].endsWith('.js') ? [process.execPath, ...args] : args;
  const child = spawn(command, rest, {
    cwd: PROJECT_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', FORCE_COLOR: '0', CI: 'true', ...options.env },
  });
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    log += text;
    options.onOutput?.(text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    options.cleanup?.();
  };
  const url = `http://localhost:${port}`;
  try {
    await waitUntilServing(`${url}/__ready`, child, () => log, 30000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, process: child, output: () => log, stop };
}
