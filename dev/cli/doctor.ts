import { resolve } from 'node:path';
import { toE164 } from '../../src/core/phone';
import { apiBaseUrlFromEnvironment, emulatorNotice } from '../tools/api-base-url-override';
import { failWith, parseCli } from '../tools/cli';
import { printFindings } from '../tools/findings';
import { runDoctor } from '../tools/doctor/run-doctor';
import { whitelistFile } from '../tools/whitelist/whitelist-path';

const HELP = `Usage: npm run doctor -- [--env <file>] [--whitelist <file>] [--online [--number <E.164>] [--test-alert]]

Checks a configuration before you deploy it, offline, and prints one line per check:
  - every variable the relay needs is set and well-formed (the relay's own config check), and no
    placeholder from the committed .env is left;
  - the two credential pairs are not mixed up (Account SID / Auth Token vs API key SID / secret);
  - the whitelist parses: how many senders it lets through, and each entry it would skip;
  - the env file holding secrets is private (mode 600) and cannot be committed (git ignores it,
    or it lives outside any repository);
  - nothing meant for local runs only (TWILIO_API_BASE_URL, PUBLIC_BASE_URL) would be deployed;
  - the deployed variables fit in Twilio's 3 KB function context (error 82006).

  --env <file>        the relay's variables (default: .env, which holds placeholders only)
  --whitelist <file>  the whitelist (default: $WHITELIST_FILE, else src/assets/whitelist.private.json)
  --online            also ask Twilio, with the relay's own API key: does the key authenticate
                      for ACCOUNT_SID, and (with --number) is the relay number on the account
  --number <E.164>    the relay number, for --online
  --test-alert        with --online: post a test alert to ALERT_WEBHOOK_URL, as the relay would
                      (shown masked: the URL is a secret), and report whether it was accepted
  --help              this text

Exits 0 when nothing is an ERROR (warnings are allowed), 1 otherwise.`;

const fail: (message: string) => never = failWith('doctor');

async function main() {
  const { values } = parseCli(
    {
      options: {
        env: { type: 'string', default: '.env' },
        whitelist: { type: 'string', default: whitelistFile() },
        online: { type: 'boolean', default: false },
        number: { type: 'string' },
        'test-alert': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    },
    fail,
  );
  if (values.help) return console.log(HELP);
  const relayNumber = values.number === undefined ? undefined : toE164(values.number, 'US');
  if (values.number !== undefined && !relayNumber?.startsWith('+')) fail(`--number must be a phone number in E.164, e.g. +16195550100, got "${values.number}"`);
  if (values.number !== undefined && !values.online) fail('--number is only used with --online');
  if (values['test-alert'] && !values.online) fail('--test-alert is only used with --online');

  let apiBaseUrl: URL | undefined;
  try {
    apiBaseUrl = values.online ? apiBaseUrlFromEnvironment() : undefined;
  } catch (caught) {
    fail((caught as Error).message);
  }
  if (apiBaseUrl) console.log(emulatorNotice(apiBaseUrl));

  const envFile = resolve(values.env!);
  console.log(`doctor: checking ${envFile}${values.online ? ' (online)' : ' (offline)'}`);
  const findings = await runDoctor({ envFile, whitelistFile: resolve(values.whitelist!), online: values.online, relayNumber, apiBaseUrl, testAlert: values['test-alert'] }).catch((caught: Error) =>
    fail(caught.message),
  );
  process.exitCode = printFindings(findings) > 0 ? 1 : 0;
}

main().catch((caught) => fail((caught as Error).stack ?? String(caught)));
