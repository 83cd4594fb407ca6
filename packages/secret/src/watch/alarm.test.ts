import { describe, expect, it } from 'vitest';
import { alarm } from './alarm.js';
import { fakeClock } from './fake-clock.js';

describe('alarm', () => {
  it('fires at its time, not before, and not once cancelled', () => {
    const clock = fakeClock(0);
    const fired: number[] = [];
    alarm(clock, 1000, () => fired.push(clock.now()));
    const cancel = alarm(clock, 2000, () => fired.push(-1));
    clock.advance(999);
    expect(fired).toEqual([]);
    cancel();
    clock.advance(5000);
    expect(fired).toEqual([1000]);
  });

  it('waits past the longest setTimeout (about 25 days) in steps', () => {
    const clock = fakeClock(0);
    const fired: number[] = [];
    const day = 86_400_000;
    alarm(clock, 40 * day, () => fired.push(clock.now()));
    clock.advance(30 * day);
    expect(fired).toEqual([]);
    clock.advance(10 * day);
    expect(fired).toEqual([40 * day]);
  });

  it('fires soon for a time already past', () => {
    const clock = fakeClock(5000);
    let fired = false;
    alarm(clock, Number.NEGATIVE_INFINITY, () => {
      fired = true;
    });
    clock.advance(0);
    expect(fired).toBe(true);
  });
});
