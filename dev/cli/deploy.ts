import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../project-root';
import { readEnvFile } from '../env-file';
import { failWith, parseCli } from '../tools/cli';
import { printFindings } from '../tools/findings';
import { runDoctor } from '../tools/doctor/run-doctor';
import { BUILT_WHITELIST, whitelistFile } from '../tools/whitelist/whitelist-path';

const HELP = `Usage: npm run deploy -- --env <file> [--dry-run] [-- <twilio-run deploy options>]

Builds, runs npm run doctor on the env file, and only if it finds no error deploys with the
project's twilio-run:  twilio-run deploy --env <file> [options after --]
(e.g. -- --environment prod, or -- --username <AC…> --password <Auth Token>).
The whitelist deployed is $WHITELIST_FILE when set (keep the real numbers outside the
repository), else the committed src/assets/whitelist.private.json (demo numbers).

twilio-run deploy authenticates with ACCOUNT_SID and AUTH_TOKEN from the env file (it does not
upload those two) or with --username/--password. With the Twilio CLI instead, run
npm run doctor -- --env <file>, then twilio serverless:deploy --env <file>.

  --env <file>   the relay's private env file (required: the committed .env holds placeholders)
  --dry-run      run the checks and print the deploy command without running it
  --help         this text`;

const fail: (message: string) => never = failWith('deploy');

async function main() {
  const { values, positionals } = parseCli(
    { allowPositionals: true, options: { env: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } },
    fail,
  );
  if (values.help) return console.log(HELP);
  if (!values.env) fail('--env <file> is required: the private env file to deploy (see docs/deploy.md)');
  const envFile = resolve(values.env);

  console.log(`deploy: npm run doctor -- --env ${envFile}`);
  const whitelist = whitelistFile();
  const findings = await runDoctor({ envFile, whitelistFile: whitelist }).catch((caught: Error) => fail(caught.message));
  const errors = printFindings(findings);
  if (errors > 0) fail(`stopped: doctor found ${errors} error${errors === 1 ? '' : 's'}; nothing was deployed`);
  // What is uploaded is dist/: it must hold the whitelist doctor just checked, not a stale build's.
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
  if (read(BUILT_WHITELIST) === undefined || read(BUILT_WHITELIST) !== read(whitelist)) {
    fail(`stopped: dist/assets/whitelist.private.json is not ${whitelist}: build with the same WHITELIST_FILE (npm run deploy builds first); nothing was deployed`);
  }
  console.log(`deploy: the whitelist deployed is ${whitelist}`);

  const credentialsGiven = positionals.includes('--username') || !!readEnvFile(envFile).AUTH_TOKEN;
  if (!credentialsGiven) console.warn('deploy: AUTH_TOKEN is not in the env file and no --username/--password follows --: twilio-run will refuse to deploy');
  const twilioRun = join(PROJECT_ROOT, 'node_modules', 'twilio-run', 'bin', 'twilio-run.js');
  const args = ['deploy', '--env', envFile, ...positionals];
  console.log(`deploy: twilio-run ${args.join(' ')}`);
  if (values['dry-run']) return console.log('deploy: --dry-run, nothing deployed');
  const run = spawnSync(process.execPath, [twilioRun, ...args], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
}

main().catch((caught) => fail((caught as Error).stack ?? String(caught)));
