import { ConfigError, readConfig, type RelayConfig } from '../../../src/core/config';
import { readEscalationConfig } from '../../../src/core/dispatch/escalation-config';
import { readTwoWayConfig } from '../../../src/core/dispatch/two-way-config';
import { error, ok, type Finding } from '../findings';
import { credentialFindings } from './credential-checks';

/** The variables the relay cannot run without (config.ts says why each is needed). */
export const REQUIRED = ['ACCOUNT_SID', 'TWILIO_API_KEY', 'TWILIO_API_SECRET', 'PRIMARY_NUMBER', 'BACKUP_NUMBER'];

const PLACEHOLDER = /x{6,}/i;

/**
 * Required variables still holding the committed .env's placeholder values (or an "ACxxxx…"
 * pattern): readConfig would call them malformed; the operator needs to hear "not filled in yet".
 */
export function placeholderFindings(env: Record<string, string>, template: Record<string, string>): Map<string, Finding> {
  const found = new Map<string, Finding>();
  for (const name of REQUIRED) {
    const value = env[name];
    if (value !== undefined && (value === template[name] || PLACEHOLDER.test(value))) {
      found.set(name, error(`${name} still holds the placeholder "${value}" from the committed .env: put the real value in your private env file`));
    }
  }
  return found;
}

/** The variable a readConfig problem is about: every one of its lines starts with the name. */
const variableOf = (problem: string) => /^[A-Z_]+/.exec(problem)?.[0] ?? '';

/**
 * Runs the relay's own readConfig (the checks are not re-implemented here) and adds what it cannot
 * know: placeholders and swapped credentials. A specific diagnosis replaces readConfig's generic
 * line for the same variable, so each problem is one line.
 */
export function configFindings(env: Record<string, string>, template: Record<string, string>): { findings: Finding[]; config?: RelayConfig } {
  const specific = new Map([...credentialFindings(env), ...placeholderFindings(env, template)]);
  const findings = [...specific.values()];
  let config: RelayConfig | undefined;
  const diagnosed = (problem: string) => specific.get(variableOf(problem))?.level === 'error';
  // Both readers run, so a problem in either is reported with the others at once, as the relay would refuse it.
  // ACK_TIMEOUT_MINUTES is read against the two-way settings (it needs Sync and MESSAGING_SERVICE_SID).
  for (const read of [() => (config = readConfig(env)), () => readEscalationConfig(env, readTwoWayConfig(env))]) {
    try {
      read();
    } catch (caught) {
      if (!(caught instanceof ConfigError)) throw caught;
      findings.push(...caught.problems.filter((p) => !diagnosed(p)).map(error));
    }
  }
  if (config && !findings.some((f) => f.level === 'error')) {
    findings.unshift(ok(`configuration: every variable is set and well-formed (primary ${config.primaryNumber}, backup ${config.backupNumber})`));
  }
  return { findings, config: findings.some((f) => f.level === 'error') ? undefined : config };
}
