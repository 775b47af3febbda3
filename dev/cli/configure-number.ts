import { createClientWith } from '../../src/core/twilio/client';
import { toE164 } from '../../src/core/phone';
import { apiBaseUrlFromEnvironment, emulatorNotice } from '../tools/api-base-url-override';
import { failWith, parseCli } from '../tools/cli';
import { confirm } from '../tools/confirm';
import { adminCredentials, ARGV_TOKEN_WARNING, describeCredentials, needsAuthTokenPrompt, type AdminCredentials } from '../tools/configure-number/admin-credentials';
import { desiredWebhooks, parseBaseUrl, planWebhooks, type Change, type MessagingWebhooks } from '../tools/configure-number/webhook-plan';
import { findIncomingNumber, type IncomingNumber } from '../tools/incoming-numbers';
import { maskSid } from '../tools/mask';
import { askSecret } from '../tools/secret-prompt';
import { callFailure, describeFailure, isAuthFailure } from '../tools/twilio-error';

const HELP = `Usage: npm run configure-number -- --number <E.164> --base-url <https://…> [--yes] [--force] [--no-fallback]
                                   [--account-sid <AC…>]

Points the relay number's Messaging webhooks at the deployed service, through Twilio's REST API
(IncomingPhoneNumbers): SmsUrl <base>/sms/incoming and SmsFallbackUrl <base>/sms/fallback, both
HTTP POST. Shows the current values and what would change, then asks before changing anything.

  --number <E.164>      the relay number, e.g. +16195550000
  --base-url <url>      the service's origin, e.g. https://sms-relay-1234-dev.twil.io
  --no-fallback         leave SmsFallbackUrl as it is
  --force               replace webhooks that point somewhere else (another service, an old deploy)
  --yes                 do not ask (needed when there is no terminal to ask on)
  --account-sid <AC…>   the account (default: $TWILIO_ACCOUNT_SID)
  --help                this text

This admin task uses the account's SID and Auth Token, never the relay's API key, which stays the
deployed function's own credential. The Auth Token comes from $TWILIO_AUTH_TOKEN, or, on a
terminal, from a prompt that does not echo it. --auth-token <token> still works but is warned
about: the process list (ps) and your shell history would keep it.`;

const fail: (message: string) => never = failWith('configure-number');

/** The SDK's option for an API parameter: SmsUrl → smsUrl. */
const sdkName = (param: keyof MessagingWebhooks) => `${param[0].toLowerCase()}${param.slice(1)}`;

const webhooksOf = (number: IncomingNumber): MessagingWebhooks => ({
  SmsUrl: number.smsUrl ?? '',
  SmsMethod: number.smsMethod ?? '',
  SmsFallbackUrl: number.smsFallbackUrl ?? '',
  SmsFallbackMethod: number.smsFallbackMethod ?? '',
});

const shown = (value: string) => value || '(none)';
const printWebhooks = (webhooks: MessagingWebhooks) => {
  for (const [param, value] of Object.entries(webhooks)) console.log(`  ${param.padEnd(18)} ${shown(value)}`);
};
const printChanges = (changes: Change[]) => {
  for (const { param, from, to } of changes) console.log(`  ${param.padEnd(18)} ${shown(from)}  ->  ${to}`);
};

function refusal(credentials: AdminCredentials, caught: unknown): string {
  const failure = callFailure(caught);
  return isAuthFailure(failure)
    ? `Twilio refused account ${maskSid(credentials.accountSid)} with this Auth Token (${describeFailure(failure)}): ${credentials.authTokenFrom} must be the account's Auth Token (Console > Account Info), not an API key secret`
    : describeFailure(failure);
}

async function main() {
  const { values } = parseCli(
    {
      options: {
        number: { type: 'string' },
        'base-url': { type: 'string' },
        'no-fallback': { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
        'account-sid': { type: 'string' },
        'auth-token': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    },
    fail,
  );
  if (values.help) return console.log(HELP);
  if (!values.number || !values['base-url']) fail('--number and --base-url are both needed (--help shows an example)');
  const e164 = values.number.trim().startsWith('+') ? toE164(values.number, 'US') : undefined;
  if (!e164) fail(`--number must be a phone number in E.164 (+ and country code), e.g. +16195550000, got "${values.number}"`);
  if (values['auth-token']) console.warn(`configure-number: ${ARGV_TOKEN_WARNING}`);
  const flags = { accountSid: values['account-sid'], authToken: values['auth-token'] };
  const prompted = needsAuthTokenPrompt(flags, process.env) && process.stdin.isTTY ? await askSecret('Auth Token of the account (Console > Account Info; not shown): ') : undefined;
  let base: string, credentials: AdminCredentials, apiBaseUrl: URL | undefined;
  try {
    base = parseBaseUrl(values['base-url']);
    credentials = adminCredentials(flags, process.env, prompted);
    apiBaseUrl = apiBaseUrlFromEnvironment();
  } catch (caught) {
    return fail((caught as Error).message);
  }
  console.log(describeCredentials(credentials));
  if (apiBaseUrl) console.log(emulatorNotice(apiBaseUrl));

  const client = createClientWith({ username: credentials.accountSid, password: credentials.authToken, accountSid: credentials.accountSid, apiBaseUrl });
  const number = await findIncomingNumber(client, e164).catch((caught) => fail(refusal(credentials, caught)));
  if (!number) fail(`${e164} is not a phone number of account ${maskSid(credentials.accountSid)}: check the number, or the account`);

  const current = webhooksOf(number);
  console.log(`\n${e164} (${number.sid}) now:`);
  printWebhooks(current);
  if (number.smsApplicationSid) {
    console.warn(`\n! SmsApplicationSid is ${number.smsApplicationSid}: a Messaging Service or TwiML App takes this number's messages, and Twilio only uses SmsUrl if that service defers to the sender's webhook.`);
  }
  const plan = planWebhooks(current, desiredWebhooks(base, !values['no-fallback']));
  if (plan.changes.length === 0) return console.log('\nNothing to change: the number already points at the relay.');
  if (plan.elsewhere.length > 0 && !values.force) {
    for (const { param, from } of plan.elsewhere) console.error(`configure-number: ${param} points elsewhere (${from})`);
    fail('refusing to replace webhooks that point elsewhere: check nothing else needs them, then pass --force');
  }
  console.log('\nChanges:');
  printChanges(plan.changes);

  if (!values.yes) {
    if (!process.stdin.isTTY) fail('no terminal to confirm on: nothing changed. Pass --yes to apply without asking');
    if (!(await confirm(`Apply ${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'} to ${e164}? [y/N] `))) fail('not confirmed: nothing changed');
  }
  const update = Object.fromEntries(plan.changes.map(({ param, to }) => [sdkName(param), to]));
  const updated = await client.incomingPhoneNumbers(number.sid).update(update).catch((caught) => fail(refusal(credentials, caught)));
  console.log(`\n${e164} now:`);
  printWebhooks(webhooksOf(updated));
  console.log(`\nDone. Smoke test: text ${e164} from a whitelisted phone; the primary phone should get it (docs/deploy.md).`);
}

main().catch((caught) => fail((caught as Error).stack ?? String(caught)));
