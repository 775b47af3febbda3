import { ConfigError, DEFAULT_SYNC_MAP, readConfig } from '../../src/core/config';
import { ACCOUNT_SID, API_KEY, API_SECRET, AUTH_TOKEN, BACKUP, PRIMARY, relayEnv } from '../support/mock-runtime';

/** The problems readConfig reports for env, or fails the test when it reports none. */
function problemsOf(env: Record<string, unknown>): string[] {
  try {
    readConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('readConfig accepted the environment');
}

function errorOf(env: Record<string, unknown>): ConfigError {
  try {
    readConfig(env);
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('readConfig accepted the environment');
}

describe('readConfig', () => {
  it('reads a complete environment and normalizes the phone numbers', () => {
    const config = readConfig(relayEnv({ BACKUP_NUMBER: ' (619) 555-0102 ', TWILIO_API_SECRET: `  ${API_SECRET}  ` }));
    expect(config).toStrictEqual({
      accountSid: ACCOUNT_SID,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      primaryNumber: PRIMARY,
      backupNumber: BACKUP,
      defaultRegion: 'US',
      messagingServiceSid: undefined,
      auditLogFile: undefined,
      apiBaseUrl: undefined,
      publicBaseUrl: undefined,
    });
  });

  it('reads the optional variables', () => {
    const config = readConfig(
      relayEnv({
        DEFAULT_REGION: 'GB',
        PRIMARY_NUMBER: '020 7946 0958',
        BACKUP_NUMBER: '+16195550102',
        MESSAGING_SERVICE_SID: `MG${'0'.repeat(31)}3`,
        AUDIT_LOG_FILE: '/var/log/relay/audit.jsonl',
        TWILIO_API_BASE_URL: 'http://127.0.0.1:4010',
      }),
    );
    expect(config.defaultRegion).toBe('GB');
    expect(config.primaryNumber).toBe('+442079460958');
    expect(config.backupNumber).toBe('+16195550102');
    expect(config.messagingServiceSid).toBe(`MG${'0'.repeat(31)}3`);
    expect(config.auditLogFile).toBe('/var/log/relay/audit.jsonl');
    expect(config.apiBaseUrl?.href).toBe('http://127.0.0.1:4010/');
  });

  it('treats blank optional variables as unset', () => {
    const config = readConfig(relayEnv({ MESSAGING_SERVICE_SID: '  ', AUDIT_LOG_FILE: '', TWILIO_API_BASE_URL: ' ', DEFAULT_REGION: '' }));
    expect(config.messagingServiceSid).toBeUndefined();
    expect(config.auditLogFile).toBeUndefined();
    expect(config.apiBaseUrl).toBeUndefined();
    expect(config.defaultRegion).toBe('US');
  });

  it.each(['ACCOUNT_SID', 'TWILIO_API_KEY', 'TWILIO_API_SECRET', 'PRIMARY_NUMBER', 'BACKUP_NUMBER'])(
    'names %s when it is missing, blank or not a string',
    (name) => {
      expect(problemsOf(relayEnv({ [name]: undefined }))).toEqual([`${name} is not set`]);
      expect(problemsOf(relayEnv({ [name]: '   ' }))).toEqual([`${name} is not set`]);
      expect(problemsOf({ ...relayEnv(), [name]: 16195550100 })).toEqual([`${name} is not set`]);
    },
  );

  it('reports every problem at once, in a fixed order', () => {
    expect(problemsOf({})).toEqual([
      'ACCOUNT_SID is not set',
      'TWILIO_API_KEY is not set',
      'TWILIO_API_SECRET is not set',
      'PRIMARY_NUMBER is not set',
      'BACKUP_NUMBER is not set',
    ]);
    const error = errorOf({});
    expect(error.name).toBe('ConfigError');
    expect(error.message).toBe(
      'Invalid configuration: ACCOUNT_SID is not set; TWILIO_API_KEY is not set; TWILIO_API_SECRET is not set; PRIMARY_NUMBER is not set; BACKUP_NUMBER is not set',
    );
  });

  it('checks the format of ACCOUNT_SID', () => {
    expect(problemsOf(relayEnv({ ACCOUNT_SID: 'AC123' }))).toEqual([
      'ACCOUNT_SID must be "AC" followed by 32 hex characters (Console > Account Info)',
    ]);
    expect(problemsOf(relayEnv({ ACCOUNT_SID: API_KEY }))).toEqual([
      'ACCOUNT_SID must be "AC" followed by 32 hex characters (Console > Account Info)',
    ]);
  });

  it('says so when TWILIO_API_KEY holds an Account SID', () => {
    expect(problemsOf(relayEnv({ TWILIO_API_KEY: ACCOUNT_SID }))).toEqual([
      'TWILIO_API_KEY holds an Account SID (AC…); it must be an API Key SID (SK…)',
    ]);
  });

  it('checks the format of TWILIO_API_KEY', () => {
    expect(problemsOf(relayEnv({ TWILIO_API_KEY: 'SKnothex' }))).toEqual([
      'TWILIO_API_KEY must be an API Key SID: "SK" followed by 32 hex characters',
    ]);
  });

  it('refuses an API secret that is the Auth Token', () => {
    expect(problemsOf(relayEnv({ TWILIO_API_SECRET: AUTH_TOKEN }))).toEqual([
      'TWILIO_API_SECRET equals AUTH_TOKEN; it must be the secret of the API key, not the Auth Token',
    ]);
    expect(problemsOf(relayEnv({ TWILIO_API_SECRET: ` ${AUTH_TOKEN}` }))).toEqual([
      'TWILIO_API_SECRET equals AUTH_TOKEN; it must be the secret of the API key, not the Auth Token',
    ]);
  });

  it('accepts an API secret when AUTH_TOKEN is not set', () => {
    expect(readConfig(relayEnv({ AUTH_TOKEN: undefined })).apiSecret).toBe(API_SECRET);
  });

  it('refuses a primary and backup that are the same phone, in any format', () => {
    expect(problemsOf(relayEnv({ BACKUP_NUMBER: '(619) 555-0101' }))).toEqual([
      'PRIMARY_NUMBER and BACKUP_NUMBER are the same number; the backup must be another phone',
    ]);
  });

  it('names the phone variable that is not a valid number', () => {
    expect(problemsOf(relayEnv({ PRIMARY_NUMBER: '12345', BACKUP_NUMBER: 'whatsapp:+16195550102' }))).toEqual([
      'PRIMARY_NUMBER is not a valid phone number: "12345" (write it in E.164, e.g. +16195550100)',
      'BACKUP_NUMBER is not a valid phone number: "whatsapp:+16195550102" (write it in E.164, e.g. +16195550100)',
    ]);
  });

  it('refuses an invalid DEFAULT_REGION and still checks the numbers (against US)', () => {
    expect(problemsOf(relayEnv({ DEFAULT_REGION: 'UK' }))).toEqual([
      'DEFAULT_REGION must be a two-letter ISO country code such as US, got "UK"',
    ]);
    expect(problemsOf(relayEnv({ DEFAULT_REGION: 'XX', PRIMARY_NUMBER: '(619) 555-0101' }))).toEqual([
      'DEFAULT_REGION must be a two-letter ISO country code such as US, got "XX"',
    ]);
  });

  it('checks the format of MESSAGING_SERVICE_SID', () => {
    const message = 'MESSAGING_SERVICE_SID must be "MG" followed by 32 hex characters, or be left empty';
    expect(problemsOf(relayEnv({ MESSAGING_SERVICE_SID: 'MG123' }))).toEqual([message]);
    expect(problemsOf(relayEnv({ MESSAGING_SERVICE_SID: `SK${'0'.repeat(32)}` }))).toEqual([message]);
  });

  it.each(['http://127.0.0.1:4010', 'http://localhost:3000', 'http://[::1]:4010'])('accepts TWILIO_API_BASE_URL %s', (url) => {
    expect(readConfig(relayEnv({ TWILIO_API_BASE_URL: url })).apiBaseUrl?.hostname).toBe(new URL(url).hostname);
  });

  it.each([
    ['http://10.0.0.1', 'TWILIO_API_BASE_URL may only point at this machine (127.0.0.1, localhost or [::1]), got host "10.0.0.1"'],
    ['https://example.com', 'TWILIO_API_BASE_URL may only point at this machine (127.0.0.1, localhost or [::1]), got host "example.com"'],
    [
      'http://127.0.0.1.nip.io',
      'TWILIO_API_BASE_URL may only point at this machine (127.0.0.1, localhost or [::1]), got host "127.0.0.1.nip.io"',
    ],
    ['http://user:pw@localhost', 'TWILIO_API_BASE_URL must not carry credentials'],
    ['ftp://localhost', 'TWILIO_API_BASE_URL must use http or https, got "ftp:"'],
  ])('refuses TWILIO_API_BASE_URL %s', (url, problem) => {
    expect(problemsOf(relayEnv({ TWILIO_API_BASE_URL: url }))).toEqual([problem]);
  });

  it('reads PUBLIC_BASE_URL as a bare origin, trailing slash trimmed', () => {
    expect(readConfig(relayEnv({ PUBLIC_BASE_URL: 'https://abc123.ngrok.app/' })).publicBaseUrl).toBe('https://abc123.ngrok.app');
    expect(readConfig(relayEnv({ PUBLIC_BASE_URL: 'http://localhost:3000' })).publicBaseUrl).toBe('http://localhost:3000');
  });

  it.each(['abc123.ngrok.app', 'https://abc123.ngrok.app/sms', 'https://abc123.ngrok.app?x=1', 'ftp://abc123.ngrok.app'])(
    'refuses PUBLIC_BASE_URL %s',
    (url) => {
      expect(problemsOf(relayEnv({ PUBLIC_BASE_URL: url }))).toEqual([
        "PUBLIC_BASE_URL must be a bare http(s) origin such as https://abc.ngrok.app: no path, query or credentials",
      ]);
    },
  );

  it('reports unrelated problems together, each naming its variable', () => {
    const problems = problemsOf({
      ACCOUNT_SID: 'nope',
      TWILIO_API_KEY: ACCOUNT_SID,
      TWILIO_API_SECRET: AUTH_TOKEN,
      AUTH_TOKEN,
      DEFAULT_REGION: 'ZZ',
      PRIMARY_NUMBER: '+16195550101',
      BACKUP_NUMBER: '+16195550101',
      MESSAGING_SERVICE_SID: 'MGx',
      TWILIO_API_BASE_URL: 'https://example.com',
    });
    expect(problems).toEqual([
      'ACCOUNT_SID must be "AC" followed by 32 hex characters (Console > Account Info)',
      'TWILIO_API_KEY holds an Account SID (AC…); it must be an API Key SID (SK…)',
      'TWILIO_API_SECRET equals AUTH_TOKEN; it must be the secret of the API key, not the Auth Token',
      'DEFAULT_REGION must be a two-letter ISO country code such as US, got "ZZ"',
      'PRIMARY_NUMBER and BACKUP_NUMBER are the same number; the backup must be another phone',
      'MESSAGING_SERVICE_SID must be "MG" followed by 32 hex characters, or be left empty',
      'TWILIO_API_BASE_URL may only point at this machine (127.0.0.1, localhost or [::1]), got host "example.com"',
    ]);
  });

  it('never puts the secret values in the error message', () => {
    const error = errorOf({
      ACCOUNT_SID,
      TWILIO_API_KEY: 'SK-bad',
      TWILIO_API_SECRET: AUTH_TOKEN,
      AUTH_TOKEN,
      PRIMARY_NUMBER: PRIMARY,
      BACKUP_NUMBER: PRIMARY,
      TWILIO_API_BASE_URL: `http://relay:${API_SECRET}@localhost:4010`,
    });
    expect(error.problems).toHaveLength(4);
    expect(error.message).not.toContain(AUTH_TOKEN);
    expect(error.message).not.toContain(API_SECRET);
    expect(error.message).not.toContain('SK-bad');

    const other = errorOf(relayEnv({ ACCOUNT_SID: undefined, TWILIO_API_KEY: 'SKbad' }));
    expect(other.message).not.toContain(API_SECRET);
    expect(other.message).not.toContain(AUTH_TOKEN);
  });

  // An unparseable URL cannot be masked piecewise: echoed verbatim, a password in it would reach
  // ConfigError and the audit log.
  it('does not echo a password embedded in an unparseable TWILIO_API_BASE_URL', () => {
    const error = errorOf(relayEnv({ TWILIO_API_BASE_URL: `http://relay:${API_SECRET}@localhost:99999` }));
    expect(error.problems).toHaveLength(1);
    expect(error.message).not.toContain(API_SECRET);
  });

  describe('Sync claims (SYNC_SERVICE_SID, SYNC_MAP)', () => {
    const SYNC = `IS${'0'.repeat(31)}5`;
    const SERVICE_PROBLEM = 'SYNC_SERVICE_SID must be "IS" followed by 32 hex characters, or be left empty';
    const MAP_PROBLEM = 'SYNC_MAP must be a name prefix (a letter, then up to 249 letters, digits, . _ -; not an MP… SID): the relay creates the Maps <SYNC_MAP>-0 … <SYNC_MAP>-15 itself';

    it('leaves the relay stateless without SYNC_SERVICE_SID, even with a SYNC_MAP', () => {
      expect(readConfig(relayEnv())).not.toHaveProperty('sync');
      expect(readConfig(relayEnv({ SYNC_SERVICE_SID: '  ' }))).not.toHaveProperty('sync');
      expect(readConfig(relayEnv({ SYNC_MAP: 'claims' }))).not.toHaveProperty('sync');
    });

    it('uses the map "relay-claims" by default', () => {
      expect(DEFAULT_SYNC_MAP).toBe('relay-claims');
      expect(readConfig(relayEnv({ SYNC_SERVICE_SID: SYNC })).sync).toStrictEqual({ serviceSid: SYNC, map: 'relay-claims' });
      expect(readConfig(relayEnv({ SYNC_SERVICE_SID: ` ${SYNC} `, SYNC_MAP: ' ' })).sync).toStrictEqual({ serviceSid: SYNC, map: 'relay-claims' });
    });

    it('accepts IS + 32 hex characters in either case', () => {
      const upper = `IS${'ABCDEF0123456789'.repeat(2)}`;
      expect(readConfig(relayEnv({ SYNC_SERVICE_SID: upper })).sync?.serviceSid).toBe(upper);
    });

    it.each(['IS123', `IS${'0'.repeat(33)}`, `IS${'g'.repeat(32)}`, `MG${'0'.repeat(32)}`, `MP${'0'.repeat(32)}`, 'default'])(
      'refuses SYNC_SERVICE_SID %s',
      (sid) => {
        expect(problemsOf(relayEnv({ SYNC_SERVICE_SID: sid }))).toEqual([SERVICE_PROBLEM]);
      },
    );

    // The prefix of the unique names "<SYNC_MAP>-0" … "-15": at most 256 characters with the suffix.
    it.each(['claims', 'relay-claims', 'Relay_Claims.v2', 'a', `m${'x'.repeat(249)}`])(
      'accepts SYNC_MAP %s (a name prefix)',
      (map) => {
        expect(readConfig(relayEnv({ SYNC_SERVICE_SID: SYNC, SYNC_MAP: map })).sync).toStrictEqual({ serviceSid: SYNC, map });
      },
    );

    it.each(['1claims', '-claims', 'relay claims', 'relay/claims', 'claims?x=1', 'cl\u00e4ims', `m${'x'.repeat(250)}`, `MP${'0123456789abcdef'.repeat(2)}`])(
      'refuses SYNC_MAP %j (a Map SID cannot name 16 Maps)',
      (map) => {
        expect(problemsOf(relayEnv({ SYNC_SERVICE_SID: SYNC, SYNC_MAP: map }))).toEqual([MAP_PROBLEM]);
      },
    );

    it('reports both Sync problems together with the others', () => {
      expect(problemsOf(relayEnv({ PRIMARY_NUMBER: undefined, SYNC_SERVICE_SID: 'IS1', SYNC_MAP: 'a b' }))).toEqual([
        'PRIMARY_NUMBER is not set',
        SERVICE_PROBLEM,
        MAP_PROBLEM,
      ]);
    });
  });
});
