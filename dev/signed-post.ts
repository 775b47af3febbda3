import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';

export interface PostResult {
  /** HTTP status, or the network error's message when there was no answer. */
  status: number | string;
  text: string;
}

/**
 * POSTs a form the way Twilio does: X-Twilio-Signature is HMAC-SHA1 (Auth Token) over the full
 * URL and the sorted parameters, computed with the twilio package itself. A null token sends no
 * signature at all.
 */
export async function postSigned(url: string, params: Record<string, string>, authToken: string | null, signUrl = url): Promise<PostResult> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    'User-Agent': 'TwilioProxy/1.1',
  };
  if (authToken !== null) headers['X-Twilio-Signature'] = getExpectedTwilioSignature(authToken, signUrl, params);
  try {
    const response = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params).toString(), signal: AbortSignal.timeout(15000) });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    return { status: (error as Error).message, text: '' };
  }
}
