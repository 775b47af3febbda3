import { join } from 'node:path';
import { freePort } from './free-port';
import { PROJECT_ROOT } from './project-root';
import { startServedProcess, writeEnvFile, type ServedProcess } from './served-process';

const TWILIO_RUN = join(PROJECT_ROOT, 'node_modules', 'twilio-run', 'bin', 'twilio-run.js');
const START_CLI = join(PROJECT_ROOT, 'build', 'cli', 'start.js');

export interface RelayProcessOptions {
  env: Record<string, string>;
  /** false = warm containers, like production; true = a process per request. */
  fork?: boolean;
  port?: number;
  /** Assets folder relative to the project, instead of dist/assets (e.g. a test's own whitelist). */
  assetsFolder?: string;
  /** Functions folder relative to the project, instead of dist/functions (twilio-run only: `--functions-folder`). */
  functionsFolder?: string;
  onOutput?: (text: string) => void;
}

export type TwilioRun = ServedProcess;

/** The plain `twilio-run start` CLI on dist/ (see .twilioserverlessrc): no signature gate in front. */
export async function startTwilioRun(options: RelayProcessOptions): Promise<ServedProcess> {
  const port = options.port ?? (await freePort());
  const file = writeEnvFile(options.env);
  const args = [TWILIO_RUN, 'start', '--port', String(port), '--env', file.path];
  if (!options.fork) args.push('--no-fork-process', '--no-live');
  if (options.assetsFolder) args.push('--assets-folder', options.assetsFolder);
  if (options.functionsFolder) args.push('--functions-folder', options.functionsFolder);
  return startServedProcess(args, port, { onOutput: options.onOutput, cleanup: file.remove });
}

/** `npm start` (build/cli/start.js): the runtime behind the signature gate. Build first. */
export async function startGatedRelay(options: RelayProcessOptions & { insecure?: boolean }): Promise<ServedProcess> {
  const port = options.port ?? (await freePort());
  const file = writeEnvFile(options.env);
  const args = [START_CLI, '--port', String(port), '--env', file.path];
  if (options.fork) args.push('--fork');
  if (options.insecure) args.push('--insecure');
  if (options.assetsFolder) args.push('--assets-folder', options.assetsFolder);
  return startServedProcess(args, port, { onOutput: options.onOutput, cleanup: file.remove });
}
