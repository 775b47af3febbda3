#!/usr/bin/env node
// Installs the Twilio CLI and its serverless plugin, pinned, into the git-ignored .cache/twilio-cli,
// with a private HOME so the user's own CLI profile and plugins are never touched. The end-to-end
// suite runs `twilio serverless:start` from there, the way the relay's users start it.
// Idempotent: a finished install leaves a marker and is reused.
// --json: print {"twilio": <binary>, "env": {…}} last, for the test launcher (dev/twilio-cli.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TWILIO_CLI_VERSION = '6.2.4';
const PLUGIN_SERVERLESS_VERSION = '3.1.3';

const root = new URL('..', import.meta.url).pathname;
const dir = join(root, '.cache', 'twilio-cli', `${TWILIO_CLI_VERSION}-${PLUGIN_SERVERLESS_VERSION}`);
const home = join(dir, 'home');
const marker = join(dir, 'ready');
const twilio = join(dir, 'node_modules', '.bin', 'twilio');

function cliEnvironment() {
  return {
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_CACHE_HOME: join(home, 'cache'),
    TWILIO_TELEMETRY_DISABLED: '1',
  };
}

const json = process.argv.includes('--json');
const log = json ? (text) => console.error(text) : (text) => console.log(text);

if (existsSync(marker)) {
  log(`twilio CLI ${TWILIO_CLI_VERSION} with plugin-serverless ${PLUGIN_SERVERLESS_VERSION}: already in ${dir}`);
} else {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  log(`installing twilio-cli@${TWILIO_CLI_VERSION} and @twilio-labs/plugin-serverless@${PLUGIN_SERVERLESS_VERSION} into ${dir} (about a minute)…`);
  const env = { ...process.env, ...cliEnvironment() };
  try {
    execFileSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--no-save', `twilio-cli@${TWILIO_CLI_VERSION}`, `@twilio-labs/plugin-serverless@${PLUGIN_SERVERLESS_VERSION}`], { stdio: ['ignore', 'ignore', 'inherit'], env });
    // link: the plugin is already installed beside the CLI, so nothing is fetched again.
    execFileSync(twilio, ['plugins:link', join(dir, 'node_modules', '@twilio-labs', 'plugin-serverless')], { stdio: ['ignore', 'ignore', 'inherit'], env });
  } catch (error) {
    console.error(`install-twilio-cli: ${error.message}`);
    process.exit(1);
  }
  writeFileSync(marker, new Date().toISOString());
  log('done');
}
if (json) console.log(JSON.stringify({ twilio, env: cliEnvironment() }));
