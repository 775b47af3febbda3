import { decideInbound, numberForLeg, type Destinations } from '../../../src/core/sms/routing';
import { parseWhitelist } from '../../../src/core/whitelist';

const PRIMARY = '+16195550101';
const BACKUP = '+16195550102';
const RELAY = '+16195550199';

const destinations: Destinations = { primaryNumber: PRIMARY, backupNumber: BACKUP, defaultRegion: 'US' };
const whitelist = parseWhitelist(
  JSON.stringify({
    senders: [{ number: '+16195550100', name: 'Dispatch' }, '+18585550123', { number: PRIMARY, name: 'Primary phone' }, BACKUP, RELAY],
  }),
  'US',
);

describe('decideInbound', () => {
  it('forwards a whitelisted sender to the primary, then the backup', () => {
    expect(decideInbound({ from: '+16195550100', to: RELAY }, whitelist, destinations)).toStrictEqual({
      kind: 'forward',
      sender: { number: '+16195550100', name: 'Dispatch' },
      legs: ['primary', 'backup'],
    });
  });

  it('matches the sender in any dialable format', () => {
    expect(decideInbound({ from: '(858) 555-0123', to: RELAY }, whitelist, destinations)).toStrictEqual({
      kind: 'forward',
      sender: { number: '+18585550123' },
      legs: ['primary', 'backup'],
    });
  });

  it('rejects a sender that is not whitelisted', () => {
    expect(decideInbound({ from: '+16195550150', to: RELAY }, whitelist, destinations)).toEqual({ kind: 'reject', reason: 'not-whitelisted' });
  });

  it.each(['12345', 'ACME', 'whatsapp:+16195550100', '', '+1 619 555'])('rejects the unparseable sender %j', (from) => {
    expect(decideInbound({ from, to: RELAY }, whitelist, destinations)).toEqual({ kind: 'reject', reason: 'unparseable-sender' });
  });

  it('rejects a message from the relay number itself, even when whitelisted', () => {
    expect(decideInbound({ from: RELAY, to: RELAY }, whitelist, destinations)).toEqual({ kind: 'reject', reason: 'from-relay-number' });
    expect(decideInbound({ from: '(619) 555-0199', to: RELAY }, whitelist, destinations)).toEqual({ kind: 'reject', reason: 'from-relay-number' });
  });

  it('sends a message from the primary phone only to the backup', () => {
    expect(decideInbound({ from: PRIMARY, to: RELAY }, whitelist, destinations)).toStrictEqual({
      kind: 'forward',
      sender: { number: PRIMARY, name: 'Primary phone' },
      legs: ['backup'],
      skippedLeg: 'primary',
    });
  });

  it('sends a message from the backup phone only to the primary', () => {
    expect(decideInbound({ from: BACKUP, to: RELAY }, whitelist, destinations)).toStrictEqual({
      kind: 'forward',
      sender: { number: BACKUP },
      legs: ['primary'],
      skippedLeg: 'backup',
    });
  });

  it('rejects the primary phone when it is not whitelisted', () => {
    const onlyDispatch = parseWhitelist('{"senders": ["+16195550100"]}', 'US');
    expect(decideInbound({ from: PRIMARY, to: RELAY }, onlyDispatch, destinations)).toEqual({ kind: 'reject', reason: 'not-whitelisted' });
  });
});

describe('numberForLeg', () => {
  it('maps each leg to its phone', () => {
    expect(numberForLeg('primary', destinations)).toBe(PRIMARY);
    expect(numberForLeg('backup', destinations)).toBe(BACKUP);
  });
});
