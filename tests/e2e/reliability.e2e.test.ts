/**
 * No message lost, none sent twice: faults injected into the emulator, duplicated and reordered
 * webhooks, through `npm start` with Sync claims on (SYNC_SERVICE_SID → the emulator's Sync).
 */
import { isCreateTo, isSync } from '../../dev/emulator/faults';
import { FAKE, inboundSms } from '../../dev/fixtures';
import { postSigned } from '../../dev/signed-post';
import { outcomeOf } from '../../dev/tools/audit/chains';
import type { AuditLine } from '../../dev/tools/audit/read-lines';
import { useRelay } from '../support/relay-harness';

const h = useRelay('gated', { env: { SYNC_SERVICE_SID: FAKE.syncServiceSid } });
const sentTo = (to: string, since: number) => h.creates().slice(since).filter((r) => r.params.To === to);
const events = (sid: string) => h.audit.chain(sid).map((l) => l.audit);

afterEach(() => {
  h.emulator.faults.length = 0;
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

  test('500 three times: three attempts, then the backup', async () => {
    h.emulator.faults.push({ match: isCreateTo(FAKE.primaryNumber), fault: { kind: 'status', status: 500 }, times: 3 });
    const before = h.creates().length;
    const sms = inboundSms(FAKE.dispatcher.number, 'five hundred');
    await h.sendInbound(sms);

    expect(sentTo(FAKE.primaryNumber, before)).toHaveLength(3);
    expect(sentTo(FAKE.backupNumber, before)).toHaveLength(1);
    expect(h.audit.chain(sms.MessageSid).find((l) => l.audit === 'send-failed')).toMatchObject({ leg: 'primary', errorCode: '20500', attempts: 3 });
  });

  test('a connection reset is retried', async () => {
    h.emulator.faults.push({ match: isCreateTo(FAKE.primaryNumber), fault: { kind: 'reset' }, times: 1 });
    const sms = inboundSms(FAKE.dispatcher.number, 'reset');
    await h.sendInbound(sms);
    expect(h.audit.chain(sms.MessageSid).find((l) => l.audit === 'forwarded')).toMatchObject({ leg: 'primary', attempts: 2 });
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
    // The lookup after the time-out found no message: refused as far as Twilio shows, then the backup.
    expect(events(sms.MessageSid)).toEqual(expect.arrayContaining(['send-failed', 'failover', 'forwarded']));
  }, 20000);

  test('Sync answering after 1.45 s and a hung primary: the backup\'s create still gets over 2 s, and is sent', async () => {
    h.emulator.faults.push(
      { match: isSync, fault: { kind: 'hang', ms: 1450 }, times: Infinity },
      { match: isCreateTo(FAKE.primaryNumber), fault: { kind: 'hang', ms: 12000 }, times: Infinity },
      // The backup's Twilio is slow too: 1.8 s, which only a create with at least that long a time-out survives.
      { match: isCreateTo(FAKE.backupNumber), fault: { kind: 'hang', ms: 1800 }, times: 1 },
    );
    const before = h.emulator.sentTo(FAKE.backupNumber).length;
    const sms = inboundSms(FAKE.dispatcher.number, 'slow sync, hung primary');
    const answer = await h.sendInbound(sms);

    expect(answer.status).toBe(200);
    expect(h.emulator.sentTo(FAKE.backupNumber).slice(before)).toHaveLength(1);
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
    ['a reset after Twilio processed the create', { kind: 'reset', afterProcessing: true } as const],
    ['a time-out after Twilio processed the create', { kind: 'hang', ms: 8000, afterProcessing: true } as const],
  ])('%s: looked up, found, exactly 1 message to the primary and none to the backup', async (label, fault) => {
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

describe('the primary message cannot be re-read on failover', () => {
  test('5xx on every read: the backup gets a marked notice with the inbound SID, Twilio gets 200, the audit tells', async () => {
    h.emulator.script[FAKE.primaryNumber] = { outcome: 'silent' };
    const sms = inboundSms(FAKE.dispatcher.number, 'unreadable');
    await h.sendInbound(sms);
    const [primary] = h.emulator.sentTo(FAKE.primaryNumber).slice(-1);
    const isRead = (r: { method: string; path: string }) => r.method === 'GET' && r.path.endsWith(`/Messages/${primary.sid}.json`);
    h.emulator.faults.push({ match: isRead, fault: { kind: 'status', status: 500 }, times: Infinity });
    const before = h.emulator.sentTo(FAKE.backupNumber).length;

    expect(await h.emulator.sendStatus(primary.sid, 'undelivered', 30003)).toBe(200);
    await h.emulator.idle();

    const notices = h.emulator.sentTo(FAKE.backupNumber).slice(before);
    expect(notices).toHaveLength(1);
    expect(notices[0].body).toMatch(/^\[relay notice\] /);
    expect(notices[0].body).toContain(sms.MessageSid);
    expect(notices[0].body).not.toContain('unreadable');
    const chain = h.audit.chain(sms.MessageSid);
    expect(chain).toContainEqual(expect.objectContaining({ audit: 'failover', level: 'error', content: 'notice' }));
    expect(chain).toContainEqual(expect.objectContaining({ audit: 'forwarded', leg: 'backup', content: 'notice', outbound: notices[0].sid }));
    expect(events(sms.MessageSid)).not.toContain('error');
    // npm run audit: the backup has only the notice, not the dispatch: a failure to look at, never "delivered".
    expect(outcomeOf(chain as AuditLine[])).toBe('notice-only');
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
