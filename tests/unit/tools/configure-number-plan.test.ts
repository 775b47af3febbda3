import { PassThrough } from 'node:stream';
import { confirm } from '../../../dev/tools/confirm';
import { adminCredentials, describeCredentials } from '../../../dev/tools/configure-number/admin-credentials';
import { desiredWebhooks, parseBaseUrl, planWebhooks, type MessagingWebhooks } from '../../../dev/tools/configure-number/webhook-plan';

const BASE = 'https://sms-relay-1234-dev.twil.io';
const fresh: MessagingWebhooks = { SmsUrl: 'https://demo.twilio.com/welcome/sms/reply', SmsMethod: 'POST', SmsFallbackUrl: '', SmsFallbackMethod: 'POST' };

describe('parseBaseUrl', () => {
  it('takes an https origin, with or without the trailing slash', () => {
    expect(parseBaseUrl(`${BASE}/`)).toBe(BASE);
  });

  it.each(['http://sms-relay-1234-dev.twil.io', `${BASE}/sms/incoming`, `${BASE}?x=1`, 'https://user:pw@example.com', 'sms-relay-1234-dev.twil.io'])('refuses %s', (text) => {
    expect(() => parseBaseUrl(text)).toThrow("--base-url must be the service's https origin");
  });
});

describe('planWebhooks', () => {
  it("replaces Twilio's demo reply and fills the empty fallback without calling it elsewhere", () => {
    const plan = planWebhooks(fresh, desiredWebhooks(BASE, true));
    expect(plan.changes).toEqual([
      { param: 'SmsUrl', from: fresh.SmsUrl, to: `${BASE}/sms/incoming` },
      { param: 'SmsFallbackUrl', from: '', to: `${BASE}/sms/fallback` },
    ]);
    expect(plan.elsewhere).toEqual([]);
  });

  it('flags a webhook of something else, and a method change alone is not one', () => {
    const plan = planWebhooks({ ...fresh, SmsUrl: 'https://old-5678-dev.twil.io/sms/incoming', SmsMethod: 'GET' }, desiredWebhooks(BASE, false));
    expect(plan.changes.map((c) => c.param)).toEqual(['SmsUrl', 'SmsMethod']);
    expect(plan.elsewhere).toEqual([{ param: 'SmsUrl', from: 'https://old-5678-dev.twil.io/sms/incoming', to: `${BASE}/sms/incoming` }]);
  });

  it('has nothing to do when the number already points at the relay', () => {
    const done = { SmsUrl: `${BASE}/sms/incoming`, SmsMethod: 'POST', SmsFallbackUrl: `${BASE}/sms/fallback`, SmsFallbackMethod: 'POST' };
    expect(planWebhooks(done, desiredWebhooks(BASE, true))).toEqual({ changes: [], elsewhere: [] });
  });

  it('leaves the fallback alone with --no-fallback', () => {
    expect(Object.keys(desiredWebhooks(BASE, false))).toEqual(['SmsUrl', 'SmsMethod']);
  });
});

describe('adminCredentials', () => {
  const ACCOUNT = 'AC' + 'a1'.repeat(16);
  const TOKEN = 'c3d4'.repeat(8);

  it('prefers the flags, then the environment, and says which it used without showing the token', () => {
    const fromEnv = adminCredentials({}, { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: TOKEN });
    expect(fromEnv).toMatchObject({ accountSidFrom: 'TWILIO_ACCOUNT_SID', authTokenFrom: 'TWILIO_AUTH_TOKEN' });
    const fromFlags = adminCredentials({ accountSid: ACCOUNT, authToken: TOKEN }, { TWILIO_ACCOUNT_SID: 'x', TWILIO_AUTH_TOKEN: 'y' });
    expect(fromFlags).toMatchObject({ accountSid: ACCOUNT, accountSidFrom: '--account-sid', authTokenFrom: '--auth-token' });
    const said = describeCredentials(fromFlags);
    expect(said).toContain('AC…a1a1 (from --account-sid)');
    expect(said).toContain('32 characters ending …c3d4');
    expect(said).not.toContain(TOKEN);
    expect(said).toContain("The relay's API key (TWILIO_API_KEY) is never used here");
  });

  it.each([
    [{}, 'account credentials needed'],
    [{ accountSid: 'SK' + 'b2'.repeat(16), authToken: TOKEN }, '--account-sid holds an API Key SID (SK…): this admin task takes the Account SID (AC…) and its Auth Token, never an API key'],
    [{ accountSid: 'AC123', authToken: TOKEN }, '--account-sid must be an Account SID'],
    [{ accountSid: ACCOUNT, authToken: 'SK' + 'b2'.repeat(16) }, '--auth-token holds a SID (SK…), not the Auth Token'],
  ])('refuses %j', (flags, message) => {
    expect(() => adminCredentials(flags, {})).toThrow(message);
  });
});

describe('confirm', () => {
  const ask = async (typed: string | null) => {
    const input = new PassThrough();
    const output = new PassThrough();
    const answer = confirm('Apply? [y/N] ', input, output);
    if (typed === null) input.end();
    else input.write(typed);
    return answer;
  };

  it('is yes only for y or yes', async () => {
    expect(await ask('y\n')).toBe(true);
    expect(await ask('YES\n')).toBe(true);
    expect(await ask('\n')).toBe(false);
    expect(await ask('n\n')).toBe(false);
    expect(await ask('sure\n')).toBe(false);
  });

  it('is no when the input ends without an answer', async () => {
    expect(await ask(null)).toBe(false);
  });
});
