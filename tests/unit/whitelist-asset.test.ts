import { forgetCachedWhitelist, loadWhitelist, whitelistFor, WHITELIST_ASSET, type AssetMap } from '../../src/core/whitelist-asset';
import { WhitelistError } from '../../src/core/whitelist';

const GOOD = JSON.stringify({ senders: [{ number: '+16195550100', name: 'Dispatch' }, '+18585550123'] });

function assetsWith(open: () => string, path = '/var/task/assets/whitelist.json'): { assets: AssetMap; open: jest.Mock<string, []> } {
  const mock = jest.fn(open);
  return { assets: { [WHITELIST_ASSET]: { path, open: mock } }, open: mock };
}

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing was thrown');
}

beforeEach(() => forgetCachedWhitelist());

describe('loadWhitelist', () => {
  it('is read from the /whitelist.json asset', () => {
    expect(WHITELIST_ASSET).toBe('/whitelist.json');
    const { assets } = assetsWith(() => GOOD);
    const { whitelist, fresh } = loadWhitelist(assets, 'US');
    expect(fresh).toBe(true);
    expect([...whitelist.senders.keys()]).toEqual(['+16195550100', '+18585550123']);
  });

  it('fails with a WhitelistError when the asset is missing', () => {
    const error = thrown(() => loadWhitelist({}, 'US'));
    expect(error).toBeInstanceOf(WhitelistError);
    expect(error.message).toBe('private asset /whitelist.json is missing (src/assets/whitelist.private.json)');
    // An asset published under another name does not count.
    expect(() => loadWhitelist({ '/whitelist.private.json': { path: 'x', open: () => GOOD } }, 'US')).toThrow(WhitelistError);
  });

  it('fails with a WhitelistError when the asset cannot be opened', () => {
    const { assets } = assetsWith(() => {
      throw new Error('EACCES: permission denied');
    });
    const error = thrown(() => loadWhitelist(assets, 'US'));
    expect(error).toBeInstanceOf(WhitelistError);
    expect(error.message).toBe('private asset /whitelist.json cannot be read: EACCES: permission denied');
  });

  it('parses the asset once per container', () => {
    const { assets, open } = assetsWith(() => GOOD);
    const first = loadWhitelist(assets, 'US');
    const second = loadWhitelist(assets, 'US');
    expect(open).toHaveBeenCalledTimes(1);
    expect(first.fresh).toBe(true);
    expect(second.fresh).toBe(false);
    expect(second.whitelist).toBe(first.whitelist);
  });

  it('parses again after forgetCachedWhitelist', () => {
    const { assets, open } = assetsWith(() => GOOD);
    loadWhitelist(assets, 'US');
    forgetCachedWhitelist();
    expect(loadWhitelist(assets, 'US').fresh).toBe(true);
    expect(open).toHaveBeenCalledTimes(2);
  });

  it('parses again for another region, since local numbers read differently', () => {
    const { assets, open } = assetsWith(() => JSON.stringify({ senders: ['020 7946 0958', '+16195550100'] }));
    expect([...loadWhitelist(assets, 'US').whitelist.senders.keys()]).toEqual(['+16195550100']);
    expect([...loadWhitelist(assets, 'GB').whitelist.senders.keys()]).toEqual(['+442079460958', '+16195550100']);
    expect(open).toHaveBeenCalledTimes(2);
  });

  it('does not cache a failure: a fixed file is picked up on the next load', () => {
    let text = '{"senders": [';
    const { assets, open } = assetsWith(() => text);
    expect(() => loadWhitelist(assets, 'US')).toThrow(/^whitelist is not valid JSON: /);
    expect(() => loadWhitelist(assets, 'US')).toThrow(/^whitelist is not valid JSON: /);
    text = GOOD;
    expect(loadWhitelist(assets, 'US').fresh).toBe(true);
    expect(open).toHaveBeenCalledTimes(3);
  });
});

describe('whitelistFor', () => {
  it('audits what it loaded once, at info level when nothing was skipped', () => {
    const { assets } = assetsWith(() => GOOD);
    const audit = jest.fn();
    const first = whitelistFor(assets, 'US', audit);
    const second = whitelistFor(assets, 'US', audit);
    expect(second).toBe(first);
    expect(first.senders.size).toBe(2);
    expect(audit).toHaveBeenCalledTimes(1);
    expect(audit).toHaveBeenCalledWith({ event: 'whitelist', level: 'info', reason: '2 sender(s) loaded' });
  });

  it('audits skipped entries at warn level, numbers masked', () => {
    const { assets } = assetsWith(() => JSON.stringify({ senders: ['+16195550100', '12345', '(619) 555-0100', '+18585550123'] }));
    const audit = jest.fn();
    whitelistFor(assets, 'US', audit);
    expect(audit.mock.calls).toEqual([
      [
        {
          event: 'whitelist',
          level: 'warn',
          reason:
            '2 sender(s) loaded; skipped #1 ***2345 is not a valid phone number for region US; ' +
            '#2 ***0100 is listed more than once; the first entry is used',
        },
      ],
    ]);
  });

  it('audits a name it had to cut at warn level, without the name', () => {
    const { assets } = assetsWith(() => JSON.stringify({ senders: [{ number: '+16195550100', name: 'N'.repeat(50) }] }));
    const audit = jest.fn();
    whitelistFor(assets, 'US', audit);
    expect(audit).toHaveBeenCalledWith({ event: 'whitelist', level: 'warn', reason: '1 sender(s) loaded; #0 name is 50 characters long; at most 40: the relay cuts it' });
  });

  it('throws, without auditing, when the whitelist is unusable', () => {
    const { assets } = assetsWith(() => '{"senders": []}');
    const audit = jest.fn();
    expect(() => whitelistFor(assets, 'US', audit)).toThrow(new WhitelistError('whitelist has no usable sender'));
    expect(audit).not.toHaveBeenCalled();
  });
});
