/**
 * No message lost, none sent twice: faults injected into the emulator, duplicated and reordered
 * webhooks, through `npm start` with Sync claims on (SYNC_SERVICE_SID → the emulator's Sync).
 */
import type { Delivery } from '../../dev/emulator/delivery-script';
import { isCreateTo, isSync } from '../../dev/emulator/faults';
import { FAKE, inboundSms } from '../../dev/fixtures';
import { postSigned } from '../../dev/signed-post';
import { useRelay } from '../support/relay-harness';
import { claimMapName } from '../../src/core/twilio/claim-maps';
import { DEFAULT_SYNC_MAP } from '../../src/core/config';

const h = useRelay('gated', { env: { SYNC_SERVICE_SID: FAKE.syncServiceSid } });
const sentTo = (to: string, since: number) => h.creates().slice(since).filter((r) => r.params.To === to);
const events = (sid: string) => h.audit.chain(sid).map((l) => l.audit);

/** Script entries a test set, removed after it. */
const scripted: string[] = [];
const script = (to: string, delivery: Delivery) => {
  scripted.push(to);
  h.emulator.script[to] = delivery;
};
afterEach(() => {
  h.emulator.faults.length = 0;
  for (const to of scripted.splice(0)) delete h.emulator.script[to];
});

describe('faults', () => {
  test('429 then success: retried, one primary message, no failover', async () => {
    h.emulator.faults.push({ match: isCreateTo(FAKE.primaryNumber), fault: { kind: 'status', status: 429 }, times: 1 });
    const before = h.creates().length;
    const sms = inboundSms(FAKE.dispatcher.number, 'retry me');
    await h.sendInbound(sms);

    expect(sentTo(FAKE.primaryNumber, before)).toHaveLength(2);
    expect(h.emulator.sentTo(FAKE.primaryNumber).filter((m) => m.body.endsWith('retry me'))).toHaveLength(1);
    expect(sentTo(FAKE.backupNumber, before)).toHaveLength(0);
    expect(h.audit.chain(sms.MessageSid).find((l) => l.audit === 'forwarded')).toMatchObject({ leg: 'primary', attempts: 2 });
  });

  test.each([
    ['a 500', { kind: 'status', status: 500 } as const],
    ['a connection reset', { kind: 'reset' } as const],
  ])('%s on the primary that a lookup does not find: never created again to the primary, send-unknown, then the backup', async (label, fault) => {
    h.emulator.faults.push({ match: isCreateTo(FAKE.primaryNumber), fault, times: 3 });
    const before = h.creates().length;
    const sms = inboundSms(FAKE.dispatcher.number, label);
    await h.sendInbound(sms);

    expect(sentTo(FAKE.primaryNumber, before)).toHaveLength(1);
    expect(sentTo(FAKE.backupNumber, before)).toHaveLength(1);
    expect(events(sms.MessageSid)).toEqual(expect.arrayContaining(['send-unknown', 'failover', 'forwarded']));
    expect(h.audit.chain(sms.MessageSid).find((l) => l.audit === 'send-unknown')).toMatchObject({ leg: 'primary', attempts: 1, reason: expect.stringContaining('a lookup did not find it') });
    expect(events(sms.MessageSid)).not.toContain('send-failed');
  });

  test('a 12-second hang: the relay gives up in time, fails over, and answers well before Twilio\'s 10 s limit', async () => {
    h.emulator.faults.push({ match: isCreateTo(FAKE.primaryNumber), fault: { kind: 'hang', ms: 12000 }, times: Infinity });
    const before = h.creates().length;
    const sms = inboundSms(FAKE.dispatcher.number, 'hang');
    const started = Date.now();
    const answer = await postSigned(`${h.relay.url}/sms/incoming`, sms, FAKE.authToken);
    const took = Date.now() - started;

    expect(answer.status).toBe(200);
    // Functional, not a benchmark: Twilio kills a Function at 10 s, and the relay's budget is 7 s.
    expect(took).toBeLessThan(10000);
    expect(sentTo(FAKE.backupNumber, before)).toHaveLength(1);
    // The lookup after the time-out found no message, which proves nothing: unknown, never "refused".
    expect(events(sms.MessageSid)).toEqual(expect.arrayContaining(['send-unknown', 'failover', 'forwarded']));
    expect(events(sms.MessageSid)).not.toContain('send-failed');
    expect(sentTo(FAKE.primaryNumber, before)).toHaveLength(1);
  }, 20000);

  test('Sync answering after 1.2 s (inside the claim budget) and a hung primary: every claim holds, one create per phone', async () => {
    const sms = inboundSms(FAKE.dispatcher.number, 'slow sync, hung primary');
    // The steady state: the relay created its claim Map on first use (one more Sync call) long ago.
    h.emulator.sync.createMap(FAKE.syncServiceSid, claimMapName(DEFAULT_SYNC_MAP, sms.MessageSid));
    h.emulator.faults.push(
      { match: isSync, fault: { kind: 'hang', ms: 1200 }, times: Infinity },
      { match: isCreateTo(FAKE.primaryNumber), fault: { kind: 'hang', ms: 12000 }, times: Infinity },
    );
    const before = h.creates().length;
    const answer = await h.sendInbound(sms);

    expect(answer.status).toBe(200);
    expect(sentTo(FAKE.primaryNumber, before)).toHaveLength(1);
    expect(sentTo(FAKE.backupNumber, before)).toHaveLength(1);
    expect(events(sms.MessageSid)).not.toContain('claim-unavailable');
    expect(h.audit.chain(sms.MessageSid).find((l) => l.audit === 'forwarded')).toMatchObject({ leg: 'backup' });
  }, 20000);

  test('Sync slower than the claim budget (1.6 s) and a hung primary: claims unavailable, the backup still sent once', async () => {
    h.emulator.faults.push(
      { match: isSync, fault: { kind: 'hang', ms: 1600 }, times: Infinity },
      { match: isCreateTo(FAKE.primaryNumber), fault: { kind: 'hang', ms: 12000 }, times: Infinity },
    );
    const before = h.creates().length;
    const sms = inboundSms(FAKE.dispatcher.number, 'slower sync, hung primary');
    const answer = await h.sendInbound(sms);

    expect(answer.status).toBe(200);
    expect(sentTo(FAKE.primaryNumber, before)).toHaveLength(1);
    expect(sentTo(FAKE.backupNumber, before)).toHaveLength(1);
    expect(events(sms.MessageSid)).toContain('claim-unavailable');
    expect(h.audit.chain(sms.MessageSid).find((l) => l.audit === 'forwarded')).toMatchObject({ leg: 'backup' });
  }, 20000);

  test('Sync unavailable: sent once anyway, with a warning, no crash', async () => {
    h.emulator.faults.push({ match: isSync, fault: { kind: 'status', status: 503 }, times: Infinity });
    const before = h.creates().length;
    const sms = inboundSms(FAKE.dispatcher.number, 'no sync');
    const answer = await h.sendInbound(sms);

    expect(answer.status).toBe(200);
    expect(sentTo(FAKE.primaryNumber, before)).toHaveLength(1);
    expect(h.audit.chain(sms.MessageSid).filter((l) => l.audit === 'claim-unavailable')).toHaveLength(1);
  });
});

describe('lost answers: created, then the answer lost', () => {
  const created = (to: string, text: string) => h.emulator.sentTo(to).filter((m) => m.body.endsWith(text));

  test.each([
    ['a reset after Twilio processed the create', { kind: 'reset', afterProcessing: true } as const, 0],
    ['a time-out after Twilio processed the create', { kind: 'hang', ms: 8000, afterProcessing: true } as const, 0],
    // Still queued: no date_sent yet, so only a lookup without a DateSent filter sees it.
    ['a reset after Twilio processed the create, the message still queued', { kind: 'reset', afterProcessing: true } as const, 3000],
  ])('%s: looked up, found, exactly 1 message to the primary and none to the backup', async (label, fault, queuedMs) => {
    if (queuedMs) script(FAKE.primaryNumber, { outcome: 'delivered', queuedMs });
    h.emulator.faults.push({ match: isCreateTo(FAKE.primaryNumber), fault, times: 1 });
    const sms = inboundSms(FAKE.dispatcher.number, label);
    const answer = await h.sendInbound(sms);

    expect(answer.status).toBe(200);
    expect(created(FAKE.primaryNumber, label)).toHaveLength(1);
    expect(created(FAKE.backupNumber, label)).toHaveLength(0);
    const forwarded = h.audit.chain(sms.MessageSid).filter((l) => l.audit === 'forwarded');
    expect(forwarded).toEqual([expect.objectContaining({ leg: 'primary', outbound: created(FAKE.primaryNumber, label)[0].sid, reason: expect.stringContaining('a lookup found') })]);
    expect(events(sms.MessageSid)).not.toContain('send-failed');
  }, 20000);
});

describe('a create that hangs, then goes through after the relay gave up (as Twilio does)', () => {
  const created = (to: string, text: string) => h.emulator.sentTo(to).filter((m) => m.body.endsWith(text));

  test('the primary\'s create hangs 3 s: the backup gets it, the primary gets it late, and no phone gets it twice', async () => {
    h.emulator.faults.push({ match: isCreateTo(FAKE.primaryNumber), fault: { kind: 'hang', ms: 3000, processLate: true }, times: 1 });
    const sms = inboundSms(FAKE.dispatcher.number, 'primary hangs 3 s');
    // idle() waits for the late create too.
    expect((await h.sendInbound(sms)).status).toBe(200);

    expect(created(FAKE.primaryNumber, 'primary hangs 3 s')).toHaveLength(1);
    expect(created(FAKE.backupNumber, 'primary hangs 3 s')).toHaveLength(1);
    const chain = h.audit.chain(sms.MessageSid);
    expect(chain.find((l) => l.audit === 'send-unknown')).toMatchObject({ leg: 'primary', reason: expect.stringContaining('a lookup did not find it') });
    expect(chain.find((l) => l.audit === 'forwarded')).toMatchObject({ leg: 'backup' });
    expect(events(sms.MessageSid)).not.toContain('send-failed');
  }, 20000);

  test('the backup\'s failover create hangs 5 s: created once more after a lookup finds nothing, so the backup may get it twice, never lost', async () => {
    script(FAKE.primaryNumber, { outcome: 'silent' });
    const sms = inboundSms(FAKE.dispatcher.number, 'backup hangs 5 s');
    await h.sendInbound(sms);
    const [primary] = created(FAKE.primaryNumber, 'backup hangs 5 s');
    h.emulator.faults.push({ match: isCreateTo(FAKE.backupNumber), fault: { kind: 'hang', ms: 5000, processLate: true }, times: 1 });

    expect(await h.emulator.sendStatus(primary.sid, 'undelivered', 30003)).toBe(200);
    await h.emulator.idle();

    expect(created(FAKE.primaryNumber, 'backup hangs 5 s')).toHaveLength(1);
    // The documented price of never losing the last leg's dispatch: at most one copy more.
    expect(created(FAKE.backupNumber, 'backup hangs 5 s')).toHaveLength(2);
    const forwarded = h.audit.chain(sms.MessageSid).filter((l) => l.audit === 'forwarded' && l.leg === 'backup');
    expect(forwarded).toEqual([expect.objectContaining({ attempts: 2, reason: expect.stringContaining('the phone may get it twice') })]);
  }, 20000);
});

describe('the primary message cannot be re-read on failover', () => {
  // Sync on means two-way on: the failover takes the dispatch's content from its record and reads
  // nothing. The one-way path (a failed read → a marked notice) is tested in sms-status.test.ts.
  test('5xx on every read of the primary\'s message: the backup still gets the dispatch itself, from its record, with no read', async () => {
    h.emulator.script[FAKE.primaryNumber] = { outcome: 'silent' };
    const sms = inboundSms(FAKE.dispatcher.number, 'unreadable');
    await h.sendInbound(sms);
    const [primary] = h.emulator.sentTo(FAKE.primaryNumber).slice(-1);
    const isRead = (r: { method: string; path: string }) => r.method === 'GET' && r.path.includes(`/Messages/${primary.sid}`);
    h.emulator.faults.push({ match: isRead, fault: { kind: 'status', status: 500 }, times: Infinity });
    const before = h.emulator.sentTo(FAKE.backupNumber).length;
    const requests = h.emulator.requests.length;

    expect(await h.emulator.sendStatus(primary.sid, 'undelivered', 30003)).toBe(200);
    await h.emulator.idle();

    const sent = h.emulator.sentTo(FAKE.backupNumber).slice(before);
    expect(sent.map((m) => m.body)).toEqual([primary.body]);
    expect(h.emulator.requests.slice(requests).filter(isRead)).toEqual([]);
    const chain = h.audit.chain(sms.MessageSid);
    expect(chain).toContainEqual(expect.objectContaining({ audit: 'forwarded', leg: 'backup', outbound: sent[0].sid }));
    expect(events(sms.MessageSid)).not.toContain('error');
  });
});

describe('duplicates and order', () => {
  test('the same inbound webhook twice at once → one primary send', async () => {
    const before = h.creates().length;
    const sms = inboundSms(FAKE.dispatcher.number, 'twice');
    await Promise.all([h.sendInbound(sms), h.sendInbound(sms)]);

    expect(sentTo(FAKE.primaryNumber, before)).toHaveLength(1);
    expect(events(sms.MessageSid).filter((e) => e === 'duplicate')).toHaveLength(1);
  });

  test('"undelivered" delivered twice → one backup send', async () => {
    h.emulator.script[FAKE.primaryNumber] = { outcome: 'silent' };
    const before = h.creates().length;
    const sms = inboundSms(FAKE.dispatcher.number, 'callback twice');
    await h.sendInbound(sms);
    const [primary] = h.emulator.sentTo(FAKE.primaryNumber).slice(-1);
    await Promise.all([h.emulator.sendStatus(primary.sid, 'undelivered', 30003), h.emulator.sendStatus(primary.sid, 'undelivered', 30003)]);
    await h.emulator.idle();

    expect(sentTo(FAKE.backupNumber, before)).toHaveLength(1);
    expect(events(sms.MessageSid).filter((e) => e === 'duplicate')).toHaveLength(1);
  });

  test('"delivered" before "sent" → no action; a late "sent" after "undelivered" changes nothing', async () => {
    h.emulator.script[FAKE.primaryNumber] = { outcome: 'silent' };
    const before = h.creates().length;
    const sms = inboundSms(FAKE.dispatcher.number, 'out of order');
    await h.sendInbound(sms);
    const [primary] = h.emulator.sentTo(FAKE.primaryNumber).slice(-1);
    await h.emulator.sendStatus(primary.sid, 'delivered');
    await h.emulator.sendStatus(primary.sid, 'sent');
    expect(h.creates().length).toBe(before + 1);
    expect(events(sms.MessageSid).slice(-2)).toEqual(['delivered', 'pending']);
  });

  test('a callback for another account is ignored', async () => {
    h.emulator.script[FAKE.primaryNumber] = { outcome: 'silent' };
    const sms = inboundSms(FAKE.dispatcher.number, 'foreign');
    await h.sendInbound(sms);
    const [primary] = h.emulator.sentTo(FAKE.primaryNumber).slice(-1);
    const before = h.creates().length;
    const url = `${primary.statusCallback}`;
    const answer = await postSigned(url, { MessageSid: primary.sid, MessageStatus: 'undelivered', ErrorCode: '30003', AccountSid: 'AC' + 'f'.repeat(32) }, FAKE.authToken);

    expect(answer.status).toBe(200);
    expect(h.creates().length).toBe(before);
    expect(h.audit.chain(sms.MessageSid).pop()).toMatchObject({ audit: 'ignored', reason: expect.stringContaining('another account') });
  });
});
