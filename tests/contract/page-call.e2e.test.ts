/**
 * The paging core (src/core/voice/page-*.ts, not wired to a function yet) against the emulator's
 * outbound calls: the Calls create the core asks for, sent by the relay's SDK client and checked
 * against twilio-oai, the page TwiML followed by each scripted callee, and what the core then
 * decides from the Gather action and the status callback. The test's small app stands where the
 * page functions will be; ring time is the emulator's manual clock.
 */
import { twiml } from 'twilio';
import type { Callee } from '../../dev/emulator/callees';
import { manualClock } from '../../dev/emulator/clock';
import type { CallLogEntry } from '../../dev/emulator/outbound-call';
import { FAKE } from '../../dev/fixtures';
import { pageCallOptions, pageUrl, readPageRequest } from '../../src/core/voice/page-call';
import { decidePageDigits, decidePageEnd, type PageEndDecision } from '../../src/core/voice/page-policy';
import { pageAcknowledgedTwiml, pagePrompt, pageRepromptTwiml, pageTwiml } from '../../src/core/voice/page-twiml';
import { useCallBed } from '../support/voice-app';

const { VoiceResponse } = twiml;
const clock = manualClock(Date.UTC(2026, 11, 1, 12, 0, 0));
const bed = useCallBed(clock, handle);
const INBOUND = 'SM' + 'e5'.repeat(16);
const prompt = pagePrompt({ sender: FAKE.dispatcher, code: 7, text: 'Fire at 12 Main St.' });
/** What the app decided, per call: each Gather action's, and the end's. */
const decisions = new Map<string, { digits: string[]; end?: PageEndDecision }>();

function handle(path: string, params: Record<string, string>): string {
  const page = readPageRequest(params);
  if (!page) throw new Error(`not a page request: ${JSON.stringify(params)}`);
  const seen = decisions.get(params.CallSid) ?? { digits: [] };
  decisions.set(params.CallSid, seen);
  const action = pageUrl(bed.app.base, page, 'pressed');
  if (path === '/voice/page-status') {
    seen.end = decidePageEnd({ callStatus: params.CallStatus, answeredBy: params.AnsweredBy, acknowledged: seen.digits.includes('acknowledge') });
    return '';
  }
  if (page.step === 'prompt') return pageTwiml(VoiceResponse, { prompt, action }).toString();
  const decision = decidePageDigits(params.Digits);
  seen.digits.push(decision);
  return decision === 'acknowledge' ? pageAcknowledgedTwiml(VoiceResponse).toString() : pageRepromptTwiml(VoiceResponse, { prompt, action }).toString();
}

async function page(to: string, callee: Callee, ringMs = 0) {
  bed.emulator.callees[to] = callee;
  const correlation = { leg: 'primary' as const, inboundSid: INBOUND, lastLeg: false };
  const call = await bed.client.calls.create(pageCallOptions({ correlation, to, relayNumber: FAKE.relayNumber, base: bed.app.base, ringTimeoutSeconds: 20 }));
  await bed.emulator.idle();
  if (ringMs) await bed.emulator.advance(ringMs);
  return { call: bed.emulator.calls.get(call.sid)!, decided: decisions.get(call.sid) ?? { digits: [] } };
}
const said = (log: CallLogEntry[]) => log.flatMap((e) => (e.kind === 'say' ? [e.text] : []));


describe('a page the phone acknowledges', () => {
  it('pressed 1: acknowledged, told so, and the end changes nothing', async () => {
    const { call, decided } = await page(FAKE.primaryNumber, { outcome: 'human', presses: ['1'] });
    expect(decided).toEqual({ digits: ['acknowledge'], end: { action: 'done' } });
    expect(said(call.log)).toEqual([prompt, 'Acknowledged. Thank you.']);
    expect(call.log.flatMap((e) => (e.kind === 'callback' ? [e.event] : []))).toEqual(['completed']);
  });

  it('another key first: the prompt once more, then 1', async () => {
    const { call, decided } = await page(FAKE.primaryNumber, { outcome: 'human', presses: ['3', '1'] });
    expect(decided).toEqual({ digits: ['reprompt', 'acknowledge'], end: { action: 'done' } });
    expect(said(call.log)).toEqual([prompt, prompt, 'Acknowledged. Thank you.']);
  });
});

describe('a page nobody acknowledges escalates', () => {
  it('silence: the prompt twice, then the hang-up, and the end escalates', async () => {
    const { call, decided } = await page(FAKE.primaryNumber, { outcome: 'human' });
    expect(said(call.log)).toEqual([prompt, prompt]);
    expect(decided).toEqual({ digits: [], end: { action: 'escalate', reason: 'ended without pressing 1' } });
  });

  it('a wrong key, then silence through the reprompt', async () => {
    const { decided } = await page(FAKE.primaryNumber, { outcome: 'human', presses: ['9'] });
    expect(decided).toEqual({ digits: ['reprompt'], end: { action: 'escalate', reason: 'ended without pressing 1' } });
  });

  it('a voicemail greeting (no AMD asked for): heard as silence, escalates', async () => {
    const { decided } = await page(FAKE.primaryNumber, { outcome: 'voicemail' });
    expect(decided.end).toEqual({ action: 'escalate', reason: 'ended without pressing 1' });
  });

  it('hung up mid-prompt', async () => {
    const { decided } = await page(FAKE.primaryNumber, { outcome: 'hangs-up' });
    expect(decided).toEqual({ digits: [], end: { action: 'escalate', reason: 'ended without pressing 1' } });
  });

  it('busy and failed, at once', async () => {
    expect((await page(FAKE.primaryNumber, { outcome: 'busy' })).decided.end).toEqual({ action: 'escalate', reason: 'busy' });
    expect((await page(FAKE.primaryNumber, { outcome: 'failed' })).decided.end).toEqual({ action: 'escalate', reason: 'failed' });
  });

  it('no-answer once DIAL_TIMEOUT_SECONDS passed on the clock', async () => {
    const { call } = await page(FAKE.primaryNumber, { outcome: 'no-answer' }, 20_000);
    expect(decisions.get(call.sid)?.end).toEqual({ action: 'escalate', reason: 'no-answer' });
  });
});
