import { parseArgs } from 'node:util';
import { ConfigError, readConfig } from '../../src/core/config';
import { readEnvFile } from '../env-file';
import { RUNTIME_VARIABLES } from '../tools/doctor/deploy-checks';
import { startLocalRelay } from '../local-server/server';
import { freePort } from '../free-port';
import { PROJECT_ROOT } from '../project-root';

const HELP = `Usage: npm start -- [--env <file>] [--port <n>] [--fork] [--insecure]

Runs the relay's functions (dist/, built first) on the real Twilio runtime, on 127.0.0.1 only,
behind a gate that does what Twilio's gateway does once deployed: a request to a protected
function without a valid X-Twilio-Signature gets HTTP 401 and never reaches the function.

  --env <file>   the relay's variables (default: .env, which holds placeholders only). Keep the
                 real values in a file outside the repository, chmod 600.
  --port <n>     port on 127.0.0.1 (default: $PORT or 3000; 0 picks a free one). A busy port is
                 an error, never a prompt.
  --fork         a fresh process per request (cold starts) instead of warm containers
  --insecure     run without AUTH_TOKEN and accept unsigned requests. Never with a tunnel.
  --assets-folder <dir>  serve assets (the whitelist) from this folder, relative to the project
                 (default: dist/assets); the demo and the tests use their own whitelist this way
  --help         this text

Behind a tunnel (ngrok, cloudflared…), set PUBLIC_BASE_URL=https://<tunnel host> in the env file:
signatures are then checked against it and status callbacks point at it.`;

function fail(message: string): never {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

async function main() {
  const { values } = parseArgs({
    options: {
      env: { type: 'string', default: '.env' },
      port: { type: 'string', default: process.env.PORT ?? '3000' },
      fork: { type: 'boolean', default: false },
      insecure: { type: 'boolean', default: false },
      'assets-folder': { type: 'string', default: 'dist/assets' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(HELP);
  const requested = Number(values.port);
  if (!Number.isInteger(requested) || requested < 0 || requested > 65535) fail(`--port must be a port number, got "${values.port}"`);
  const port = requested === 0 ? await freePort() : requested;

  let env: Record<string, string>;
  try {
    env = readEnvFile(values.env!);
  } catch (error) {
    return fail((error as Error).message);
  }
  if (!env.AUTH_TOKEN && !values.insecure) {
    fail(
      `AUTH_TOKEN is not set in ${values.env}. It is the key that checks X-Twilio-Signature; without it anyone ` +
        'who can reach this port could make the relay send messages. Set it, or pass --insecure for a run nobody else can reach.',
    );
  }
  const runtimeOwned = Object.keys(RUNTIME_VARIABLES).filter((name) => name in env);
  if (runtimeOwned.length) fail(`${values.env} sets what the runtime provides itself:\n  - ${runtimeOwned.map((name) => `${name}: ${RUNTIME_VARIABLES[name]}`).join('\n  - ')}`);
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) fail(`${values.env} is not a usable configuration:\n  - ${error.problems.join('\n  - ')}`);
    throw error;
  }
  if (values.insecure) {
    console.warn('!! --insecure: signatures are NOT checked. Anyone who can reach this port can make the relay send messages.');
    env.ALLOW_UNSIGNED_LOCAL = 'true';
  }

  const relay = await startLocalRelay({ baseDir: PROJECT_ROOT, env, port, fork: values.fork, insecure: values.insecure, assetsFolder: values['assets-folder'] }).catch((error: NodeJS.ErrnoException) =>
    fail(error.code === 'EADDRINUSE' ? `port ${port} is in use: pass --port <another> or --port 0` : error.message),
  );
  console.log(`sms-relay is running on ${relay.url} (127.0.0.1 only, ${values.fork ? 'a process per request' : 'warm containers'}).`);
  console.log(values.insecure ? 'Signatures are NOT checked (--insecure).' : `X-Twilio-Signature is checked with AUTH_TOKEN against ${env.PUBLIC_BASE_URL ?? 'the URL each request was sent to'}.`);
  console.log(`\nThe relay number's Messaging webhook ("A message comes in", HTTP POST):\n  ${relay.publicUrl}/sms/incoming`);
  console.log(`"Primary handler fails" (SmsFallbackUrl, HTTP POST):\n  ${relay.publicUrl}/sms/fallback`);
  console.log(`Status callbacks go to ${relay.publicUrl}/sms/status by themselves.\nCtrl-C stops it.\n`);

  const stop = (signal: string) => {
    console.log(`\n${signal}: stopping.`);
    const forced = setTimeout(() => process.exit(0), 5000);
    forced.unref();
    void relay.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error) => fail((error as Error).stack ?? String(error)));
