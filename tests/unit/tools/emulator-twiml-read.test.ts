import { twiml } from 'twilio';
import { readTwiml } from '../../../dev/emulator/twiml-read';

describe('the emulator\'s TwiML reader', () => {
  it('reads what VoiceResponse writes: nested verbs, attributes and escaped text', () => {
    const response = new twiml.VoiceResponse();
    response.gather({ numDigits: 1, action: 'https://x.test/a?b=1&c=2' }).say('Fire & smoke <3rd floor> "now"');
    response.dial({ callerId: '+16195550000' }).number('+16195550100');
    response.hangup();
    expect(readTwiml(response.toString())).toEqual({
      name: 'Response',
      attributes: {},
      text: '',
      children: [
        {
          name: 'Gather',
          attributes: { numDigits: '1', action: 'https://x.test/a?b=1&c=2' },
          text: '',
          children: [{ name: 'Say', attributes: {}, children: [], text: 'Fire & smoke <3rd floor> "now"' }],
        },
        { name: 'Dial', attributes: { callerId: '+16195550000' }, text: '', children: [{ name: 'Number', attributes: {}, children: [], text: '+16195550100' }] },
        { name: 'Hangup', attributes: {}, children: [], text: '' },
      ],
    });
  });

  it('decodes numeric character references', () => {
    expect(readTwiml('<Response><Say>caf&#233; &#x2014;</Say></Response>').children[0].text).toBe('café —');
  });

  it('refuses what is not one well-formed <Response>, as Twilio fails the call (12100)', () => {
    expect(() => readTwiml('<Response><Say>hi</Response>')).toThrow('</Response> closes <Say>');
    expect(() => readTwiml('<Response><Say>hi</Say>')).toThrow('<Response> is never closed');
    expect(() => readTwiml('<Say>hi</Say>')).toThrow('not one <Response>');
    expect(() => readTwiml('<Response><!-- note --></Response>')).toThrow('not well-formed');
    expect(() => readTwiml('<Response><Say>&nbsp;</Say></Response>')).toThrow('unknown entity &nbsp;');
    expect(() => readTwiml('')).toThrow('not one <Response>');
  });
});
