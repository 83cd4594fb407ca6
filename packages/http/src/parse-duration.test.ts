import { InvalidInputError } from '@pull-secret/dockerconfigjson';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './parse-duration.js';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['2h', 7_200_000],
    ['1h2m3s', 3_723_000],
    ['1.5s', 1500],
    ['.5s', 500],
    ['45', 45_000],
    ['2.5', 2500],
    ['0', 0],
    ['0s', 0],
    ['1500us', 2],
    ['1ns', 1],
    [' 10s ', 10_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'soon', '-1s', '10 s', '1d', '1m30', 's', '1e3s', '+5s', '30sec'])(
    'refuses %j naming the option neutrally',
    (text) => {
      let caught: unknown;
      try {
        parseDuration(text);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidInputError);
      const error = caught as InvalidInputError;
      expect(error.code).toBe('INVALID_DURATION');
      expect(error.message).toContain('The request-timeout option must be a duration');
      expect(error.message).not.toContain('--');
      expect(error.render((option) => `--${option}`).message).toContain('--request-timeout must be');
      expect(error.fields).toEqual({ option: 'request-timeout' });
    },
  );

  it('names another option when told', () => {
    expect(() => parseDuration('x', 'timeout')).toThrow('The timeout option must be a duration');
  });

  it('refuses a duration longer than a timer can wait, which would fire at once', () => {
    expect(parseDuration('596h')).toBe(596 * 3_600_000);
    expect(() => parseDuration('600h')).toThrow('is too long a duration');
    expect(() => parseDuration('9999999999')).toThrow('is too long a duration');
  });

  it('escapes control characters in the value it quotes', () => {
    expect(() => parseDuration('\u001b[2J')).toThrow('"\\u001b[2J"');
  });
});

describe('formatDuration', () => {
  it.each([
    [30_000, '30s'],
    [90_000, '1m30s'],
    [500, '500ms'],
    [1500, '1.5s'],
    [7_200_000, '2h'],
    [3_723_000, '1h2m3s'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});
