import { buildForwardBody, cutToLength, MAX_BODY_LENGTH, MEDIA_ONLY_TEXT, senderLabel, shownText, TRUNCATION_MARKER } from '../../../src/core/sms/forward-body';

const DISPATCH = { number: '+16195550100', name: 'Dispatch' };
const ANONYMOUS = { number: '+18585550123' };
/** "From +18585550123: " */
const PREFIX = 'From +18585550123: ';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('constants', () => {
  it('match Twilio limits and the documented marker', () => {
    expect(MAX_BODY_LENGTH).toBe(1600);
    expect(TRUNCATION_MARKER).toBe(' …[truncated]');
    expect(TRUNCATION_MARKER).toHaveLength(13);
    expect(MEDIA_ONLY_TEXT).toBe('(media only)');
    expect(PREFIX).toHaveLength(19);
  });
});

describe('senderLabel', () => {
  it('shows the name with the number, or the number alone', () => {
    expect(senderLabel(DISPATCH)).toBe('Dispatch (+16195550100)');
    expect(senderLabel(ANONYMOUS)).toBe('+18585550123');
  });
});

describe('buildForwardBody', () => {
  it('prefixes the text with the named sender', () => {
    expect(buildForwardBody(DISPATCH, 'Gate code changed')).toBe('From Dispatch (+16195550100): Gate code changed');
  });

  it('prefixes the text with the bare number when the sender has no name', () => {
    expect(buildForwardBody(ANONYMOUS, 'Call me')).toBe('From +18585550123: Call me');
  });

  it('keeps XML special characters and whitespace verbatim', () => {
    const text = '<Message to="+16195550150">&amp; \'quoted\' & <![CDATA[x]]>\n  second line  ';
    expect(buildForwardBody(ANONYMOUS, text)).toBe(PREFIX + text);
  });

  it('says "(media only)" when the body is empty or blank', () => {
    expect(buildForwardBody(DISPATCH, '', 1)).toBe('From Dispatch (+16195550100): (media only)');
    expect(buildForwardBody(ANONYMOUS, ' \n\t ', 3)).toBe('From +18585550123: (media only)');
    expect(buildForwardBody(ANONYMOUS, '', 0)).toBe('From +18585550123: (empty message)');
  });

  it('keeps a body of exactly 1600 characters', () => {
    const text = 'a'.repeat(1600 - 19);
    const body = buildForwardBody(ANONYMOUS, text);
    expect(body).toBe(PREFIX + text);
    expect(body).toHaveLength(1600);
  });

  it('truncates a body of 1601 characters to 1600, with the marker', () => {
    const body = buildForwardBody(ANONYMOUS, 'a'.repeat(1601 - 19));
    expect(body).toBe(PREFIX + 'a'.repeat(1568) + TRUNCATION_MARKER);
    expect(body).toHaveLength(1600);
  });

  it('truncates a very long body to at most 1600 characters', () => {
    const body = buildForwardBody(DISPATCH, 'x'.repeat(10000));
    expect(body).toBe('From Dispatch (+16195550100): ' + 'x'.repeat(1600 - 13 - 30) + TRUNCATION_MARKER);
  });

  it('never splits a surrogate pair', () => {
    // 19 + 1 + 2k: the cut at 1587 would fall inside the 784th emoji.
    const body = buildForwardBody(ANONYMOUS, 'a' + '😀'.repeat(900));
    expect(body).toBe(PREFIX + 'a' + '😀'.repeat(783) + TRUNCATION_MARKER);
    expect(body).toHaveLength(1599);
    expect(body).not.toMatch(LONE_SURROGATE);
  });

  it('never splits a ZWJ family emoji', () => {
    const family = '👨‍👩‍👧‍👦';
    expect(family).toHaveLength(11);
    const body = buildForwardBody(ANONYMOUS, family.repeat(200));
    expect(body).toBe(PREFIX + family.repeat(142) + TRUNCATION_MARKER);
    expect(body).toHaveLength(1594);
    expect(body).not.toMatch(LONE_SURROGATE);
  });

  it('never splits a flag into its regional indicators', () => {
    const flag = '🇺🇸';
    expect(flag).toHaveLength(4);
    const body = buildForwardBody(ANONYMOUS, 'ab' + flag.repeat(500));
    expect(body).toBe(PREFIX + 'ab' + flag.repeat(391) + TRUNCATION_MARKER);
    expect(body).toHaveLength(1598);
  });

  it('never separates an emoji from its skin tone', () => {
    const thumbs = '👍🏽';
    expect(thumbs).toHaveLength(4);
    const body = buildForwardBody(ANONYMOUS, 'abc' + thumbs.repeat(500));
    // 19 + 3 + 4k <= 1587 gives k = 391.
    expect(body).toBe(PREFIX + 'abc' + thumbs.repeat(391) + TRUNCATION_MARKER);
  });

  it('never cuts mixed text into lone surrogates at any length', () => {
    const text = 'ok 😀 👨‍👩‍👧‍👦 🇺🇸 é 👍🏽 ';
    for (let extra = 0; extra < 40; extra += 1) {
      const body = buildForwardBody(ANONYMOUS, 'z'.repeat(1560 + extra) + text.repeat(3));
      expect(body.length).toBeLessThanOrEqual(1600);
      expect(body).not.toMatch(LONE_SURROGATE);
    }
  });
});

describe('buildForwardBody with a note', () => {
  const NOTE = '[relay fallback: main path failed] ';

  it('puts the note first, before "From …"', () => {
    expect(buildForwardBody(DISPATCH, 'Gate code changed', 0, NOTE)).toBe(
      '[relay fallback: main path failed] From Dispatch (+16195550100): Gate code changed',
    );
    expect(buildForwardBody(ANONYMOUS, '', 2, NOTE)).toBe(`${NOTE}From +18585550123: (media only)`);
  });

  it('adds nothing without a note', () => {
    expect(buildForwardBody(DISPATCH, 'x', 0, '')).toBe(buildForwardBody(DISPATCH, 'x'));
  });

  it('keeps the whole within 1600 characters, the note included', () => {
    const exact = 'a'.repeat(MAX_BODY_LENGTH - NOTE.length - PREFIX.length);
    expect(buildForwardBody(ANONYMOUS, exact, 0, NOTE)).toBe(NOTE + PREFIX + exact);
    expect(buildForwardBody(ANONYMOUS, exact, 0, NOTE)).toHaveLength(1600);

    const body = buildForwardBody(DISPATCH, 'x'.repeat(10000), 0, NOTE);
    expect(body).toHaveLength(1600);
    expect(body.startsWith(`${NOTE}From Dispatch (+16195550100): xxx`)).toBe(true);
    expect(body.endsWith(`x${TRUNCATION_MARKER}`)).toBe(true);
    expect(body).toBe(`${NOTE}From Dispatch (+16195550100): ` + 'x'.repeat(1600 - 13 - 30 - NOTE.length) + TRUNCATION_MARKER);
  });

  it('never splits an emoji at the cut, with the note', () => {
    const body = buildForwardBody(ANONYMOUS, '😀'.repeat(900), 0, NOTE);
    expect(body.length).toBeLessThanOrEqual(1600);
    expect(body.startsWith(NOTE + PREFIX)).toBe(true);
    expect(body).not.toMatch(LONE_SURROGATE);
  });
});

describe('buildForwardBody with a dispatch code', () => {
  it('puts the code right after the sender', () => {
    expect(buildForwardBody(DISPATCH, 'Gate code changed', 0, '', 7)).toBe('From Dispatch (+16195550100) #7: Gate code changed');
    expect(buildForwardBody(ANONYMOUS, '', 1, '', 999)).toBe('From +18585550123 #999: (media only)');
  });

  it('keeps the whole within 1600 characters, the code included', () => {
    const body = buildForwardBody(ANONYMOUS, 'x'.repeat(5000), 0, '', 42);
    expect(body).toHaveLength(1600);
    expect(body).toBe('From +18585550123 #42: ' + 'x'.repeat(1600 - 13 - 23) + TRUNCATION_MARKER);
  });
});

describe('shownText', () => {
  it('is the text, or what stands for a message without one', () => {
    expect(shownText(' hi ', 0)).toBe(' hi ');
    expect(shownText(' ', 2)).toBe(MEDIA_ONLY_TEXT);
    expect(shownText('', 0)).toBe('(empty message)');
  });
});

describe('cutToLength', () => {
  it('returns short text unchanged', () => {
    expect(cutToLength('abc', 3)).toBe('abc');
    expect(cutToLength('', 0)).toBe('');
  });

  it('cuts on a grapheme boundary at or below the limit', () => {
    expect(cutToLength('abcdef', 4)).toBe('abcd');
    expect(cutToLength('a😀b', 2)).toBe('a');
    expect(cutToLength('a😀b', 3)).toBe('a😀');
    // "e" + combining acute accent is one grapheme of two code units.
    expect(cutToLength('xe\u0301y', 2)).toBe('x');
  });
});
