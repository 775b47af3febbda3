import type { Sender } from '../whitelist';
import { spokenCaller } from './screen';
import type { VoiceResponseClass, VoiceTwiml } from './twiml';

/** The key that acknowledges a page, as the screening prompt's accept key. */
export const ACKNOWLEDGE_DIGIT = '1';

/**
 * How much of the dispatch the call reads out. Text-to-speech runs at about 150 words a minute:
 * 300 characters (some 50 words) take about 20 s, and the prompt is said twice. Longer, a person
 * woken by the call loses the thread before "press 1"; the whole text is in their SMS anyway.
 */
export const SPOKEN_TEXT_MAX_CHARS = 300;
export const REST_IN_TEXTS = 'The rest is in your text messages.';

export interface PageContent {
  sender: Sender;
  /** The dispatch's code, when it has one (two-way gives every dispatch one while codes last). */
  code?: number;
  text: string;
}

/** The dispatch's text for the ear: whitespace collapsed, cut at a word boundary with a pointer to the SMS. */
export function spokenDispatchText(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= SPOKEN_TEXT_MAX_CHARS) return flat;
  const cut = flat.slice(0, SPOKEN_TEXT_MAX_CHARS + 1);
  const boundary = cut.lastIndexOf(' ');
  // One unbroken 300-character "word" (a link) is cut where it is: the limit holds either way.
  const head = (boundary > 0 ? cut.slice(0, boundary) : cut.slice(0, SPOKEN_TEXT_MAX_CHARS)).replace(/[\s,;:.-]+$/, '');
  return `${head}... ${REST_IN_TEXTS}`;
}

/** What the paged phone hears: who sent it, its code, its text, then how to acknowledge. */
export function pagePrompt(content: PageContent): string {
  const code = content.code === undefined ? '' : `, number ${content.code}`;
  const text = spokenDispatchText(content.text);
  // A text without a full stop would run on into "Press 1" in one breath.
  const sentence = !text ? '' : /[.!?]$/.test(text) ? `${text} ` : `${text}. `;
  return `Dispatch from ${spokenCaller(content.sender)}${code}. ${sentence}Press ${ACKNOWLEDGE_DIGIT} to acknowledge.`;
}

/** Said twice: one Gather per saying. */
export const PAGE_PROMPT_TIMES = 2;

/**
 * The page (the Url of the Calls create). Each <Gather numDigits="1"> says the prompt and waits;
 * a key POSTs Digits to `action`; no key, Twilio goes on to the next verb
 * (https://www.twilio.com/docs/voice/twiml/gather): the second saying, then <Hangup/>. The hang-up
 * without a key is what the status callback then reports as "completed" with no acknowledgement.
 */
export function pageTwiml<R extends VoiceTwiml>(VoiceResponse: VoiceResponseClass<R>, page: { prompt: string; action: string }): R {
  const response = new VoiceResponse();
  for (let i = 0; i < PAGE_PROMPT_TIMES; i++) response.gather({ numDigits: 1, action: page.action }).say(page.prompt);
  response.hangup();
  return response;
}

/** Another key than 1: the prompt once more, then the hang-up. */
export function pageRepromptTwiml<R extends VoiceTwiml>(VoiceResponse: VoiceResponseClass<R>, page: { prompt: string; action: string }): R {
  const response = new VoiceResponse();
  response.gather({ numDigits: 1, action: page.action }).say(page.prompt);
  response.hangup();
  return response;
}

export const ACKNOWLEDGED_MESSAGE = 'Acknowledged. Thank you.';

/** Pressed 1: the person hears that it counted before the call ends. */
export function pageAcknowledgedTwiml<R extends VoiceTwiml>(VoiceResponse: VoiceResponseClass<R>): R {
  const response = new VoiceResponse();
  response.say(ACKNOWLEDGED_MESSAGE);
  response.hangup();
  return response;
}

/** A page webhook's answer (dispatch/page-answer.ts) as TwiML. */
export function pageAnswerTwiml<R extends VoiceTwiml>(
  VoiceResponse: VoiceResponseClass<R>,
  answer: { kind: 'prompt' | 'reprompt'; prompt: string; action: string } | { kind: 'acknowledged' | 'hangup' },
): R {
  if (answer.kind === 'prompt') return pageTwiml(VoiceResponse, answer);
  if (answer.kind === 'reprompt') return pageRepromptTwiml(VoiceResponse, answer);
  if (answer.kind === 'acknowledged') return pageAcknowledgedTwiml(VoiceResponse);
  const response = new VoiceResponse();
  response.hangup();
  return response;
}
