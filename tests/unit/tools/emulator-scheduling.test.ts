import { releaseSequence } from '../../../dev/emulator/scheduling';

describe('the emulator\'s callbacks for a scheduled message sent at SendAt', () => {
  it('leaves "scheduled" with a "queued" callback, then plays the carrier as for any message', () => {
    expect(releaseSequence({ outcome: 'delivered' })).toEqual([{ status: 'queued' }, { status: 'sent' }, { status: 'delivered' }]);
    expect(releaseSequence({ outcome: 'failed', errorCode: 30007 })).toEqual([{ status: 'queued' }, { status: 'failed', errorCode: 30007 }]);
    expect(releaseSequence({ outcome: 'sent-only' })).toEqual([{ status: 'queued' }, { status: 'sent' }]);
  });

  it('reports a scripted refusal as "failed" with its code (the create succeeded long before), and nothing when silent', () => {
    expect(releaseSequence({ outcome: 'refuse', status: 400, code: 21610 })).toEqual([{ status: 'queued' }, { status: 'failed', errorCode: 21610 }]);
    expect(releaseSequence({ outcome: 'silent' })).toEqual([]);
  });
});
