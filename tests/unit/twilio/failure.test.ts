import { auditFailure } from '../../../src/core/twilio/failure';
import { ConfigError } from '../../../src/core/config';
import { WhitelistError } from '../../../src/core/whitelist';

const INBOUND = `SM${'0'.repeat(31)}a`;

describe('auditFailure', () => {
  it('says which configuration to fix', () => {
    const audit = jest.fn();
    auditFailure(audit, new ConfigError(['PRIMARY_NUMBER is not set', 'TWILIO_API_SECRET is not set']), INBOUND);
    expect(audit.mock.calls).toEqual([
      [{ event: 'error', level: 'error', inbound: INBOUND, reason: 'relay not configured: PRIMARY_NUMBER is not set; TWILIO_API_SECRET is not set' }],
    ]);
  });

  it('says the relay failed closed on a whitelist problem', () => {
    const audit = jest.fn();
    auditFailure(audit, new WhitelistError('whitelist has no usable sender'), INBOUND);
    expect(audit).toHaveBeenCalledWith({
      event: 'error',
      level: 'error',
      inbound: INBOUND,
      reason: 'failing closed, nothing forwarded: whitelist has no usable sender',
    });
  });

  it('logs anything else as unexpected, with its message only', () => {
    const audit = jest.fn();
    auditFailure(audit, new TypeError("Cannot read properties of undefined (reading 'sid')"));
    auditFailure(audit, 'a string');
    auditFailure(audit, null);
    expect(audit.mock.calls.map(([record]) => record)).toEqual([
      { event: 'error', level: 'error', inbound: undefined, reason: "unexpected error: Cannot read properties of undefined (reading 'sid')" },
      { event: 'error', level: 'error', inbound: undefined, reason: 'unexpected error: a string' },
      { event: 'error', level: 'error', inbound: undefined, reason: 'unexpected error: null' },
    ]);
  });
});
