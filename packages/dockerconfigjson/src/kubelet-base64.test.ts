import { describe, expect, it } from 'vitest';
import { decodeKubeletBase64 } from './kubelet-base64.js';

const decoded = (text: string) => decodeKubeletBase64(text)?.toString('latin1');

describe('decodeKubeletBase64', () => {
  it.each([
    ['YQ==', 'a'],
    ['YWI=', 'ab'],
    ['YWJj', 'abc'],
    ['YWJjZA==', 'abcd'],
    ['dXNlcjpwYXNz', 'user:pass'],
  ])('decodes padded (StdEncoding) %j', (text, expected) => {
    expect(decoded(text)).toBe(expected);
  });

  it.each([
    ['YQ', 'a'],
    ['YWI', 'ab'],
    ['YWJjZA', 'abcd'],
    ['', ''],
  ])('decodes unpadded (RawStdEncoding) %j', (text, expected) => {
    expect(decoded(text)).toBe(expected);
  });

  it('decodes the standard alphabet, + and /', () => {
    expect(decodeKubeletBase64('+/+/')).toEqual(Buffer.from([0xfb, 0xff, 0xbf]));
  });

  it('ignores line breaks anywhere, as Go does', () => {
    expect(decoded('YW\nJj')).toBe('abc');
    expect(decoded('YWJj\r\nZA==')).toBe('abcd');
    expect(decoded('YQ==\n')).toBe('a');
    expect(decoded('\nYQ')).toBe('a');
    expect(decoded('YQ=\n=')).toBe('a');
  });

  it('accepts non-zero trailing bits, as Go (non-strict) does', () => {
    expect(decoded('YR==')).toBe('a');
    expect(decoded('YR')).toBe('a');
  });

  it.each([
    ['trailing space, padded', 'YQ== '],
    ['trailing space, unpadded', 'YWJj '],
    ['leading space', ' YQ=='],
    ['space inside', 'YW Jj'],
    ['tab', 'YQ==\t'],
    ['padding without the full quantum', 'YQ='],
    ['three padding characters', 'Y==='],
    ['padding alone', '='],
    ['double padding alone', '=='],
    ['data after padding', 'YQ==YQ=='],
    ['padding in the middle of unpadded text', 'Y=Q'],
    ['one character left over', 'Y'],
    ['five characters', 'YWJjZ'],
    ['URL-safe alphabet -', 'a-b_'],
    ['not base64 at all', 'CANARY-s3cr3t!'],
    ['non-ASCII', 'YWJj\u00e9'],
  ])('rejects %s (%j)', (_name, text) => {
    expect(decodeKubeletBase64(text)).toBeUndefined();
  });
});
