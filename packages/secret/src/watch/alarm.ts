/** Time and timers, injected so tests can move a fake clock. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    // A pending refresh alone must not keep a finished process alive.
    timer.unref?.();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

// setTimeout fires at once for more than 2^31-1 ms (about 24.8 days): longer waits are taken in steps.
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** Calls `callback` once the clock reads `atMs` or later; returns the cancel. */
export function alarm(clock: Clock, atMs: number, callback: () => void): () => void {
  let handle: unknown;
  let cancelled = false;
  const arm = () => {
    const wait = atMs - clock.now();
    if (wait <= 0) {
      handle = clock.setTimeout(() => {
        if (!cancelled) callback();
      }, 0);
      return;
    }
    handle = clock.setTimeout(arm, Math.min(wait, LONGEST_TIMER_MS));
  };
  arm();
  return () => {
    cancelled = true;
    clock.clearTimeout(handle);
  };
}
