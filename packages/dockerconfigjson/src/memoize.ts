import type { CredentialProvider, RegistryCredential } from './credential.js';
import { copyCredential, earliestExpiry } from './credential.js';

export interface MemoizeInit {
  /**
   * When to fetch again before the earliest credential expires. `'half-life'` (the default) refreshes
   * halfway between fetching and expiry, as the ECR credential helper does; `{ beforeExpiryMs }`
   * refreshes that long before expiry. Credentials without `expiresAt` are kept for good.
   */
  refreshAt?: 'half-life' | { beforeExpiryMs: number };
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

interface Cached {
  credentials: RegistryCredential[];
  refreshAtMs: number;
  expiresAtMs: number;
}

/**
 * Caches a provider's credentials until they are due for refresh. Concurrent calls share one fetch.
 * When a refresh fails while the cached credentials are still valid, the cached ones are returned.
 */
export function memoize(provider: CredentialProvider, init: MemoizeInit = {}): CredentialProvider {
  // Read Date.now at each call, not once here, so fake timers installed later still apply.
  const now = init.now ?? (() => Date.now());
  const refreshAt = init.refreshAt ?? 'half-life';
  let cached: Cached | undefined;
  let flight: Flight | undefined;

  const start = (): Flight => {
    const controller = new AbortController();
    const promise = (async () => {
      const fetchedAtMs = now();
      const credentials = await provider({ signal: controller.signal });
      const expiry = earliestExpiry(credentials)?.getTime() ?? Number.POSITIVE_INFINITY;
      const refreshAtMs =
        refreshAt === 'half-life'
          ? fetchedAtMs + (expiry - fetchedAtMs) / 2
          : expiry - refreshAt.beforeExpiryMs;
      cached = { credentials, refreshAtMs, expiresAtMs: expiry };
      return cached;
    })().finally(() => {
      if (flight?.promise === promise) flight = undefined;
    });
    return { promise, controller, waiting: 0 };
  };

  const copy = (entry: Cached) => entry.credentials.map(copyCredential);

  return async (opts) => {
    opts?.signal?.throwIfAborted();
    const current = cached;
    const at = now();
    if (current && at < current.refreshAtMs) return copy(current);
    flight ??= start();
    const joined = join(flight, opts?.signal, () => {
      if (flight === joined.flight) flight = undefined;
    });
    return joined.promise.then(copy, (error: unknown) => {
      if (opts?.signal?.aborted && error === opts.signal.reason) throw error;
      if (current && now() < current.expiresAtMs) return copy(current);
      throw error;
    });
  };
}

/** One fetch shared by every caller waiting for it; aborted only when all of them have given up. */
interface Flight {
  promise: Promise<Cached>;
  controller: AbortController;
  /** Callers still waiting; a caller without a signal never stops waiting. */
  waiting: number;
}

/**
 * Waits for `flight` on behalf of one caller. The caller's abort rejects its own wait at once; the
 * shared fetch is aborted (and `forget` called) only when it was the last caller waiting.
 */
function join(
  flight: Flight,
  signal: AbortSignal | undefined,
  forget: () => void,
): { flight: Flight; promise: Promise<Cached> } {
  flight.waiting += 1;
  if (!signal) return { flight, promise: flight.promise };
  const promise = new Promise<Cached>((resolve, reject) => {
    const onAbort = () => {
      flight.waiting -= 1;
      if (flight.waiting === 0) {
        flight.controller.abort(signal.reason);
        forget();
      }
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    flight.promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
  return { flight, promise };
}
