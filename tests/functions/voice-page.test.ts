import { handler as pageHandler } from '../../src/functions/voice/page.protected';
import { handler as statusHandler } from '../../src/functions/voice/page-status.protected';
import { ACCOUNT_SID, BACKUP, DISPATCH, invoke, makeContext, PRIMARY, RELAY } from '../support/mock-runtime';
import { useTwoWayBed, SYNC } from '../support/two-way-bed';
import { BASE, XML } from '../support/voice-calls';

const PAGING = { PAGE_BY_CALL: 'true', DIAL_TIMEOUT_SECONDS: '20' };
const bed = useTwoWayBed(PAGING);
const context = (path: string) => makeContext({ SYNC_SERVICE_SID: SYNC, ...PAGING, PATH: path });

/** The page call the relay placed (n-th Calls create), as Twilio then requests its Url / StatusCallback. */
function placed(n = 0) {
  const [options] = bed().fake.createCall.mock.calls[n] as unknown as [{ url: string; statusCallback: string; to: string }];
  const sid = `CA${(0xca11 + n + 1).toString(16).padStart(32, '0')}`;
  const query = (url: string) => Object.fromEntries(new URL(url).searchParams);
  const call = { CallSid: sid, AccountSid: ACCOUNT_SID, From: RELAY, To: options.to };
  return {
    options,
    prompt: () => invoke(pageHandler, context('/voice/page'), { ...call, CallStatus: 'in-progress', ...query(options.url) }).then((r) => String(r.payload)),
    press: (digits: string) => invoke(pageHandler, context('/voice/page'), { ...call, CallStatus: 'in-progress', ...query(options.url), relay_step: 'pressed', Digits: digits }).then((r) => String(r.payload)),
    end: (status: string) => invoke(statusHandler, context('/voice/page-status'), { ...call, CallStatus: status, ...query(options.statusCallback) }),
  };
}

const PROMPT = 'Dispatch from Dispatch, number 1. Fire at 12 Main St. Press 1 to acknowledge.';

describe('PAGE_BY_CALL=true', () => {
  it('a dispatch forwarded to the primary also calls it: from the relay number, ringing DIAL_TIMEOUT_SECONDS, only "completed" asked for', async () => {
    const inbound = await bed().inbound(DISPATCH, 'Fire at 12 Main St.');
    expect(bed().fake.createCall.mock.calls).toEqual([[{
      to: PRIMARY,
      from: RELAY,
      url: `${BASE}/voice/page?relay_leg=primary&relay_in=${inbound}&relay_last=0`,
      statusCallback: `${BASE}/voice/page-status?relay_leg=primary&relay_in=${inbound}&relay_last=0`,
      statusCallbackEvent: ['completed'],
      timeout: 20,
    }]]);
    expect(bed().lines('paged')).toEqual([expect.objectContaining({ inbound, leg: 'primary', outbound: expect.stringMatching(/^CA/) })]);
  });

  it('the answered page says the dispatch twice inside a Gather, then hangs up', async () => {
    const inbound = await bed().inbound(DISPATCH, 'Fire at 12 Main St.');
    const action = `${BASE}/voice/page?relay_leg=primary&amp;relay_in=${inbound}&amp;relay_last=0&amp;relay_step=pressed`;
    const gather = `<Gather numDigits="1" action="${action}"><Say>${PROMPT}</Say></Gather>`;
    expect(await placed().prompt()).toBe(`${XML}<Response>${gather}${gather}<Hangup/></Response>`);
    expect(await placed().press('2')).toBe(`${XML}<Response>${gather}<Hangup/></Response>`);
  });

  it('1 acknowledges: the dispatcher is told once (the action delivered twice), and the end escalates nothing', async () => {
    await bed().inbound(DISPATCH, 'Fire at 12 Main St.');
    const page = placed();
    expect(await page.press('1')).toBe(`${XML}<Response><Say>Acknowledged. Thank you.</Say><Hangup/></Response>`);
    expect(await page.press('1')).toBe(`${XML}<Response><Say>Acknowledged. Thank you.</Say><Hangup/></Response>`);
    expect(bed().sentTo(DISPATCH).map((m) => m.body)).toEqual(['#1 acknowledged by Primary (call)']);
    await page.end('completed');
    expect(bed().sentTo(BACKUP)).toEqual([]);
    expect(bed().fake.createCall).toHaveBeenCalledTimes(1);
    expect(bed().lines('acknowledged')).toEqual([expect.objectContaining({ leg: 'primary', reason: 'pressed 1 on a page call' })]);
  });

  it('no-answer, delivered twice: the backup is texted and paged once; its page ending unanswered tells the dispatcher once', async () => {
    const inbound = await bed().inbound(DISPATCH, 'Fire at 12 Main St.');
    await placed().end('no-answer');
    await placed().end('no-answer');
    expect(bed().sentTo(BACKUP).map((m) => m.body)).toEqual(['From Dispatch (+16195550100) #1: Fire at 12 Main St.']);
    expect(bed().fake.createCall).toHaveBeenCalledTimes(2);
    expect(placed(1).options).toMatchObject({ to: BACKUP, url: `${BASE}/voice/page?relay_leg=backup&relay_in=${inbound}&relay_last=1` });
    await placed(1).end('busy');
    await placed(1).end('busy');
    expect(bed().sentTo(DISPATCH).map((m) => m.body)).toEqual(['#1: nobody acknowledged by call']);
    expect(bed().lines('page-escalated').map((l) => [l.leg, l.reason])).toEqual([
      ['primary', 'no-answer: backup texted and paged now'],
      ['backup', 'busy: the dispatcher is told'],
    ]);
  });

  it('no-answer when Twilio refuses the backup\'s text: the backup is not paged (a press there could not acknowledge), the dispatcher is told once', async () => {
    bed().refuse(BACKUP, 21610);
    await bed().inbound(DISPATCH, 'Fire at 12 Main St.');
    await placed().end('no-answer');
    await placed().end('no-answer');
    expect(bed().fake.createCall).toHaveBeenCalledTimes(1);
    expect(bed().sentTo(DISPATCH).map((m) => m.body)).toEqual(['#1: nobody acknowledged by call']);
  });

  it('the hang-up reported before the press: one escalation; the late 1 still acknowledges, and the backup hears "taken by"', async () => {
    await bed().inbound(DISPATCH, 'Fire at 12 Main St.');
    const page = placed();
    await page.end('completed');
    expect(await page.press('1')).toBe(`${XML}<Response><Say>Acknowledged. Thank you.</Say><Hangup/></Response>`);
    await page.end('completed');
    expect(bed().lines('page-escalated')).toHaveLength(1);
    expect(bed().lines('acknowledged')).toHaveLength(1);
    expect(bed().sentTo(BACKUP).map((m) => m.body)).toEqual(['From Dispatch (+16195550100) #1: Fire at 12 Main St.', '#1 taken by Primary']);
    expect(bed().sentTo(DISPATCH).map((m) => m.body)).toEqual(['#1 acknowledged by Primary (call)']);
  });

  it('the press and the hang-up at once: at most one escalation, one acknowledgement', async () => {
    await bed().inbound(DISPATCH, 'Fire at 12 Main St.');
    const page = placed();
    await Promise.all([page.press('1'), page.end('completed'), page.end('completed')]);
    expect(bed().lines('acknowledged')).toHaveLength(1);
    expect(bed().lines('page-escalated').length).toBeLessThanOrEqual(1);
    expect(bed().sentTo(DISPATCH).map((m) => m.body)).toEqual(['#1 acknowledged by Primary (call)']);
  });

  it('a page request with no dispatch correlation is refused with 400', async () => {
    const answer = await invoke(pageHandler, context('/voice/page'), { CallSid: `CA${'0'.repeat(31)}a`, AccountSid: ACCOUNT_SID, From: RELAY, To: PRIMARY });
    expect(answer.payload).toMatchObject({ statusCode: 400 });
  });
});

describe('PAGE_BY_CALL unset', () => {
  const plain = useTwoWayBed();
  it('places no call', async () => {
    await plain().inbound(DISPATCH, 'Fire at 12 Main St.');
    expect(plain().fake.createCall).not.toHaveBeenCalled();
  });
});
