import { describe, expect, it } from 'vitest';
import { backoff } from './backoff.js';

describe('backoff', () => {
  it('doubles up to the bound, each delay between half and all of its step, and starts over on reset', () => {
    const low = backoff({ baseMs: 100, maxMs: 1000, random: () => 0 });
    expect([1, 2, 3, 4, 5, 6].map(() => low.next())).toEqual([50, 100, 200, 400, 500, 500]);
    const high = backoff({ baseMs: 100, maxMs: 1000, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5].map(() => high.next())).toEqual([100, 200, 400, 800, 1000]);
    high.reset();
    expect(high.next()).toBe(100);
  });

  it('spreads replicas that fail together', () => {
    const delays = new Set(Array.from({ length: 20 }, () => backoff({ baseMs: 1000 }).next()));
    expect(delays.size).toBeGreaterThan(10);
  });
});
