import { error, warn, type Finding } from '../findings';

const ACCOUNT_SID = /^AC[0-9a-f]{32}$/i;
const API_KEY_SID = /^SK[0-9a-f]{32}$/i;
// An Auth Token is 32 lower-case hex digits; an API key's secret is 32 letters and digits of both cases.
const AUTH_TOKEN_SHAPE = /^[0-9a-f]{32}$/;

/**
 * The two credential pairs (Account SID + Auth Token, API key SID + secret) are easy to confuse.
 * readConfig already refuses an AC… SID as TWILIO_API_KEY and a secret equal to AUTH_TOKEN; these
 * are the other mix-ups, keyed by the variable they are about.
 */
export function credentialFindings(env: Record<string, string>): Map<string, Finding> {
  const found = new Map<string, Finding>();
  const { ACCOUNT_SID: account, TWILIO_API_KEY: key, TWILIO_API_SECRET: secret, AUTH_TOKEN: token } = env;

  if (account && API_KEY_SID.test(account)) {
    const swapped = key && ACCOUNT_SID.test(key) ? ' and TWILIO_API_KEY an Account SID: the two are swapped' : '; the Account SID starts with AC (Console > Account Info)';
    found.set('ACCOUNT_SID', error(`ACCOUNT_SID holds an API Key SID (SK…)${swapped}`));
  }
  if (secret && (ACCOUNT_SID.test(secret) || API_KEY_SID.test(secret))) {
    found.set('TWILIO_API_SECRET', error(`TWILIO_API_SECRET holds a SID (${secret.slice(0, 2)}…), not a secret: it must be the secret shown once when the API key was created`));
  } else if (secret && secret !== token && AUTH_TOKEN_SHAPE.test(secret)) {
    found.set(
      'TWILIO_API_SECRET',
      warn(`TWILIO_API_SECRET looks like an Auth Token (32 lower-case hex digits)${token ? ', and AUTH_TOKEN is set too' : ''}: an API key's secret mixes upper- and lower-case letters. If it is an Auth Token, create a Standard API key and use its secret`),
    );
  }
  if (token && !AUTH_TOKEN_SHAPE.test(token)) {
    found.set('AUTH_TOKEN', warn('AUTH_TOKEN does not look like an Auth Token (32 lower-case hex digits): if it is an API key secret, local signature checks will refuse every real Twilio webhook'));
  }
  return found;
}
