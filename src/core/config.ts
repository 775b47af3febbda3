import { parseApiBaseUrl } from './twilio/api-base-url';
import { readAlertTarget, type AlertTarget } from './alerts/alert-config';
import { isRegion, toE164, type CountryCode } from './phone';

/** What the relay needs from its environment, validated and normalized. */
export interface RelayConfig {
  accountSid: string;
  apiKey: string;
  apiSecret: string;
  primaryNumber: string;
  backupNumber: string;
  defaultRegion: CountryCode;
  messagingServiceSid?: string;
  auditLogFile?: string;
  apiBaseUrl?: URL;
  /** Where Twilio reaches this service when that is not DOMAIN_NAME, e.g. a tunnel (https://abc.ngrok.app). */
  publicBaseUrl?: string;
  /** Exactly-once claims (claims.ts) live in this Sync Service, in Maps "<map>-0" … "<map>-15"; without it the relay is stateless. */
  sync?: { serviceSid: string; map: string };
  /** ALERT_WEBHOOK_URL (a secret) and ALERT_INCLUDE_TEXT: where a lost dispatch is reported (docs/alerts.md). */
  alert?: AlertTarget;
}

/** The environment as Twilio Functions hand it over: context holds every variable as a string. */
export type RelayEnv = Record<string, unknown>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

const ACCOUNT_SID = /^AC[0-9a-f]{32}$/i;
const API_KEY_SID = /^SK[0-9a-f]{32}$/i;
const MESSAGING_SERVICE_SID = /^MG[0-9a-f]{32}$/i;
const SYNC_SERVICE_SID = /^IS[0-9a-f]{32}$/i;
/**
 * The prefix of the claim Maps' unique names: the relay creates "<prefix>-<k>" (claim-maps.ts),
 * which must stay a valid unique name: at most 256 characters and not SID-shaped
 * (https://www.twilio.com/docs/api/errors/54302). A Map SID cannot name several Maps.
 */
const SYNC_MAP = /^(?![A-Z]{2}[0-9a-f]{32}$)[A-Za-z][\w.-]{0,249}$/;
export const DEFAULT_SYNC_MAP = 'relay-claims';

function text(env: RelayEnv, name: string): string | undefined {
  const value = env[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function isBareOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return /^https?:$/.test(url.protocol) && !url.username && !url.password && url.pathname === '/' && !url.search && !url.hash;
  } catch {
    return false;
  }
}

/** A variable's trimmed value, or undefined when unset or blank: the reading every *Config module shares. */
export const envText = text;

/** Reads and checks every variable, reporting all problems at once, each naming its variable. */
export function readConfig(env: RelayEnv): RelayConfig {
  const problems: string[] = [];
  const required = (name: string): string => {
    const value = text(env, name);
    if (value === undefined) problems.push(`${name} is not set`);
    return value ?? '';
  };

  const accountSid = required('ACCOUNT_SID');
  if (accountSid && !ACCOUNT_SID.test(accountSid)) {
    problems.push('ACCOUNT_SID must be "AC" followed by 32 hex characters (Console > Account Info)');
  }

  const apiKey = required('TWILIO_API_KEY');
  if (apiKey && !API_KEY_SID.test(apiKey)) {
    problems.push(
      ACCOUNT_SID.test(apiKey)
        ? 'TWILIO_API_KEY holds an Account SID (AC…); it must be an API Key SID (SK…)'
        : 'TWILIO_API_KEY must be an API Key SID: "SK" followed by 32 hex characters',
    );
  }
  const apiSecret = required('TWILIO_API_SECRET');
  if (apiSecret && apiSecret === text(env, 'AUTH_TOKEN')) {
    problems.push('TWILIO_API_SECRET equals AUTH_TOKEN; it must be the secret of the API key, not the Auth Token');
  }

  const regionText = (text(env, 'DEFAULT_REGION') ?? 'US').toUpperCase();
  const defaultRegion: CountryCode = isRegion(regionText) ? regionText : 'US';
  if (!isRegion(regionText)) {
    problems.push(`DEFAULT_REGION must be a two-letter ISO country code such as US, got "${regionText}"`);
  }

  const phone = (name: string): string => {
    const raw = required(name);
    if (!raw) return '';
    const e164 = toE164(raw, defaultRegion);
    if (!e164) problems.push(`${name} is not a valid phone number: "${raw}" (write it in E.164, e.g. +16195550100)`);
    return e164 ?? '';
  };
  const primaryNumber = phone('PRIMARY_NUMBER');
  const backupNumber = phone('BACKUP_NUMBER');
  if (primaryNumber && primaryNumber === backupNumber) {
    problems.push('PRIMARY_NUMBER and BACKUP_NUMBER are the same number; the backup must be another phone');
  }

  const messagingServiceSid = text(env, 'MESSAGING_SERVICE_SID');
  if (messagingServiceSid && !MESSAGING_SERVICE_SID.test(messagingServiceSid)) {
    problems.push('MESSAGING_SERVICE_SID must be "MG" followed by 32 hex characters, or be left empty');
  }

  let apiBaseUrl: URL | undefined;
  const baseUrlText = text(env, 'TWILIO_API_BASE_URL');
  if (baseUrlText) {
    try {
      apiBaseUrl = parseApiBaseUrl(baseUrlText);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }

  const publicBaseUrl = text(env, 'PUBLIC_BASE_URL');
  if (publicBaseUrl && !isBareOrigin(publicBaseUrl)) {
    // The value is not echoed: it may carry a password.
    problems.push('PUBLIC_BASE_URL must be a bare http(s) origin such as https://abc.ngrok.app: no path, query or credentials');
  }

  const syncServiceSid = text(env, 'SYNC_SERVICE_SID');
  const syncMap = text(env, 'SYNC_MAP') ?? DEFAULT_SYNC_MAP;
  if (syncServiceSid && !SYNC_SERVICE_SID.test(syncServiceSid)) {
    problems.push('SYNC_SERVICE_SID must be "IS" followed by 32 hex characters, or be left empty');
  }
  if (syncServiceSid && !SYNC_MAP.test(syncMap)) problems.push('SYNC_MAP must be a name prefix (a letter, then up to 249 letters, digits, . _ -; not an MP… SID): the relay creates the Maps <SYNC_MAP>-0 … <SYNC_MAP>-15 itself');

  let alert: AlertTarget | undefined;
  try {
    alert = readAlertTarget(text(env, 'ALERT_WEBHOOK_URL'), text(env, 'ALERT_INCLUDE_TEXT'));
  } catch (error) {
    problems.push((error as Error).message);
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    accountSid,
    apiKey,
    apiSecret,
    primaryNumber,
    backupNumber,
    defaultRegion,
    messagingServiceSid,
    auditLogFile: text(env, 'AUDIT_LOG_FILE'),
    apiBaseUrl,
    publicBaseUrl: publicBaseUrl?.replace(/\/+$/, ''),
    ...(syncServiceSid && { sync: { serviceSid: syncServiceSid, map: syncMap } }),
    ...(alert && { alert }),
  };
}
