/**
 * The emulator's outbound calls are Twilio's (dev/emulator/outbound-call.ts and call-twiml-runner.ts
 * cite the pages): placed with the relay's own SDK client and checked against twilio-oai, their
 * TwiML fetched and followed with signed requests (checked here with the twilio package's
 * validateRequest), the scripted callee answering, and the status callbacks asked for. Ring time
 * is the emulator's manual clock, moved by the tests: nothing sleeps.
 */
import { twiml } from 'twilio';
import { manualClock } from '../../dev/emulator/clock';
import type { OutboundCall } from '../../dev/emulator/outbound-call';
import { FAKE } from '../../dev/fixtures';
import { useCallBed } from '../support/voice-app';

const clock = manualClock(Date.UTC(2026, 11, 1, 12, 0, 0));
const bed = useCallBed(clock, (path, params) => (path === '/status' ? '' : answer(path, params)));

/** The test app's TwiML: a prompt said twice, an action answering by digit, a redirect to a <Dial>. */
function answer(path: string, params: Record<string, string>): string {
  const response = new twiml.VoiceResponse();
  if (path === '/page') {
    for (let i = 0; i < 2; i++) response.gather({ numDigits: 1, action: `${bed.app.base}/page/pressed`, timeout: 5 }).say('Dispatch number 7. Press 1 to acknowledge.');
    response.hangup();
  } else if (path === '/page/pressed') {
    response.say(params.Digits === '1' ? 'Acknowledged.' : 'Press 1 to acknowledge.');
    if (params.Digits !== '1') response.gather({ numDigits: 1, action: `${bed.app.base}/page/pressed` }).say('Press 1.');
  } else if (path === '/callback') {
    response.pause({ length: 2 });
    response.redirect('/callback/dial');
  } else if (path === '/callback/dial') {
    response.dial({ callerId: FAKE.relayNumber }).number(FAKE.dispatcher.number);
  }
  return response.toString();
}

const calls = (to: string, extra: Record<string, unknown> = {}) =>
  bed.client.calls.create({
    to,
    from: FAKE.relayNumber,
    url: `${bed.app.base}/page`,
    statusCallback: `${bed.app.base}/status`,
    statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
    timeout: 20,
    ...extra,
  });
const callOf = async (sid: string): Promise<OutboundCall> => {
  await bed.emulator.idle();
  return bed.emulator.calls.get(sid)!;
};
const statuses = (call: OutboundCall) => call.log.flatMap((e) => (e.kind === 'callback' ? [`${e.event}:${e.callStatus}`] : []));
const callbacksOf = (sid: string) => bed.app.received.filter((r) => r.path === '/status' && r.params.CallSid === sid);
const webhooksOf = (sid: string) => bed.app.received.filter((r) => r.path !== '/status' && r.params.CallSid === sid);


describe('Calls create', () => {
  it('is sent by the SDK as twilio-oai describes it and answers a queued outbound-api call', async () => {
    const call = await calls(FAKE.primaryNumber, { machineDetection: 'Enable' });
    expect(call).toMatchObject({ status: 'queued', direction: 'outbound-api', to: FAKE.primaryNumber, from: FAKE.relayNumber });
    const sent = bed.emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Calls.json')).at(-1)!;
    expect(sent.params).toMatchObject({ To: FAKE.primaryNumber, From: FAKE.relayNumber, Url: `${bed.app.base}/page`, Timeout: '20', MachineDetection: 'Enable', StatusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'] });
    await bed.emulator.idle();
  });

  it('sends only "completed" when no StatusCallbackEvent is given', async () => {
    const call = await bed.client.calls.create({ to: FAKE.backupNumber, from: FAKE.relayNumber, url: `${bed.app.base}/page`, statusCallback: `${bed.app.base}/status` });
    expect(statuses(await callOf(call.sid))).toEqual(['completed:completed']);
  });
});

describe('what the emulator does not play', () => {
  it('refuses Twiml instead of Url, loudly', async () => {
    await expect(bed.client.calls.create({ to: FAKE.primaryNumber, from: FAKE.relayNumber, twiml: '<Response/>' })).rejects.toMatchObject({
      status: 400,
      message: 'emulator: Twiml (pass Url) is not emulated',
    });
  });

  it('ends a call whose Url does not answer, as Twilio ends it after error 11200', async () => {
    bed.emulator.callees[FAKE.primaryNumber] = { outcome: 'human', presses: ['1'] };
    const call = await callOf((await calls(FAKE.primaryNumber, { url: 'http://127.0.0.1:1/page' })).sid);
    expect(call.log.filter((e) => e.kind === 'hangup')).toEqual([{ kind: 'hangup', by: 'error' }]);
    expect(statuses(call).at(-1)).toBe('completed:completed');
  });
});

describe('a person who answers', () => {
  it('presses 1: the prompt, Digits=1 POSTed (signed) to the Gather action, the callbacks initiated → ringing → in-progress → completed with CallDuration', async () => {
    bed.emulator.callees[FAKE.primaryNumber] = { outcome: 'human', presses: ['1'] };
    const call = await callOf((await calls(FAKE.primaryNumber)).sid);
    expect(statuses(call)).toEqual(['initiated:initiated', 'ringing:ringing', 'answered:in-progress', 'completed:completed']);
    expect(webhooksOf(call.sid).map((w) => [w.path, w.params.Digits])).toEqual([['/page', undefined], ['/page/pressed', '1']]);
    expect(call.log.filter((e) => e.kind === 'say').map((e) => (e as { text: string }).text)).toEqual(['Dispatch number 7. Press 1 to acknowledge.', 'Acknowledged.']);
    const completed = callbacksOf(call.sid).at(-1)!.params;
    expect(completed).toMatchObject({ CallStatus: 'completed', CallbackSource: 'call-progress-events', SequenceNumber: '3', Direction: 'outbound-api' });
    expect(Number(completed.CallDuration)).toBeGreaterThan(0);
    await expect(bed.client.calls(call.sid).fetch()).resolves.toMatchObject({ status: 'completed', duration: completed.CallDuration });
  });

  it('presses another digit, then 1: each press reaches the action in turn', async () => {
    bed.emulator.callees[FAKE.primaryNumber] = { outcome: 'human', presses: ['2', '1'] };
    const call = await callOf((await calls(FAKE.primaryNumber)).sid);
    expect(webhooksOf(call.sid).map((w) => w.params.Digits)).toEqual([undefined, '2', '1']);
  });

  it('says nothing: each Gather times out into the next verb, the prompt is heard twice, then the hang-up; no action is requested', async () => {
    bed.emulator.callees[FAKE.primaryNumber] = { outcome: 'human' };
    const call = await callOf((await calls(FAKE.primaryNumber)).sid);
    expect(call.log.filter((e) => e.kind === 'gather')).toEqual([{ kind: 'gather', digits: null }, { kind: 'gather', digits: null }]);
    expect(call.log.at(-2)).toEqual({ kind: 'hangup', by: 'twiml' });
    expect(webhooksOf(call.sid).map((w) => w.path)).toEqual(['/page']);
    expect(statuses(call).at(-1)).toBe('completed:completed');
  });

  it('hangs up mid-prompt: the call completes, no Gather action', async () => {
    bed.emulator.callees[FAKE.primaryNumber] = { outcome: 'hangs-up' };
    const call = await callOf((await calls(FAKE.primaryNumber)).sid);
    expect(call.log.filter((e) => e.kind === 'hangup')).toEqual([{ kind: 'hangup', by: 'callee' }]);
    expect(webhooksOf(call.sid).map((w) => w.path)).toEqual(['/page']);
    expect(statuses(call).at(-1)).toBe('completed:completed');
  });

  it('follows <Pause>, <Redirect> (relative URL) and <Dial>, recording the dialed number and the caller ID', async () => {
    bed.emulator.callees[FAKE.backupNumber] = { outcome: 'human' };
    const call = await callOf((await calls(FAKE.backupNumber, { url: `${bed.app.base}/callback` })).sid);
    expect(webhooksOf(call.sid).map((w) => w.path)).toEqual(['/callback', '/callback/dial']);
    expect(call.log.filter((e) => e.kind === 'pause' || e.kind === 'dial')).toEqual([
      { kind: 'pause', seconds: 2 },
      { kind: 'dial', number: FAKE.dispatcher.number, callerId: FAKE.relayNumber, dialCallStatus: 'completed' },
    ]);
  });
});

describe('duplicated callbacks', () => {
  it('with callbackCopies 2, every status callback arrives twice, identical', async () => {
    bed.emulator.callees[FAKE.primaryNumber] = { outcome: 'busy' };
    bed.emulator.callbackCopies = 2;
    try {
      const call = await callOf((await calls(FAKE.primaryNumber)).sid);
      expect(statuses(call)).toEqual(['initiated:initiated', 'initiated:initiated', 'ringing:ringing', 'ringing:ringing', 'completed:busy', 'completed:busy']);
      const [first, second] = callbacksOf(call.sid).filter((c) => c.params.CallStatus === 'busy');
      expect(second.params).toEqual(first.params);
    } finally {
      bed.emulator.callbackCopies = 1;
    }
  });
});

describe('nobody who can press', () => {
  it('busy: initiated, ringing, then completed with CallStatus busy and CallDuration 0; no TwiML fetched', async () => {
    bed.emulator.callees[FAKE.primaryNumber] = { outcome: 'busy' };
    const call = await callOf((await calls(FAKE.primaryNumber)).sid);
    expect(statuses(call)).toEqual(['initiated:initiated', 'ringing:ringing', 'completed:busy']);
    expect(callbacksOf(call.sid).at(-1)!.params).toMatchObject({ CallStatus: 'busy', CallDuration: '0' });
    expect(webhooksOf(call.sid)).toEqual([]);
  });

  it('failed: the carrier could not connect it', async () => {
    bed.emulator.callees[FAKE.primaryNumber] = { outcome: 'failed' };
    expect(statuses(await callOf((await calls(FAKE.primaryNumber)).sid))).toEqual(['initiated:initiated', 'completed:failed']);
  });

  it('no-answer: rings until the Timeout passes on the emulator\'s clock, not a second earlier', async () => {
    bed.emulator.callees[FAKE.primaryNumber] = { outcome: 'no-answer' };
    const call = await callOf((await calls(FAKE.primaryNumber)).sid);
    expect(statuses(call)).toEqual(['initiated:initiated', 'ringing:ringing']);
    await bed.emulator.advance(19_000);
    expect(call.status).toBe('ringing');
    await bed.emulator.advance(1000);
    expect(statuses(call).at(-1)).toBe('completed:no-answer');
    expect(callbacksOf(call.sid).at(-1)!.params).toMatchObject({ CallStatus: 'no-answer', CallDuration: '0' });
  });

  it('a phone that rings 10 s is answered once the clock is there; one ringing past the Timeout is a no-answer', async () => {
    bed.emulator.callees[FAKE.primaryNumber] = { outcome: 'human', presses: ['1'], ringSeconds: 10 };
    const answered = await callOf((await calls(FAKE.primaryNumber)).sid);
    await bed.emulator.advance(9000);
    expect(answered.status).toBe('ringing');
    await bed.emulator.advance(1000);
    expect(statuses(answered).at(-1)).toBe('completed:completed');
    bed.emulator.callees[FAKE.primaryNumber] = { outcome: 'human', ringSeconds: 30 };
    const late = await callOf((await calls(FAKE.primaryNumber)).sid);
    await bed.emulator.advance(20_000);
    expect(statuses(late).at(-1)).toBe('completed:no-answer');
  });

  it('a voicemail greeting with MachineDetection=Enable: AnsweredBy machine_start on the TwiML request and the callbacks; it presses nothing', async () => {
    bed.emulator.callees[FAKE.primaryNumber] = { outcome: 'voicemail' };
    const call = await callOf((await calls(FAKE.primaryNumber, { machineDetection: 'Enable' })).sid);
    expect(webhooksOf(call.sid).map((w) => [w.path, w.params.AnsweredBy])).toEqual([['/page', 'machine_start']]);
    expect(callbacksOf(call.sid).map((c) => c.params.AnsweredBy)).toEqual([undefined, undefined, 'machine_start', 'machine_start']);
    expect(call.log.filter((e) => e.kind === 'gather').every((e) => (e as { digits: null }).digits === null)).toBe(true);
  });

  it('a person with MachineDetection=Enable is AnsweredBy human; without it, no AnsweredBy at all', async () => {
    bed.emulator.callees[FAKE.primaryNumber] = { outcome: 'human', presses: ['1'] };
    const detected = await callOf((await calls(FAKE.primaryNumber, { machineDetection: 'Enable' })).sid);
    expect(webhooksOf(detected.sid)[0].params.AnsweredBy).toBe('human');
    bed.emulator.callees[FAKE.primaryNumber] = { outcome: 'voicemail' };
    const plain = await callOf((await calls(FAKE.primaryNumber)).sid);
    expect(webhooksOf(plain.sid)[0].params.AnsweredBy).toBeUndefined();
  });

  it('canceled: an update with Status=canceled ends a ringing call, and the ring timeout then changes nothing', async () => {
    bed.emulator.callees[FAKE.primaryNumber] = { outcome: 'no-answer' };
    const call = await callOf((await calls(FAKE.primaryNumber)).sid);
    await expect(bed.client.calls(call.sid).update({ status: 'canceled' })).resolves.toMatchObject({ status: 'canceled' });
    await bed.emulator.advance(20_000);
    expect(statuses(call)).toEqual(['initiated:initiated', 'ringing:ringing', 'completed:canceled']);
  });
});
