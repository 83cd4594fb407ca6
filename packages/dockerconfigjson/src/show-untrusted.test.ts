import { describe, expect, it } from 'vitest';
import { showUntrusted, showUntrustedClipped } from './show-untrusted.js';

describe('showUntrusted', () => {
  it.each([
    [
      'a newline that would start a workflow command',
      'ghcr.io\n::warning title=injected::x',
      'ghcr.io\\n::warning title=injected::x',
    ],
    ['a carriage return that would overwrite the line', 'ok\rFAKED', 'ok\\rFAKED'],
    ['a tab', 'a\tb', 'a\\tb'],
    ['an escape sequence that clears the screen', '\u001b[2Jx', '\\u001b[2Jx'],
    ['NUL and DEL', '\u0000\u007f', '\\u0000\\u007f'],
    ['a C1 control (CSI, NEL)', '\u009b2J\u0085', '\\u009b2J\\u0085'],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
    [
      'bidi overrides, isolates and marks',
      '\u202eevil\u202c\u2066x\u2069\u200f\u061c',
      '\\u202eevil\\u202c\\u2066x\\u2069\\u200f\\u061c',
    ],
    ['a byte order mark', '\ufeffx', '\\ufeffx'],
  ])('escapes %s', (_, text, shown) => {
    expect(showUntrusted(text)).toBe(shown);
  });

  it('keeps ordinary text, other scripts and emoji as they are', () => {
    const text = 'ghcr.io/acme team é 日本 😀 "quoted" \\ back';
    expect(showUntrusted(text)).toBe(text);
  });

  it('always gives one line with no control character', () => {
    let all = '';
    for (let code = 0; code < 0x3000; code++) all += String.fromCharCode(code);
    const shown = showUntrusted(all);
    expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
  });
});

describe('showUntrustedClipped', () => {
  it('cuts the text before escaping it, and marks the cut', () => {
    expect(showUntrustedClipped('abcdef\u001b', 3)).toBe('abc…');
    expect(showUntrustedClipped('ab\u001b', 3)).toBe('ab\\u001b');
    // One argument: as a map callback, the index must not cut the text.
    expect(['abc', 'def'].map(showUntrusted)).toEqual(['abc', 'def']);
  });
});
