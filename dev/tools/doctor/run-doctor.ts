import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readEnvFile } from '../../env-file';
import { PROJECT_ROOT } from '../../project-root';
import { isRegion } from '../../../src/core/phone';
import { warn, type Finding } from '../findings';
import { configFindings } from './config-checks';
import { contextSizeFinding, deployOnlyFindings, exactlyOnceFinding, runtimeVariableFindings, twoWayFinding } from './deploy-checks';
import { gitFinding, holdsSecrets, modeFinding } from './env-file-safety';
import { onlineFindings } from './online-checks';
import { alertFinding, testAlertFinding } from './alert-checks';
import { whitelistFindings } from './whitelist-check';

export interface DoctorOptions {
  envFile: string;
  whitelistFile: string;
  /** Also ask Twilio (the API key authenticates, the relay number exists). */
  online?: boolean;
  relayNumber?: string;
  /** With online: post a test alert to ALERT_WEBHOOK_URL. */
  testAlert?: boolean;
  /** Overrides the env file's TWILIO_API_BASE_URL for the online check (tests: the emulator). */
  apiBaseUrl?: URL;
}

const TEMPLATE = join(PROJECT_ROOT, '.env');

/** Every check of a configuration before deploy, in the order an operator fixes them. Throws only when the env file cannot be read. */
export async function runDoctor(options: DoctorOptions): Promise<Finding[]> {
  const env = readEnvFile(options.envFile);
  const template = existsSync(TEMPLATE) ? readEnvFile(TEMPLATE) : {};
  const { findings, config } = configFindings(env, template);

  const region = (env.DEFAULT_REGION ?? 'US').toUpperCase();
  findings.push(...whitelistFindings(options.whitelistFile, isRegion(region) ? region : 'US'));
  if (holdsSecrets(env)) findings.push(modeFinding(options.envFile), gitFinding(options.envFile));
  if (config) findings.push(alertFinding(config));
  findings.push(...runtimeVariableFindings(env), ...deployOnlyFindings(env), exactlyOnceFinding(env), twoWayFinding(env), contextSizeFinding(env));

  if (options.online) {
    findings.push(
      ...(config
        ? await onlineFindings(options.apiBaseUrl ? { ...config, apiBaseUrl: options.apiBaseUrl } : config, options.relayNumber)
        : [warn('online checks skipped: fix the configuration errors first')]),
    );
    if (config && options.testAlert) findings.push(await testAlertFinding(config));
  }
  return findings;
}
