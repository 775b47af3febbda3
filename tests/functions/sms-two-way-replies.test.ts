/**
 * Replies through the handlers with two-way on (mock Runtime, Sync claims on the fake Sync, the
 * in-memory DispatchStore): relayed to the right dispatcher, acknowledged once, "taken" told once,
 * unknown codes answered, loops broken, and nothing of a reply's text in the audit trail.
 */
import { legSent } from '../../src/core/dispatch/record';
import { BACKUP, DISPATCH, PRIMARY, RELAY, SECOND_SENDER } from '../support/mock-runtime';
import { useTwoWayBed } from '../support/two-way-bed';

const bed = useTwoWayBed();
const MEDIA = 'https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages/MM1/Media/ME1';

describe('a reply from a phone the dispatch reached', () => {
  it('goes to the dispatcher from the relay number, names who answered and the code, and acknowledges', async () => {
    const b = bed();
    const inbound = await b.inbound(DISPATCH, 'Gate code changed');
    const reply = await b.inbound(PRIMARY, 'On my way');
    expect(b.sentTo(DISPATCH)).toEqual([expect.objectContaining({ from: RELAY, body: '#1 Primary: On my way' })]);
    expect(b.sentTo(DISPATCH)[0]).not.toHaveProperty('statusCallback');
    expect(b.lines('replied')).toEqual([{ audit: 'replied', level: 'info', inbound, code: 1, reply, leg: 'primary', outbound: b.sentTo(DISPATCH)[0].sid, to: '***0100' }]);
    expect(b.lines('acknowledged')).toEqual([{ audit: 'acknowledged', level: 'info', inbound, code: 1, leg: 'primary', seconds: expect.any(Number) }]);
    expect(b.store.records.get(inbound)!.ack).toMatchObject({ leg: 'primary', replySid: reply });
    // The backup never got the dispatch: it is not told "taken".
    expect(b.sentTo(BACKUP)).toEqual([]);
  });

  it('without a code answers the most recent open dispatch; with a code, that one: across two dispatchers', async () => {
    const b = bed();
    await b.inbound(DISPATCH, 'first');
    await b.inbound(SECOND_SENDER, 'second');
    await b.inbound(PRIMARY, 'no code');
    await b.inbound(PRIMARY, '#1 with code');
    await b.inbound(PRIMARY, '# 2: again');
    expect(b.sentTo(DISPATCH).map((m) => m.body)).toEqual(['#1 Primary: with code']);
    expect(b.sentTo(SECOND_SENDER).map((m) => m.body)).toEqual(['#2 Primary: no code', '#2 Primary: again']);
    expect(b.lines('acknowledged')).toHaveLength(2);
  });

  it('relays media, and a media-only reply says so', async () => {
    const b = bed();
    await b.inbound(DISPATCH, 'photo?');
    await b.inbound(PRIMARY, '', { NumMedia: '1', MediaUrl0: MEDIA });
    expect(b.sentTo(DISPATCH)).toEqual([expect.objectContaining({ body: '#1 Primary: (media only)', mediaUrl: [MEDIA] })]);
  });

  it('acknowledges with its audit line when the ack write landed but its answer was lost (the retry re-reads our own ack)', async () => {
    const b = bed();
    const inbound = await b.inbound(DISPATCH, 'Gate code changed');
    const real = b.store.update.bind(b.store);
    jest.spyOn(b.store, 'update').mockImplementationOnce(async (sid, change, deadline) => {
      await real(sid, change, deadline);
      return real(sid, change, deadline);
    });
    const reply = await b.inbound(PRIMARY, 'On my way');
    expect(b.store.records.get(inbound)!.ack).toMatchObject({ replySid: reply });
    expect(b.lines('acknowledged')).toEqual([expect.objectContaining({ inbound, leg: 'primary' })]);
  });

  it('redelivered after a newer dispatch arrived: acknowledges the dispatch its first delivery went to, not the newer one', async () => {
    const b = bed();
    const first = await b.inbound(DISPATCH, 'Gate code changed');
    const reply = await b.inbound(PRIMARY, 'On my way');
    const second = await b.inbound(DISPATCH, 'Second thing');
    await b.inbound(PRIMARY, 'On my way', { MessageSid: reply });
    expect(b.store.records.get(first)!.ack).toMatchObject({ replySid: reply });
    expect(b.store.records.get(second)!.ack).toBeUndefined();
    expect(b.lines('acknowledged')).toEqual([expect.objectContaining({ inbound: first })]);
  });

  it('reaches its dispatcher when the record never noted the forward (its update failed): the forward\'s claim says sent', async () => {
    const b = bed();
    const update = jest.spyOn(b.store, 'update').mockRejectedValueOnce(new Error('Sync unavailable: 429'));
    const inbound = await b.inbound(DISPATCH, 'Gate code changed');
    expect(b.store.records.get(inbound)!.legs).toEqual({});
    update.mockRestore();
    await b.inbound(PRIMARY, 'On my way');
    expect(b.sentTo(DISPATCH).map((m) => m.body)).toEqual(['#1 Primary: On my way']);
    expect(b.sentTo(BACKUP)).toEqual([]);
    expect(b.store.records.get(inbound)!.legs.primary).toMatchObject({ state: 'sent' });
  });

  it('delivered twice (a Twilio retry) is relayed once and acknowledges once', async () => {
    const b = bed();
    await b.inbound(DISPATCH, 'Gate code changed');
    const reply = await b.inbound(PRIMARY, 'On my way');
    await b.inbound(PRIMARY, 'On my way', { MessageSid: reply });
    expect(b.sentTo(DISPATCH)).toHaveLength(1);
    expect(b.lines('acknowledged')).toHaveLength(1);
    expect(b.lines('duplicate')).toEqual([expect.objectContaining({ reply, reason: 'rp already claimed (sent): not sent again' })]);
  });

  it('never writes the reply\'s text, or a number unmasked, in the audit trail', async () => {
    const b = bed();
    await b.inbound(DISPATCH, 'Gate code changed');
    await b.inbound(PRIMARY, 'Code 4411 at gate 7, on my way');
    const raw = b.audit.lines().map((line) => line.raw).join('\n');
    expect(raw).not.toContain('4411');
    expect(raw).not.toContain('on my way');
    expect(raw).not.toContain('6195550100');
  });
});

describe('the "taken" notice, when the dispatch reached both phones', () => {
  async function reachedBoth(b: ReturnType<typeof bed>) {
    const inbound = await b.inbound(DISPATCH, 'Gate code changed');
    await b.store.update(inbound, (record) => legSent(record, 'backup', `SM${'e'.repeat(32)}`, new Date()));
    return inbound;
  }

  it('goes to the other phone once; later replies are relayed without a second notice', async () => {
    const b = bed();
    const inbound = await reachedBoth(b);
    await b.inbound(PRIMARY, 'On my way');
    await b.inbound(PRIMARY, 'There in 5');
    await b.inbound(BACKUP, 'Ok');
    expect(b.sentTo(BACKUP).map((m) => m.body)).toEqual(['#1 taken by Primary']);
    expect(b.sentTo(DISPATCH).map((m) => m.body)).toEqual(['#1 Primary: On my way', '#1 Primary: There in 5', '#1 Backup: Ok']);
    expect(b.lines('notice')).toEqual([{ audit: 'notice', level: 'info', inbound, code: 1, notice: 'taken', leg: 'backup', outbound: b.sentTo(BACKUP)[0].sid }]);
    expect(b.lines('acknowledged')).toHaveLength(1);
  });

  it('two replies racing from both phones: both relayed, one acknowledgement, one notice to the loser\'s phone', async () => {
    const b = bed();
    const inbound = await reachedBoth(b);
    await Promise.all([b.inbound(PRIMARY, 'Mine'), b.inbound(BACKUP, 'Mine too')]);
    expect(b.sentTo(DISPATCH).map((m) => m.body).sort()).toEqual(['#1 Backup: Mine too', '#1 Primary: Mine']);
    expect(b.lines('acknowledged')).toHaveLength(1);
    const winner = b.store.records.get(inbound)!.ack!.leg;
    expect(b.lines('acknowledged')[0]).toMatchObject({ leg: winner });
    const loser = winner === 'primary' ? 'backup' : 'primary';
    expect(b.lines('notice')).toEqual([expect.objectContaining({ notice: 'taken', leg: loser })]);
    expect(b.sentTo(loser === 'primary' ? PRIMARY : BACKUP).map((m) => m.body).filter((body) => body.includes('taken'))).toEqual([`#1 taken by ${winner === 'primary' ? 'Primary' : 'Backup'}`]);
  });
});

describe('a message from a phone that is not a reply', () => {
  it('an explicit #12 from a phone with no open dispatch gets the unknown-code answer, not a new dispatch; once per 10 minutes', async () => {
    const b = bed();
    await b.inbound(PRIMARY, '#12 On my way');
    await b.inbound(PRIMARY, '#12 On my way');
    expect(b.sentTo(BACKUP)).toEqual([]);
    expect(b.sentTo(PRIMARY).map((m) => m.body)).toEqual(['#12 is not an open dispatch. Reply without a code to answer the most recent one.']);
    expect(b.lines('reply-unmatched')).toHaveLength(2);
  });

  it('with an unknown code: that phone gets its open codes, nobody else anything, at most 5 times', async () => {
    const b = bed();
    await b.inbound(DISPATCH, 'Gate code changed');
    const reply = await b.inbound(PRIMARY, '#9 hello');
    expect(b.sentTo(PRIMARY).slice(1).map((m) => m.body)).toEqual(['#9 is not an open dispatch. Open: #1. Start your reply with one; without a code it answers the most recent.']);
    expect(b.sentTo(DISPATCH)).toEqual([]);
    expect(b.lines('reply-unmatched')).toEqual([expect.objectContaining({ inbound: reply, leg: 'primary', code: 9, outbound: b.sentTo(PRIMARY)[1].sid })]);
    for (let n = 0; n < 5; n += 1) await b.inbound(PRIMARY, '#9 hello');
    expect(b.sentTo(PRIMARY)).toHaveLength(1 + 5);
    expect(b.lines('reply-unmatched')).toHaveLength(6);
    expect(b.lines('reply-unmatched')[5]).not.toHaveProperty('outbound');
    expect(b.lines('reply-unmatched')[5].reason).toBe('no open dispatch with this code on this phone: not answered: 5 answers sent since its last reply reached a dispatch; nothing went to a dispatcher');
    // A reply that reaches a dispatch starts the count again.
    await b.inbound(PRIMARY, '#1 ok');
    await b.inbound(PRIMARY, '#9 hello');
    expect(b.sentTo(PRIMARY)).toHaveLength(1 + 6);
  });

  it('after a failover the primary never got: the backup\'s reply reaches the dispatcher, the primary\'s is no reply', async () => {
    const b = bed();
    const inbound = await b.inbound(DISPATCH, 'Gate code changed');
    await b.status(b.sent()[0], 'undelivered', '30003');
    await b.inbound(BACKUP, 'Got it');
    const fromPrimary = await b.inbound(PRIMARY, 'What happened?');
    expect(b.sentTo(DISPATCH).map((m) => m.body)).toEqual(['#1 Backup: Got it']);
    expect(b.sentTo(PRIMARY)).toHaveLength(1);
    // The primary is whitelisted here, so, as one-way does, its text is a dispatch to the backup.
    expect(b.store.records.get(fromPrimary)).toMatchObject({ chain: ['backup'] });
    expect(b.store.records.get(inbound)!.ack).toMatchObject({ leg: 'backup' });
  });

  it('STOP from the primary goes nowhere', async () => {
    const b = bed();
    await b.inbound(DISPATCH, 'Gate code changed');
    await b.inbound(PRIMARY, 'STOP');
    expect(b.sent()).toHaveLength(1);
    expect(b.lines('keyword')).toHaveLength(1);
  });

  it('is handled as one-way does when the store cannot be read (a dispatch to the other phone), with a warning', async () => {
    const b = bed();
    await b.inbound(DISPATCH, 'Gate code changed');
    jest.spyOn(b.store, 'openRecords').mockRejectedValue(new Error('Sync unavailable: 503'));
    const reply = await b.inbound(PRIMARY, 'On my way');
    expect(b.sentTo(DISPATCH)).toEqual([]);
    expect(b.lines('dispatch-unavailable')[0]).toMatchObject({ inbound: reply, reason: 'dispatch store unavailable (Sync unavailable: 503): handled as a new message, not as a reply' });
    expect(b.sentTo(BACKUP).map((m) => m.body)).toEqual(['From +16195550101 #2: On my way']);
  });
});

describe('a reply when the store cannot be read', () => {
  it('from a phone that is not whitelisted: an error line says the reply may be lost', async () => {
    const b = bed();
    await b.inbound(DISPATCH, 'Gate code changed');
    jest.spyOn(b.store, 'openRecords').mockRejectedValue(new Error('Sync unavailable: 503'));
    const reply = await b.inbound(BACKUP, 'On my way');
    expect(b.sent().filter((m) => m.body.includes('On my way'))).toEqual([]);
    expect(b.lines('rejected')).toEqual([expect.objectContaining({ inbound: reply, level: 'error', reason: expect.stringContaining('if this was a reply to a dispatch it is lost') })]);
  });
});

describe('two auto-responders (the dispatcher\'s phone and the primary answer everything)', () => {
  it('a held reply delivered again acknowledges nothing', async () => {
    const b = bed();
    await b.inbound(DISPATCH, 'Gate code changed');
    const replies: string[] = [];
    for (let turn = 1; turn <= 4; turn += 1) {
      replies.push(await b.inbound(PRIMARY, `auto reply ${turn}`));
      await b.inbound(DISPATCH, `auto answer ${turn}`);
    }
    expect(b.lines('loop-suppressed')).toHaveLength(1);
    await b.inbound(PRIMARY, 'auto reply 4', { MessageSid: replies[3] });
    expect(b.lines('acknowledged')).toHaveLength(3);
    expect([...b.store.records.values()].filter((record) => record.ack?.replySid === replies[3])).toEqual([]);
  });

  it('stop being relayed after 3 replies each way, with loop-suppressed; dispatches still flow', async () => {
    const b = bed();
    await b.inbound(DISPATCH, 'Gate code changed');
    for (let turn = 1; turn <= 5; turn += 1) {
      await b.inbound(PRIMARY, `auto reply ${turn}`);
      await b.inbound(DISPATCH, `auto answer ${turn}`);
    }
    expect(b.sentTo(DISPATCH).map((m) => m.body)).toEqual(['#1 Primary: auto reply 1', '#2 Primary: auto reply 2', '#3 Primary: auto reply 3']);
    // The 6 dispatches, and once (when the pause started) why its replies stopped going through.
    expect(b.sentTo(PRIMARY).map((m) => m.body).filter((body) => !body.startsWith('From '))).toEqual([
      'Your replies to Dispatch (+16195550100) are held for 10 minutes: they look like two auto-responders answering each other. Start a reply with its #code to send it anyway.',
    ]);
    expect(b.sentTo(PRIMARY)).toHaveLength(7);
    expect(b.lines('notice')).toEqual([expect.objectContaining({ notice: 'held', leg: 'primary', code: 4 })]);
    expect(b.lines('loop-suppressed')).toEqual([
      expect.objectContaining({ inbound: expect.any(String), code: 4, reply: expect.any(String), leg: 'primary' }),
      expect.objectContaining({ code: 5, leg: 'primary' }),
    ]);
  });
});
