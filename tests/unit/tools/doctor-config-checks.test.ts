import { configFindings, placeholderFindings } from '../../../dev/tools/doctor/config-checks';
import { credentialFindings } from '../../../dev/tools/doctor/credential-checks';
import { deployableEnv } from '../../support/run-tool';

const ACCOUNT = 'AC' + 'a1'.repeat(16);
const KEY = 'SK' + 'b2'.repeat(16);
const TEMPLATE = { ACCOUNT_SID: 'AC' + 'x'.repeat(32), TWILIO_API_KEY: 'SK' + 'x'.repeat(32), PRIMARY_NUMBER: '+15555550100', BACKUP_NUMBER: '+15555550101', DEFAULT_REGION: 'US' };

const lines = (env: Record<string, string>) => configFindings(env, TEMPLATE).findings.map((f) => `${f.level} ${f.text}`);
const errors = (env: Record<string, string>) => lines(env).filter((l) => l.startsWith('error'));

describe('configFindings', () => {
  it('passes a complete configuration and returns it', () => {
    const { findings, config } = configFindings(deployableEnv(), TEMPLATE);
    expect(findings).toEqual([{ level: 'ok', text: expect.stringContaining('every variable is set and well-formed') }]);
    expect(config?.accountSid).toBe(ACCOUNT);
  });

  it("reports each of readConfig's problems on its own line: missing variables, bad SIDs, invalid numbers", () => {
    const env = deployableEnv({ ACCOUNT_SID: 'AC123', TWILIO_API_KEY: 'SK-not-a-sid', PRIMARY_NUMBER: '12' });
    delete env.BACKUP_NUMBER;
    const { findings, config } = configFindings(env, TEMPLATE);
    expect(config).toBeUndefined();
    expect(findings.map((f) => f.text)).toEqual([
      'ACCOUNT_SID must be "AC" followed by 32 hex characters (Console > Account Info)',
      'TWILIO_API_KEY must be an API Key SID: "SK" followed by 32 hex characters',
      'PRIMARY_NUMBER is not a valid phone number: "12" (write it in E.164, e.g. +16195550100)',
      'BACKUP_NUMBER is not set',
    ]);
  });

  it('reports the two-way variables the relay would refuse, with the other problems at once', () => {
    const { findings, config } = configFindings(deployableEnv({ TWO_WAY: 'yes', PRIMARY_NUMBER: '12' }), TEMPLATE);
    expect(config).toBeUndefined();
    expect(findings.map((f) => f.text)).toEqual([
      'PRIMARY_NUMBER is not a valid phone number: "12" (write it in E.164, e.g. +16195550100)',
      'TWO_WAY must be true or false, got "yes"',
    ]);
  });

  it('reports ACK_TIMEOUT_MINUTES without Sync and without MESSAGING_SERVICE_SID, naming both', () => {
    const { findings, config } = configFindings(deployableEnv({ ACK_TIMEOUT_MINUTES: '15', SYNC_SERVICE_SID: '' }), TEMPLATE);
    expect(config).toBeUndefined();
    expect(findings.map((f) => f.text)).toEqual([
      'ACK_TIMEOUT_MINUTES needs two-way dispatch: set SYNC_SERVICE_SID (and leave TWO_WAY unset or true)',
      'ACK_TIMEOUT_MINUTES needs MESSAGING_SERVICE_SID: Twilio schedules messages only through a Messaging Service (error 35118)',
    ]);
  });

  it('passes ACK_TIMEOUT_MINUTES with Sync and a Messaging Service', () => {
    const env = deployableEnv({ ACK_TIMEOUT_MINUTES: '15', SYNC_SERVICE_SID: `IS${'0'.repeat(31)}5`, MESSAGING_SERVICE_SID: `MG${'0'.repeat(31)}3` });
    expect(configFindings(env, TEMPLATE).config).toBeDefined();
  });

  it('calls the committed placeholders "not filled in", once per variable, instead of "malformed"', () => {
    const env = deployableEnv({ ACCOUNT_SID: TEMPLATE.ACCOUNT_SID, TWILIO_API_KEY: 'SKxxxxxxxx' + '0'.repeat(24), PRIMARY_NUMBER: '+15555550100' });
    expect(errors(env)).toEqual([
      expect.stringMatching(/^error ACCOUNT_SID still holds the placeholder "ACx+" from the committed \.env/),
      expect.stringMatching(/^error TWILIO_API_KEY still holds the placeholder/),
      expect.stringMatching(/^error PRIMARY_NUMBER still holds the placeholder "\+15555550100"/),
    ]);
  });

  it('does not take an optional variable with the template value (DEFAULT_REGION=US) for a placeholder', () => {
    expect(placeholderFindings(deployableEnv({ DEFAULT_REGION: 'US' }), TEMPLATE).size).toBe(0);
  });

  it('refuses an Account SID in TWILIO_API_KEY (readConfig) and says the pair is swapped when ACCOUNT_SID holds the key', () => {
    expect(errors(deployableEnv({ TWILIO_API_KEY: ACCOUNT }))).toEqual(['error TWILIO_API_KEY holds an Account SID (AC…); it must be an API Key SID (SK…)']);
    expect(errors(deployableEnv({ ACCOUNT_SID: KEY, TWILIO_API_KEY: ACCOUNT }))).toEqual([
      'error ACCOUNT_SID holds an API Key SID (SK…) and TWILIO_API_KEY an Account SID: the two are swapped',
      'error TWILIO_API_KEY holds an Account SID (AC…); it must be an API Key SID (SK…)',
    ]);
  });

  it('refuses the Auth Token as the API secret (readConfig)', () => {
    const token = 'c3d4'.repeat(8);
    expect(errors(deployableEnv({ AUTH_TOKEN: token, TWILIO_API_SECRET: token }))).toEqual([
      'error TWILIO_API_SECRET equals AUTH_TOKEN; it must be the secret of the API key, not the Auth Token',
    ]);
  });
});

describe('credentialFindings', () => {
  it('warns when the API secret has the shape of an Auth Token, saying AUTH_TOKEN is set too', () => {
    const found = credentialFindings(deployableEnv({ TWILIO_API_SECRET: 'c3d4'.repeat(8) }));
    expect(found.get('TWILIO_API_SECRET')).toEqual({ level: 'warn', text: expect.stringContaining('looks like an Auth Token (32 lower-case hex digits), and AUTH_TOKEN is set too') });
  });

  it('refuses a SID pasted as the API secret', () => {
    expect(credentialFindings(deployableEnv({ TWILIO_API_SECRET: KEY })).get('TWILIO_API_SECRET')).toEqual({ level: 'error', text: expect.stringContaining('holds a SID (SK…), not a secret') });
  });

  it('warns when AUTH_TOKEN has the shape of an API secret rather than an Auth Token', () => {
    expect(credentialFindings(deployableEnv({ AUTH_TOKEN: 'Vv8Ysx5a7kxLk2JEa0xYpe1CVDmnMwxS' })).get('AUTH_TOKEN')?.level).toBe('warn');
  });

  it('says nothing about a well-formed pair of pairs', () => {
    expect(credentialFindings(deployableEnv({ TWILIO_API_SECRET: 'Vv8Ysx5a7kxLk2JEa0xYpe1CVDmnMwxS' })).size).toBe(0);
  });
});
