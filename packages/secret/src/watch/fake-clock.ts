import type { Clock } from './alarm.js';

/** A clock for tests: time moves only by `advance`, which fires the timers it passes, in order. */
export function fakeClock(startMs: number): Clock & { advance(ms: number): void; pending(): number } {
  let now = startMs;
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let first: [number, { at: number; callback: () => void }] | undefined;
        for (const entry of timers)
          if (entry[1].at <= end && (!first || entry[1].at < first[1].at)) first = entry;
        if (!first) break;
        timers.delete(first[0]);
        now = Math.max(now, first[1].at);
        first[1].callback();
      }
      now = end;
    },
    pending: () => timers.size,
  };
}
