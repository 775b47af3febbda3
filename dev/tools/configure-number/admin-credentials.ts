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

/**
 * Said on stderr when the Auth Token is a command-line argument: every user of the machine can
 * read a process's arguments (`ps`), and the shell keeps them in its history file.
 */
export const ARGV_TOKEN_WARNING =
  'warning: --auth-token puts the Auth Token in the process list (ps) and your shell history. Set TWILIO_AUTH_TOKEN in the environment instead, or leave both out on a terminal and type it when asked';

/** Whether the tool has to ask for the Auth Token: neither a flag nor the environment gives one. */
export const needsAuthTokenPrompt = (flags: { authToken?: string }, env: NodeJS.ProcessEnv) => !flags.authToken && !env.TWILIO_AUTH_TOKEN;

/** `prompted`: what was typed at the terminal prompt, when neither the flag nor the environment had a token. */
export function adminCredentials(flags: { accountSid?: string; authToken?: string }, env: NodeJS.ProcessEnv, prompted?: string): AdminCredentials {
  const [accountSid, accountSidFrom] = flags.accountSid ? [flags.accountSid, '--account-sid'] : [env.TWILIO_ACCOUNT_SID ?? '', 'TWILIO_ACCOUNT_SID'];
  const [authToken, authTokenFrom] = flags.authToken
    ? [flags.authToken, '--auth-token']
    : env.TWILIO_AUTH_TOKEN
      ? [env.TWILIO_AUTH_TOKEN, 'TWILIO_AUTH_TOKEN']
      : [prompted ?? '', 'the prompt'];
  if (!accountSid || !authToken) {
    throw new Error('account credentials needed: set TWILIO_ACCOUNT_SID (or pass --account-sid) and TWILIO_AUTH_TOKEN (Console > Account Info), or run it on a terminal to type the Auth Token when asked. The relay\'s API key is not used for this');
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
