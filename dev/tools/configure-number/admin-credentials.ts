import { maskSecret, maskSid } from '../mask';

/**
 * Account-level credentials for an admin task, passed explicitly: never the relay's API key, which
 * is the deployed function's credential and stays with it.
 */
export interface AdminCredentials {
  accountSid: string;
  authToken: string;
  /** Where each came from, to say so: a flag or an environment variable. */
  accountSidFrom: string;
  authTokenFrom: string;
}

const ACCOUNT_SID = /^AC[0-9a-f]{32}$/i;
const ANY_SID = /^[A-Z]{2}[0-9a-f]{32}$/i;

export function adminCredentials(flags: { accountSid?: string; authToken?: string }, env: NodeJS.ProcessEnv): AdminCredentials {
  const [accountSid, accountSidFrom] = flags.accountSid ? [flags.accountSid, '--account-sid'] : [env.TWILIO_ACCOUNT_SID ?? '', 'TWILIO_ACCOUNT_SID'];
  const [authToken, authTokenFrom] = flags.authToken ? [flags.authToken, '--auth-token'] : [env.TWILIO_AUTH_TOKEN ?? '', 'TWILIO_AUTH_TOKEN'];
  if (!accountSid || !authToken) {
    throw new Error('account credentials needed: pass --account-sid and --auth-token, or set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (Console > Account Info). The relay\'s API key is not used for this');
  }
  if (/^SK/i.test(accountSid)) {
    throw new Error(`${accountSidFrom} holds an API Key SID (SK…): this admin task takes the Account SID (AC…) and its Auth Token, never an API key`);
  }
  if (!ACCOUNT_SID.test(accountSid)) throw new Error(`${accountSidFrom} must be an Account SID: "AC" followed by 32 hex characters`);
  if (ANY_SID.test(authToken)) throw new Error(`${authTokenFrom} holds a SID (${authToken.slice(0, 2)}…), not the Auth Token`);
  return { accountSid, authToken, accountSidFrom, authTokenFrom };
}

export function describeCredentials(c: AdminCredentials): string {
  return (
    `Using account ${maskSid(c.accountSid)} (from ${c.accountSidFrom}) and its Auth Token (${maskSecret(c.authToken)}, from ${c.authTokenFrom}): ` +
    "account-level credentials for this admin task only. The relay's API key (TWILIO_API_KEY) is never used here; it stays the deployed function's own credential."
  );
}
