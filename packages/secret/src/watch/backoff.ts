export interface BackoffInit {
  /** The first delay. Default 500 ms. */
  baseMs?: number;
  /** No delay is longer. Default 30 s. */
  maxMs?: number;
  /** 0 ≤ x < 1; tests inject one. */
  random?: () => number;
}

/**
 * Delays between attempts that double from `baseMs` up to `maxMs`, each drawn at random between half
 * and all of that ("equal jitter"), so replicas that lost the API server at the same moment do not come
 * back at the same moment. `reset()` after a success starts again from `baseMs`.
 */
export function backoff(init: BackoffInit = {}): { next(): number; reset(): void } {
  const base = init.baseMs ?? 500;
  const max = init.maxMs ?? 30_000;
  const random = init.random ?? Math.random;
  let attempt = 0;
  return {
    next() {
      const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 30));
      attempt++;
      return Math.round(ceiling / 2 + random() * (ceiling / 2));
    },
    reset() {
      attempt = 0;
    },
  };
}
