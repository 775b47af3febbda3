import { twiml } from 'twilio';
import { readVoiceConfig } from '../../../src/core/voice/config';
import { planDial, planNextStep, type LegRequest } from '../../../src/core/voice/dial';
import { decideDialResult } from '../../../src/core/voice/policy';
import { callerSender, screenPrompt } from '../../../src/core/voice/screen';
import { screenUrl } from '../../../src/core/voice/urls';
import {
  dialTwiml,
  hangupTwiml,
  nextStepTwiml,
  rejectTwiml,
  screenPromptTwiml,
  screenResultTwiml,
  unavailableTwiml,
} from '../../../src/core/voice/twiml';
import type { Leg } from '../../../src/core/legs';

const { VoiceResponse } = twiml;
const XML = '<?xml version="1.0" encoding="UTF-8"?>';
const BASE = 'https://relay-1234.twil.io';
const destinations = { primaryNumber: '+16195550100', backupNumber: '+16195550101', defaultRegion: 'US' as const };
const request = { caller: '+18585550123', relayNumber: '+16195550199', base: BASE };
const leg = (legName: Leg, lastLeg: boolean): LegRequest => ({ ...request, leg: legName, lastLeg });

const PRIMARY_DIAL =
  `${XML}<Response><Dial action="${BASE}/voice/next?relay_leg=primary&amp;relay_last=0" timeout="20" callerId="+18585550123" answerOnBridge="true">` +
  '<Number>+16195550100</Number></Dial></Response>';
const BACKUP_DIAL =
  `${XML}<Response><Dial action="${BASE}/voice/next?relay_leg=backup&amp;relay_last=1" timeout="20" callerId="+18585550123" answerOnBridge="true">` +
  '<Number>+16195550101</Number></Dial></Response>';
const HANGUP = `${XML}<Response><Hangup/></Response>`;
const UNAVAILABLE = `${XML}<Response><Say>Sorry, nobody can take your call right now.</Say><Hangup/></Response>`;
const VOICEMAIL =
  `${XML}<Response><Say>Sorry, nobody can take your call right now. Please leave a message after the tone.</Say>` +
  `<Record action="${BASE}/voice/transcription?relay_step=recorded" maxLength="120" playBeep="true" transcribe="true" ` +
  `transcribeCallback="${BASE}/voice/transcription?relay_step=transcribed"/><Hangup/></Response>`;

describe('rejectTwiml and hangupTwiml', () => {
  it('rejects without answering', () => {
    expect(rejectTwiml(VoiceResponse).toString()).toBe(`${XML}<Response><Reject/></Response>`);
  });

  it('hangs up', () => {
    expect(hangupTwiml(VoiceResponse).toString()).toBe(HANGUP);
  });
});

describe('dialTwiml', () => {
  it('rings the primary with the caller\'s number, the timeout and a leg-carrying action', () => {
    expect(dialTwiml(VoiceResponse, planDial(leg('primary', false), readVoiceConfig({}), destinations)).toString()).toBe(PRIMARY_DIAL);
  });

  it('rings the backup as the last leg', () => {
    expect(dialTwiml(VoiceResponse, planDial(leg('backup', true), readVoiceConfig({}), destinations)).toString()).toBe(BACKUP_DIAL);
  });

  it('marks a primary as the last leg when the backup is the caller (loop guard)', () => {
    expect(dialTwiml(VoiceResponse, planDial(leg('primary', true), readVoiceConfig({}), destinations)).toString()).toContain(
      `action="${BASE}/voice/next?relay_leg=primary&amp;relay_last=1"`,
    );
  });

  it('shows the relay number with CALLER_ID_MODE=relay and uses DIAL_TIMEOUT_SECONDS', () => {
    const voice = readVoiceConfig({ CALLER_ID_MODE: 'relay', DIAL_TIMEOUT_SECONDS: '45' });
    expect(dialTwiml(VoiceResponse, planDial(leg('primary', false), voice, destinations)).toString()).toBe(
      `${XML}<Response><Dial action="${BASE}/voice/next?relay_leg=primary&amp;relay_last=0" timeout="45" callerId="+16195550199" answerOnBridge="true">` +
        '<Number>+16195550100</Number></Dial></Response>',
    );
  });

  it('whispers the screening prompt to the answering phone with SCREEN_CALLS=true', () => {
    const voice = readVoiceConfig({ SCREEN_CALLS: 'true' });
    expect(dialTwiml(VoiceResponse, planDial(leg('backup', true), voice, destinations)).toString()).toBe(
      `${XML}<Response><Dial action="${BASE}/voice/next?relay_leg=backup&amp;relay_last=1" timeout="20" callerId="+18585550123" answerOnBridge="true">` +
        `<Number url="${BASE}/voice/screen?relay_leg=backup&amp;relay_last=1&amp;relay_caller=%2B18585550123">+16195550101</Number></Dial></Response>`,
    );
  });
});

describe('unavailableTwiml', () => {
  const unavailable = (env: Record<string, string>) => {
    const step = planNextStep({ action: 'exhausted', reason: 'busy' }, request, readVoiceConfig(env), destinations);
    return nextStepTwiml(VoiceResponse, step).toString();
  };

  it('says the message and hangs up', () => {
    expect(unavailable({})).toBe(UNAVAILABLE);
  });

  it('records a transcribed voicemail with VOICEMAIL=true, hanging up if nothing is said', () => {
    expect(unavailable({ VOICEMAIL: 'true' })).toBe(VOICEMAIL);
  });

  it('says a configured message, escaped as XML', () => {
    expect(unavailable({ VOICE_UNAVAILABLE_MESSAGE: 'Dispatch <closed> & away' })).toBe(
      `${XML}<Response><Say>Dispatch &lt;closed&gt; &amp; away</Say><Hangup/></Response>`,
    );
  });

  it('renders a plan directly', () => {
    expect(unavailableTwiml(VoiceResponse, { message: 'Bye.' }).toString()).toBe(`${XML}<Response><Say>Bye.</Say><Hangup/></Response>`);
  });
});

describe('nextStepTwiml after every DialCallStatus', () => {
  // The leg that just ended matters only as lastLeg: the primary has the backup to follow, the backup does not.
  const next = (status: string, lastLeg: boolean, env: Record<string, string> = {}) => {
    const decision = decideDialResult({ status, bridged: '', callerStatus: 'in-progress' }, lastLeg);
    return nextStepTwiml(VoiceResponse, planNextStep(decision, request, readVoiceConfig(env), destinations)).toString();
  };

  describe('on the primary leg (backup to follow)', () => {
    it.each(['completed', 'answered'])('%s: hang up', (status) => {
      expect(next(status, false)).toBe(HANGUP);
    });

    it.each(['busy', 'no-answer', 'failed', 'canceled', 'complete', 'in-progress', ''])('"%s": ring the backup', (status) => {
      expect(next(status, false)).toBe(BACKUP_DIAL);
    });
  });

  describe('on the backup leg', () => {
    it.each(['completed', 'answered'])('%s: hang up', (status) => {
      expect(next(status, true)).toBe(HANGUP);
    });

    it.each(['busy', 'no-answer', 'failed', 'canceled', 'complete', 'in-progress', ''])('"%s": the unavailable message', (status) => {
      expect(next(status, true)).toBe(UNAVAILABLE);
    });

    it.each(['busy', 'no-answer', 'failed', 'canceled', 'complete', 'in-progress', ''])('"%s" with VOICEMAIL=true: voicemail', (status) => {
      expect(next(status, true, { VOICEMAIL: 'true' })).toBe(VOICEMAIL);
    });
  });

  it('a primary that was the last leg (caller is the backup) ends in the message, never rings the backup', () => {
    expect(next('no-answer', true)).toBe(UNAVAILABLE);
  });

  it('a screened primary that picked up but was never bridged rings the backup', () => {
    const decision = decideDialResult({ status: 'completed', bridged: 'false', callerStatus: 'ringing' }, false);
    const voice = readVoiceConfig({ SCREEN_CALLS: 'true' });
    expect(nextStepTwiml(VoiceResponse, planNextStep(decision, request, voice, destinations)).toString()).toBe(
      `${XML}<Response><Dial action="${BASE}/voice/next?relay_leg=backup&amp;relay_last=1" timeout="20" callerId="+18585550123" answerOnBridge="true">` +
        `<Number url="${BASE}/voice/screen?relay_leg=backup&amp;relay_last=1&amp;relay_caller=%2B18585550123">+16195550101</Number></Dial></Response>`,
    );
  });
});

describe('screening TwiML', () => {
  const dispatch = { number: '+18585550123', name: 'Dispatch' };
  const whitelist = { senders: new Map([[dispatch.number, dispatch]]), entries: [{ index: 0, sender: dispatch, regionAssumed: false }], skipped: [], cut: [] };
  const action = screenUrl(BASE, 'primary', false, '+18585550123', 'result');

  it('asks the answering phone to press 1, naming the caller, and hangs up on silence', () => {
    const text = screenPrompt(callerSender(whitelist, '+18585550123'));
    expect(screenPromptTwiml(VoiceResponse, { text, action }).toString()).toBe(
      `${XML}<Response><Gather numDigits="1" action="${BASE}/voice/screen?relay_leg=primary&amp;relay_last=0&amp;relay_caller=%2B18585550123&amp;relay_step=result">` +
        '<Say>Relayed call from Dispatch. Press 1 to accept.</Say></Gather><Hangup/></Response>',
    );
  });

  it('spells out the number of a caller the whitelist does not name', () => {
    const text = screenPrompt(callerSender(whitelist, '+16195550177'));
    expect(screenPromptTwiml(VoiceResponse, { text, action }).toString()).toContain(
      '<Say>Relayed call from 1 6 1 9 5 5 5 0 1 7 7. Press 1 to accept.</Say>',
    );
  });

  it('bridges an accepted call with an empty document', () => {
    expect(screenResultTwiml(VoiceResponse, true).toString()).toBe(`${XML}<Response/>`);
  });

  it('drops the phone otherwise', () => {
    expect(screenResultTwiml(VoiceResponse, false).toString()).toBe(HANGUP);
  });
});
