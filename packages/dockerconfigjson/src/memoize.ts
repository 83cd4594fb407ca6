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
  let inFlight: Promise<Cached> | undefined;

  const fetchOnce = (): Promise<Cached> => {
    inFlight ??= (async () => {
      const fetchedAtMs = now();
      const credentials = await provider();
      const expiry = earliestExpiry(credentials)?.getTime() ?? Number.POSITIVE_INFINITY;
      const refreshAtMs =
        refreshAt === 'half-life'
          ? fetchedAtMs + (expiry - fetchedAtMs) / 2
          : expiry - refreshAt.beforeExpiryMs;
      cached = { credentials, refreshAtMs, expiresAtMs: expiry };
      return cached;
    })().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  const copy = (entry: Cached) => entry.credentials.map(copyCredential);

  return async (opts) => {
    opts?.signal?.throwIfAborted();
    const current = cached;
    const at = now();
    if (current && at < current.refreshAtMs) return copy(current);
    const refreshed = fetchOnce().then(copy, (error: unknown) => {
      if (current && now() < current.expiresAtMs) return copy(current);
      throw error;
    });
    return opts?.signal ? abortable(refreshed, opts.signal) : refreshed;
  };
}

/** Lets one caller stop waiting without cancelling the fetch other callers share. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
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
}
