import { twiml } from 'twilio';
import {
  pageAcknowledgedTwiml,
  pagePrompt,
  pageRepromptTwiml,
  pageTwiml,
  REST_IN_TEXTS,
  spokenDispatchText,
  SPOKEN_TEXT_MAX_CHARS,
} from '../../../src/core/voice/page-twiml';

const { VoiceResponse } = twiml;
const XML = '<?xml version="1.0" encoding="UTF-8"?>';
const ACTION = 'https://relay-1234.twil.io/voice/page?relay_leg=primary';
const dispatcher = { number: '+16195550100', name: 'Dispatch' };

describe('pagePrompt', () => {
  it('says who sent it, its code and its text, then how to acknowledge', () => {
    expect(pagePrompt({ sender: dispatcher, code: 7, text: 'Fire at 12 Main St.\nBring the ladder.' })).toBe(
      'Dispatch from Dispatch, number 7. Fire at 12 Main St. Bring the ladder. Press 1 to acknowledge.',
    );
  });

  it('spells an unnamed sender digit by digit and leaves out a missing code', () => {
    expect(pagePrompt({ sender: { number: '+16195550100' }, text: 'Call me' })).toBe(
      'Dispatch from 1 6 1 9 5 5 5 0 1 0 0. Call me. Press 1 to acknowledge.',
    );
  });

  it('with no text (a photo only) goes straight to the key', () => {
    expect(pagePrompt({ sender: dispatcher, code: 12, text: '' })).toBe('Dispatch from Dispatch, number 12. Press 1 to acknowledge.');
  });
});

describe('spokenDispatchText', () => {
  it('keeps a text up to the limit whole', () => {
    const text = 'a'.repeat(SPOKEN_TEXT_MAX_CHARS);
    expect(spokenDispatchText(text)).toBe(text);
  });

  it('cuts a longer one at the last word boundary within the limit, and points to the SMS', () => {
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const spoken = spokenDispatchText(words);
    const head = spoken.slice(0, spoken.indexOf('...'));
    expect(head.length).toBeLessThanOrEqual(SPOKEN_TEXT_MAX_CHARS);
    expect(words.startsWith(`${head} `)).toBe(true);
    expect(spoken).toBe(`${head}... ${REST_IN_TEXTS}`);
  });

  it('cuts one unbroken long word (a link) at the limit', () => {
    expect(spokenDispatchText('x'.repeat(400))).toBe(`${'x'.repeat(SPOKEN_TEXT_MAX_CHARS)}... ${REST_IN_TEXTS}`);
  });
});

describe('the page TwiML', () => {
  const prompt = 'Dispatch from Dispatch, number 7. Fire & smoke <3rd floor>. Press 1 to acknowledge.';
  const SAY = '<Say>Dispatch from Dispatch, number 7. Fire &amp; smoke &lt;3rd floor&gt;. Press 1 to acknowledge.</Say>';
  const GATHER = `<Gather numDigits="1" action="${ACTION.replace('&', '&amp;')}">${SAY}</Gather>`;

  it('says the prompt twice, each inside a one-key Gather, then hangs up', () => {
    expect(pageTwiml(VoiceResponse, { prompt, action: ACTION }).toString()).toBe(`${XML}<Response>${GATHER}${GATHER}<Hangup/></Response>`);
  });

  it('after another key: the prompt once more, then the hang-up', () => {
    expect(pageRepromptTwiml(VoiceResponse, { prompt, action: ACTION }).toString()).toBe(`${XML}<Response>${GATHER}<Hangup/></Response>`);
  });

  it('after 1: says it counted and hangs up', () => {
    expect(pageAcknowledgedTwiml(VoiceResponse).toString()).toBe(`${XML}<Response><Say>Acknowledged. Thank you.</Say><Hangup/></Response>`);
  });
});
