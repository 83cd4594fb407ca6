import { describe, expect, it } from 'vitest';
import { compareGoStrings, goJsonString } from './go-json.js';

describe('goJsonString', () => {
  it.each([
    ['plain ASCII', 'hello world', '"hello world"'],
    ['empty', '', '""'],
    ['quote and backslash', 'a"b\\c', '"a\\"b\\\\c"'],
    ['slash is not escaped', 'a/b', '"a/b"'],
    [
      'HTML characters as \\u00XX',
      '<a href="x">&</a>',
      '"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"',
    ],
    ['Go 1.22+ short escapes', '\b\f\n\r\t', '"\\b\\f\\n\\r\\t"'],
    ['NUL', '\u0000', '"\\u0000"'],
    [
      'other C0 controls in lower-case hex',
      '\u0001\u000b\u000e\u001a\u001f',
      '"\\u0001\\u000b\\u000e\\u001a\\u001f"',
    ],
    ['DEL kept raw', '\u007f', '"\u007f"'],
    ['space kept raw', ' ', '" "'],
    ['U+2028 and U+2029', 'a\u2028b\u2029c', '"a\\u2028b\\u2029c"'],
    ['non-ASCII kept raw', 'é中ß', '"é中ß"'],
    ['C1 controls and NBSP kept raw', '\u0085\u00a0', '"\u0085\u00a0"'],
    ['BOM kept raw', '\ufeff', '"\ufeff"'],
    ['astral (surrogate pair) kept raw', '😀x', '"😀x"'],
    ['lone high surrogate', 'a\ud800b', '"a\\ufffdb"'],
    ['lone low surrogate', 'a\udc00b', '"a\\ufffdb"'],
    ['high surrogate at the end', 'a\ud83d', '"a\\ufffd"'],
    ['reversed pair is two lone surrogates', '\ude00\ud83d', '"\\ufffd\\ufffd"'],
    ['U+FFFD itself kept raw', '\ufffd', '"\ufffd"'],
  ])('%s', (_name, input, expected) => {
    expect(goJsonString(input)).toBe(expected);
  });

  it('escapes every C0 control character exactly as Go does', () => {
    const short: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
    for (let code = 0; code < 0x20; code++) {
      const expected = short[code] ?? `\\u00${code.toString(16).padStart(2, '0')}`;
      expect(goJsonString(String.fromCharCode(code))).toBe(`"${expected}"`);
    }
  });

  it('never uses upper-case hex', () => {
    expect(goJsonString('\u001b\u001c\u001d\u001e\u001f')).not.toMatch(/\\u[0-9a-f]*[A-F]/);
  });

  it('is valid JSON that parses back to the input (for well-formed strings)', () => {
    const input = 'p:a&ss<>\n\t"\\\u2028\u2029é😀\u0000\u007f';
    expect(JSON.parse(goJsonString(input))).toBe(input);
  });

  it('keeps surrounding text when escaping in the middle', () => {
    expect(goJsonString('ab<cd>ef')).toBe('"ab\\u003ccd\\u003eef"');
  });
});

describe('compareGoStrings', () => {
  it('orders by UTF-8 bytes, which puts U+FFxx before astral characters (unlike UTF-16 order)', () => {
    const bmpHigh = '\uff5e'; // FULLWIDTH TILDE, UTF-16 0xFF5E
    const astral = '😀'; // U+1F600, UTF-16 0xD83D 0xDE00
    expect(bmpHigh > astral).toBe(true); // JavaScript's comparison says the opposite of Go's
    expect(compareGoStrings(bmpHigh, astral)).toBeLessThan(0);
    expect(compareGoStrings(astral, bmpHigh)).toBeGreaterThan(0);
  });

  it('orders upper-case before lower-case and a prefix first', () => {
    expect(compareGoStrings('B', 'a')).toBeLessThan(0);
    expect(compareGoStrings('ab', 'abc')).toBeLessThan(0);
    expect(compareGoStrings('abc', 'abc')).toBe(0);
  });

  it('sorts registry keys as Go sorts map keys', () => {
    const keys = [
      'quay.io',
      'https://index.docker.io/v1/',
      'ghcr.io',
      'Ghcr.io',
      '127.0.0.1:5000',
      'é.example',
      'z.io',
    ];
    expect([...keys].sort(compareGoStrings)).toEqual([
      '127.0.0.1:5000',
      'Ghcr.io',
      'ghcr.io',
      'https://index.docker.io/v1/',
      'quay.io',
      'z.io',
      'é.example',
    ]);
  });
});
