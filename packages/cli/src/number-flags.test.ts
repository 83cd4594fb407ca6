import { describe, expect, it } from 'vitest';
import { durationMs } from './number-flags.js';
import { UsageError } from './usage-error.js';

describe('durationMs', () => {
  it.each([
    ['1m30s', 90_000],
    ['30s', 30_000],
    ['500ms', 500],
    ['2h', 7_200_000],
    ['45', 45_000],
    ['0', 0],
  ])('--request-timeout %s is %d ms', (value, ms) => {
    expect(durationMs(value, 'request-timeout', 30_000)).toBe(ms);
  });

  it('falls back when the flag is not given', () => {
    expect(durationMs(undefined, 'request-timeout', 30_000)).toBe(30_000);
  });

  it('refuses a bad duration as a usage error naming the flag', () => {
    let error: unknown;
    try {
      durationMs('soon', 'request-timeout', 30_000);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe(
      '--request-timeout must be a duration such as 30s, 1m30s or 500ms, not "soon".',
    );
    expect((error as UsageError).hint).toContain('0 for no limit');
  });
});
