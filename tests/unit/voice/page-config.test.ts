import type { RelayEnv } from '../../../src/core/config';
import { readTwoWayConfig } from '../../../src/core/dispatch/two-way-config';
import { readVoiceConfig } from '../../../src/core/voice/config';
import { readPagingConfig } from '../../../src/core/voice/page-config';
import { problemsOf as problemsOfConfig } from '../../support/config-problems';

const SYNC = { SYNC_SERVICE_SID: 'IS' + 'c3'.repeat(16) };
const read = (env: RelayEnv) => readPagingConfig(env, readTwoWayConfig(env), readVoiceConfig(env));
const problemsOf = (env: Record<string, string>) => problemsOfConfig(read, env);

describe('readPagingConfig', () => {
  it('is off by default, ringing as long as DIAL_TIMEOUT_SECONDS', () => {
    expect(read({})).toEqual({ pageByCall: false, ringTimeoutSeconds: 20, requireAttestation: false });
    expect(read({ DIAL_TIMEOUT_SECONDS: '30' }).ringTimeoutSeconds).toBe(30);
  });

  it('pages by call with two-way on', () => {
    expect(read({ ...SYNC, PAGE_BY_CALL: 'true' })).toEqual({ pageByCall: true, ringTimeoutSeconds: 20, requireAttestation: false });
  });

  it('requires attestation independently of paging (it concerns incoming calls)', () => {
    expect(read({ REQUIRE_ATTESTATION: 'TRUE' })).toMatchObject({ pageByCall: false, requireAttestation: true });
  });

  it('refuses PAGE_BY_CALL without two-way, naming the variable', () => {
    expect(problemsOf({ PAGE_BY_CALL: 'true' })).toEqual(['PAGE_BY_CALL needs two-way dispatch: set SYNC_SERVICE_SID (and leave TWO_WAY unset or true)']);
    expect(problemsOf({ ...SYNC, TWO_WAY: 'false', PAGE_BY_CALL: 'true' })).toEqual([expect.stringContaining('PAGE_BY_CALL needs two-way dispatch')]);
  });

  it('reports every malformed flag at once', () => {
    expect(problemsOf({ PAGE_BY_CALL: 'yes', REQUIRE_ATTESTATION: '1' })).toEqual([
      'PAGE_BY_CALL must be true or false, got "yes"',
      'REQUIRE_ATTESTATION must be true or false, got "1"',
    ]);
  });
});
