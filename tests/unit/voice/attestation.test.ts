import { checkAttestation } from '../../../src/core/voice/attestation';

describe('checkAttestation', () => {
  it('lets every call through with REQUIRE_ATTESTATION off, signed or not', () => {
    expect(checkAttestation({}, false)).toEqual({ allowed: true });
    expect(checkAttestation({ StirVerstat: 'TN-Validation-Failed-A' }, false)).toEqual({ allowed: true });
  });

  it('with it on, lets through TN-Validation-Passed-A only', () => {
    expect(checkAttestation({ StirVerstat: 'TN-Validation-Passed-A' }, true)).toEqual({ allowed: true });
  });

  it('refuses a call without StirVerstat: a carrier that does not sign', () => {
    expect(checkAttestation({}, true)).toEqual({ allowed: false, reason: 'no StirVerstat: the call carried no STIR/SHAKEN signature' });
    expect(checkAttestation({ StirVerstat: '' }, true)).toEqual({ allowed: false, reason: 'no StirVerstat: the call carried no STIR/SHAKEN signature' });
  });

  it('refuses attestation B and C, failed verifications and No-TN-Validation, each with its reason', () => {
    expect(checkAttestation({ StirVerstat: 'TN-Validation-Passed-B' }, true)).toEqual({
      allowed: false,
      reason: 'StirVerstat TN-Validation-Passed-B: verified, but attestation B does not vouch for the number',
    });
    expect(checkAttestation({ StirVerstat: 'TN-Validation-Passed-C' }, true)).toMatchObject({ allowed: false });
    for (const failed of ['TN-Validation-Failed-A', 'TN-Validation-Failed-B', 'TN-Validation-Failed-C', 'TN-Validation-Failed']) {
      expect(checkAttestation({ StirVerstat: failed }, true)).toEqual({ allowed: false, reason: `StirVerstat ${failed}: the signature did not verify` });
    }
    expect(checkAttestation({ StirVerstat: 'No-TN-Validation' }, true)).toEqual({ allowed: false, reason: 'StirVerstat No-TN-Validation: nothing was verified' });
  });

  it('refuses look-alikes: another spelling is not Twilio\'s A', () => {
    for (const odd of ['tn-validation-passed-a', 'TN-Validation-Passed', 'A', 'TN-Validation-Passed-A-Diverted']) {
      expect(checkAttestation({ StirVerstat: odd }, true)).toMatchObject({ allowed: false });
    }
    expect(checkAttestation({ StirVerstat: ['TN-Validation-Passed-A'] }, true)).toMatchObject({ allowed: false });
  });
});
