import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './free-port';
import { PROJECT_ROOT } from './project-root';
import { startServedProcess, writeEnvFile, type ServedProcess } from './served-process';
import type { RelayProcessOptions } from './twilio-run-process';

/** Installs (once, into .cache) and locates the pinned Twilio CLI with its serverless plugin. */
export function installTwilioCli(): { twilio: string; env: Record<string, string> } {
  const output = execFileSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'install-twilio-cli.mjs'), '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600000 });
  return JSON.parse(output.trim().split('\n').pop()!);
}

/**
 * `twilio serverless:start`, the way the relay's users run it: the CLI plugin's own bundled
 * twilio-run 3.5.x (not the project's 5.x) loading the project's @twilio/runtime-handler.
 */
export async function startTwilioCliServerless(options: RelayProcessOptions): Promise<ServedProcess> {
  const cli = installTwilioCli();
  const port = options.port ?? (await freePort());
  const file = writeEnvFile(options.env);
  const args = [cli.twilio, 'serverless:start', '--port', String(port), '--env', file.path];
  if (!options.fork) args.push('--no-fork-process', '--no-live');
  if (options.assetsFolder) args.push('--assets-folder', options.assetsFolder);
  return startServedProcess(args, port, { onOutput: options.onOutput, cleanup: file.remove, env: cli.env });
}
