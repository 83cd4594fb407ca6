import { describe, expect, it } from 'vitest';
import { refreshPoint } from './refresh-before.js';
import { UsageError } from './usage-error.js';

describe('refreshPoint', () => {
  it('reads a share of the lifetime or a duration, 50% by default', () => {
    expect(refreshPoint(undefined)).toEqual({ fraction: 0.5 });
    expect(refreshPoint('30%')).toEqual({ fraction: 0.3 });
    expect(refreshPoint('12.5%')).toEqual({ fraction: 0.125 });
    expect(refreshPoint('30m')).toEqual({ withinMs: 1_800_000 });
    expect(refreshPoint('1h30m')).toEqual({ withinMs: 5_400_000 });
    expect(refreshPoint('90')).toEqual({ withinMs: 90_000 });
  });
  it.each(['150%', '100%', '0%', '-5%', 'x', '%', '', '30 minutes'])('refuses "%s"', (text) => {
    expect(() => refreshPoint(text)).toThrow(UsageError);
    try {
      refreshPoint(text);
    } catch (error) {
      expect((error as UsageError).message).toMatch(/^--before /);
    }
  });
});
