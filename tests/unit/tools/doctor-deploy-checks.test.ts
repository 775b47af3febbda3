import { CONTEXT_LIMIT_BYTES, contextSizeFinding, deployedVariables, deployOnlyFindings, exactlyOnceFinding, RUNTIME_RESERVE_BYTES, runtimeVariableFindings, twoWayFinding } from '../../../dev/tools/doctor/deploy-checks';
import { deployableEnv } from '../../support/run-tool';

describe('deployedVariables', () => {
  it('is what twilio-run deploy uploads: no ACCOUNT_SID, no AUTH_TOKEN, no empty value', () => {
    const uploaded = deployedVariables({ ...deployableEnv(), MESSAGING_SERVICE_SID: '' });
    expect(Object.keys(uploaded).sort()).toEqual(['BACKUP_NUMBER', 'PRIMARY_NUMBER', 'SYNC_SERVICE_SID', 'TWILIO_API_KEY', 'TWILIO_API_SECRET']);
  });
});

describe('contextSizeFinding', () => {
  it('counts the uploaded variables as JSON plus a reserve for what the runtime adds', () => {
    const env = deployableEnv();
    const bytes = JSON.stringify(deployedVariables(env)).length;
    expect(contextSizeFinding(env)).toEqual({ level: 'ok', text: `deployed environment size: ${bytes} bytes of variables + ${RUNTIME_RESERVE_BYTES} the runtime adds = ${bytes + RUNTIME_RESERVE_BYTES} of Twilio's 3072-byte context limit` });
  });

  it('is an error past 3 KB, naming error 82006', () => {
    const room = CONTEXT_LIMIT_BYTES - RUNTIME_RESERVE_BYTES - JSON.stringify(deployedVariables(deployableEnv({ NOTES: '' }))).length;
    const justFits = deployableEnv({ NOTES: 'n'.repeat(room - '"NOTES":"",'.length) });
    expect(contextSizeFinding(justFits).level).toBe('ok');
    const tooBig = deployableEnv({ NOTES: 'n'.repeat(room) });
    expect(contextSizeFinding(tooBig)).toEqual({ level: 'error', text: expect.stringContaining('invocations may fail with error 82006') });
  });

  it('counts bytes, not characters', () => {
    const ascii = contextSizeFinding(deployableEnv({ NOTE: 'e' })).text;
    const accented = contextSizeFinding(deployableEnv({ NOTE: 'é' })).text;
    expect(Number(/= (\d+) of/.exec(accented)![1]) - Number(/= (\d+) of/.exec(ascii)![1])).toBe(1);
  });
});

describe('deployOnlyFindings', () => {
  it('refuses TWILIO_API_BASE_URL and PUBLIC_BASE_URL, and warns about AUDIT_LOG_FILE', () => {
    const env = deployableEnv({ TWILIO_API_BASE_URL: 'http://127.0.0.1:4010', PUBLIC_BASE_URL: 'https://abc.ngrok.app', AUDIT_LOG_FILE: '/tmp/a.jsonl' });
    expect(deployOnlyFindings(env).map((f) => `${f.level} ${f.text.split(':')[0]}`)).toEqual([
      'error TWILIO_API_BASE_URL is set',
      'error PUBLIC_BASE_URL is set',
      'warn AUDIT_LOG_FILE is set',
    ]);
    expect(deployOnlyFindings(deployableEnv())).toEqual([]);
  });

  it('refuses WHITELIST_FILE in the env file: the build never reads it there', () => {
    expect(deployOnlyFindings(deployableEnv({ WHITELIST_FILE: '/etc/sms-relay/whitelist.json' }))).toEqual([
      { level: 'error', text: expect.stringContaining('WHITELIST_FILE is set in the env file: npm run build reads it from the environment') },
    ]);
  });
});

describe('runtimeVariableFindings', () => {
  it('refuses DOMAIN_NAME, PATH and ALLOW_UNSIGNED_LOCAL in an env file, even empty', () => {
    const env = deployableEnv({ DOMAIN_NAME: 'relay-1234-dev.twil.io', PATH: '/usr/bin', ALLOW_UNSIGNED_LOCAL: '' });
    expect(runtimeVariableFindings(env).map((f) => `${f.level} ${f.text.split(':')[0]}`)).toEqual([
      'error DOMAIN_NAME is set',
      'error PATH is set',
      'error ALLOW_UNSIGNED_LOCAL is set',
    ]);
    expect(runtimeVariableFindings(deployableEnv())).toEqual([]);
  });
});

describe('exactlyOnceFinding', () => {
  it('warns that a relay without Sync may send a repeated webhook twice', () => {
    expect(exactlyOnceFinding({})).toEqual({ level: 'warn', text: expect.stringContaining('SYNC_SERVICE_SID is not set: the relay runs stateless') });
  });

  it('names the service (shortened) and the map when Sync is configured', () => {
    expect(exactlyOnceFinding({ SYNC_SERVICE_SID: 'IS' + 'c3'.repeat(16) })).toEqual({
      level: 'ok',
      text: 'duplicate-suppressing claims in Sync service ISc3c3…, Maps relay-claims-0…15 (created on first use; the duplicates still possible are in docs/reliability.md)',
    });
    expect(exactlyOnceFinding({ SYNC_SERVICE_SID: 'IS' + 'c3'.repeat(16), SYNC_MAP: 'claims' }).text).toContain('Maps claims-0…15');
  });
});

describe('twoWayFinding', () => {
  const SYNC = 'IS' + 'c3'.repeat(16);
  it('without SYNC_SERVICE_SID: two-way is off, and what it needs', () => {
    expect(twoWayFinding({})).toEqual({ level: 'ok', text: expect.stringContaining('two-way dispatch is off: it needs SYNC_SERVICE_SID') });
  });

  it('with Sync: on, and the dispatch Maps it creates', () => {
    expect(twoWayFinding({ SYNC_SERVICE_SID: SYNC, SYNC_MAP: 'claims' })).toEqual({ level: 'ok', text: expect.stringContaining('two-way dispatch is on: codes, replies and notices, kept in Maps claims-dispatch-0…31') });
    expect(twoWayFinding({ SYNC_SERVICE_SID: SYNC, TWO_WAY: 'false' }).text).toContain('two-way dispatch is off (TWO_WAY=false)');
  });

  it('names each problem of its variables', () => {
    expect(twoWayFinding({ SYNC_SERVICE_SID: SYNC, REPLY_WINDOW_HOURS: '0' })).toEqual({ level: 'error', text: expect.stringContaining('REPLY_WINDOW_HOURS must be a whole number') });
  });
});
