import { error, ok, warn, type Finding } from '../findings';
import { ConfigError } from '../../../src/core/config';
import { DISPATCH_SHARDS } from '../../../src/core/dispatch/dispatch-maps';
import { readTwoWayConfig } from '../../../src/core/dispatch/two-way-config';
import { CLAIM_SHARDS } from '../../../src/core/twilio/claim-maps';

/**
 * What `twilio serverless:deploy --env <file>` / `twilio-run deploy` upload: the file's variables
 * minus empty ones and minus ACCOUNT_SID and AUTH_TOKEN, which they use as deploy credentials and
 * the runtime fills in itself (twilio-run's filterEnvVariablesForDeploy, config/utils/env.ts).
 */
export function deployedVariables(env: Record<string, string>): Record<string, string> {
  const { ACCOUNT_SID: _account, AUTH_TOKEN: _token, ...rest } = env;
  return Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== ''));
}

/**
 * Twilio error 82006 "Environment Context too large" (https://www.twilio.com/docs/api/errors/82006):
 * "Context size consists of account metadata, domain name, path and Environment variables stored
 * as a JSON string. If this string exceeds 3KB, invocations may fail."
 */
export const CONTEXT_LIMIT_BYTES = 3 * 1024;
/**
 * Room for what the runtime adds to that JSON itself: ACCOUNT_SID, DOMAIN_NAME, PATH, SERVICE_SID,
 * ENVIRONMENT_SID (about 200 bytes for a *.twil.io domain), rounded up.
 */
export const RUNTIME_RESERVE_BYTES = 256;

export function contextSizeFinding(env: Record<string, string>): Finding {
  const bytes = Buffer.byteLength(JSON.stringify(deployedVariables(env)), 'utf8');
  const total = bytes + RUNTIME_RESERVE_BYTES;
  const measure = `${bytes} bytes of variables + ${RUNTIME_RESERVE_BYTES} the runtime adds = ${total} of Twilio's ${CONTEXT_LIMIT_BYTES}-byte context limit`;
  return total > CONTEXT_LIMIT_BYTES
    ? error(`deployed environment too large: ${measure}; invocations may fail with error 82006. Remove unused variables or shorten values`)
    : ok(`deployed environment size: ${measure}`);
}

/** Variables that only make sense on this machine and break a deployed relay. */
export function deployOnlyFindings(env: Record<string, string>): Finding[] {
  const findings: Finding[] = [];
  if (env.TWILIO_API_BASE_URL) {
    findings.push(error('TWILIO_API_BASE_URL is set: it is for local tests against the emulator; deployed, the relay could not reach Twilio. Remove it from the file you deploy'));
  }
  if (env.PUBLIC_BASE_URL) {
    findings.push(error('PUBLIC_BASE_URL is set: it is for local runs behind a tunnel; deployed, status callbacks would go to the tunnel and failover to the backup would never happen. Remove it from the file you deploy'));
  }
  if (env.WHITELIST_FILE) {
    // The build takes it from the shell's environment only: from this file it would deploy the committed demo whitelist.
    findings.push(error('WHITELIST_FILE is set in the env file: npm run build reads it from the environment, not from this file, and would deploy the committed demo whitelist. Remove it here and export WHITELIST_FILE in the shell that runs npm'));
  }
  if (/^http:/i.test(env.ALERT_WEBHOOK_URL ?? '')) {
    // Only a loopback URL passes the relay's check with http: a receiver on this machine, for tests.
    findings.push(warn('ALERT_WEBHOOK_URL is a plain http URL on this machine: for tests only; deployed, no alert would arrive. Use the https URL of your Slack incoming webhook'));
  }
  if (env.AUDIT_LOG_FILE) {
    findings.push(warn('AUDIT_LOG_FILE is set: deployed Functions have no lasting disk; the audit trail is in Twilio\'s function logs (see npm run audit)'));
  }
  return findings;
}

/**
 * Variables the runtime provides itself. The local runtimes build the context as
 * `{PATH, DOMAIN_NAME, ..., ...env}` (@twilio/runtime-handler dev-runtime/route.js, constructContext),
 * so the file's value wins over the runtime's: DOMAIN_NAME would point every callback at that
 * domain (the functions refuse a local *.twil.io one), PATH would hide the request's path.
 */
export const RUNTIME_VARIABLES: Record<string, string> = {
  DOMAIN_NAME: 'the runtime sets DOMAIN_NAME itself; from the file it replaces the local runtime\'s own value, so callbacks would go to that domain and the functions refuse to serve (behind a tunnel, set PUBLIC_BASE_URL)',
  PATH: 'the runtime sets PATH (the request path) itself; from the file it replaces the path a function is told it was called at',
};

/** Variables no env file should hold: the runtime's own, and the switch that turns local signature checks off. */
export function runtimeVariableFindings(env: Record<string, string>): Finding[] {
  const findings = Object.keys(RUNTIME_VARIABLES)
    .filter((name) => name in env)
    .map((name) => error(`${name} is set: ${RUNTIME_VARIABLES[name]}. Remove it from the file`));
  if ('ALLOW_UNSIGNED_LOCAL' in env) {
    findings.push(error('ALLOW_UNSIGNED_LOCAL is set: without AUTH_TOKEN it lets local runs accept unsigned requests, so anyone who reaches the port can make the relay send. npm start --insecure sets it for one run; never keep it in a file'));
  }
  return findings;
}

/** Without Sync the relay still works, statelessly: say what that gives up (docs/reliability.md). */
export function exactlyOnceFinding(env: Record<string, string>): Finding {
  return env.SYNC_SERVICE_SID
    ? ok(`duplicate-suppressing claims in Sync service ${env.SYNC_SERVICE_SID.slice(0, 6)}…, Maps ${env.SYNC_MAP || 'relay-claims'}-0…${CLAIM_SHARDS - 1} (created on first use; the duplicates still possible are in docs/reliability.md)`)
    : warn('SYNC_SERVICE_SID is not set: the relay runs stateless, so a repeated webhook, a duplicated status callback or a replayed signed request can send a message twice (docs/reliability.md)');
}

/** Two-way dispatch (issue 10, docs/two-way.md): on with Sync unless TWO_WAY=false; say which, and what it needs or creates. */
export function twoWayFinding(env: Record<string, string>): Finding {
  let enabled: boolean;
  try {
    enabled = readTwoWayConfig(env).enabled;
  } catch (problem) {
    if (!(problem instanceof ConfigError)) throw problem;
    return error(`two-way dispatch: ${problem.problems.join('; ')}`);
  }
  const map = env.SYNC_MAP || 'relay-claims';
  if (enabled) {
    return ok(`two-way dispatch is on: codes, replies and notices, kept in Maps ${map}-dispatch-0…${DISPATCH_SHARDS - 1} (created on first use; TWO_WAY=false turns it off; docs/two-way.md)`);
  }
  return env.SYNC_SERVICE_SID
    ? ok('two-way dispatch is off (TWO_WAY=false): phones\' replies are handled as new messages (docs/two-way.md)')
    : ok('two-way dispatch is off: it needs SYNC_SERVICE_SID (its codes, replies and notices keep state in Sync); without it phones\' replies are handled as new messages (docs/two-way.md)');
}
